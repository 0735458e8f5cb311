package io.cairn.cql.parser;

import io.cairn.cql.ast.AlterRoleStatement;
import io.cairn.cql.ast.CreateRoleStatement;
import io.cairn.cql.ast.DropRoleStatement;
import io.cairn.cql.ast.ListRolesStatement;
import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.cairn.cql.parser.Parsing.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The role statements as Cassandra 5.0 writes them, and their older USER forms. */
class RoleStatementParsingTest {

    private static OptionValue string(String text) {
        return new OptionValue.Constant(Term.Literal.string(text));
    }

    private static OptionValue bool(boolean value) {
        return new OptionValue.Constant(Term.Literal.bool(value));
    }

    @Test
    void createRoleTakesItsOptionsAsWritten() {
        CreateRoleStatement create = parse("CREATE ROLE IF NOT EXISTS Alice WITH PASSWORD = 'secret' AND LOGIN = true "
                + "AND SUPERUSER = false", CreateRoleStatement.class);
        assertThat(create.role()).as("an unquoted name folds to lower case").isEqualTo("alice");
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.options()).containsExactly(Map.entry("password", string("secret")),
                Map.entry("login", bool(true)), Map.entry("superuser", bool(false)));
        assertThat(parse("CREATE ROLE \"Bob\"", CreateRoleStatement.class).role()).isEqualTo("Bob");
        assertThat(parse("CREATE ROLE 'Carol Smith'", CreateRoleStatement.class).role())
                .as("a string literal names a role as written").isEqualTo("Carol Smith");
        assertThat(parse("CREATE ROLE r", CreateRoleStatement.class).options()).isEmpty();
    }

    @Test
    void createUserIsARoleThatCanLogIn() {
        CreateRoleStatement user = parse("CREATE USER IF NOT EXISTS bob WITH PASSWORD 'pw' SUPERUSER",
                CreateRoleStatement.class);
        assertThat(user.role()).isEqualTo("bob");
        assertThat(user.options()).containsExactly(Map.entry("password", string("pw")),
                Map.entry("superuser", bool(true)), Map.entry("login", bool(true)));
        assertThat(parse("CREATE USER carol NOSUPERUSER", CreateRoleStatement.class).options())
                .containsEntry("superuser", bool(false)).containsEntry("login", bool(true));
        assertThatThrownBy(() -> parse("CREATE USER bob WITH PASSCODE 'pw'", CreateRoleStatement.class))
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR))
                .hasMessageContaining("PASSWORD");
        assertThatThrownBy(() -> parse("CREATE USER bob MEGAUSER", CreateRoleStatement.class))
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR));
    }

    @Test
    void alterAndDropRolesAndUsers() {
        AlterRoleStatement alter = parse("ALTER ROLE IF EXISTS alice WITH PASSWORD = 'new'", AlterRoleStatement.class);
        assertThat(alter.role()).isEqualTo("alice");
        assertThat(alter.ifExists()).isTrue();
        assertThat(alter.options()).containsExactly(Map.entry("password", string("new")));
        assertThat(parse("ALTER USER bob WITH PASSWORD 'x' NOSUPERUSER", AlterRoleStatement.class).options())
                .as("ALTER USER does not change LOGIN").containsOnlyKeys("password", "superuser");
        assertThat(parse("DROP ROLE IF EXISTS alice", DropRoleStatement.class))
                .isEqualTo(new DropRoleStatement("alice", true));
        assertThat(parse("DROP USER bob", DropRoleStatement.class)).isEqualTo(new DropRoleStatement("bob", false));
    }

    @Test
    void listRolesAndUsers() {
        assertThat(parse("LIST ROLES", ListRolesStatement.class)).isEqualTo(new ListRolesStatement(null, true, false));
        assertThat(parse("LIST ROLES OF alice NORECURSIVE", ListRolesStatement.class))
                .isEqualTo(new ListRolesStatement("alice", false, false));
        assertThat(parse("list users;", ListRolesStatement.class)).isEqualTo(new ListRolesStatement(null, true, true));
    }

    @Test
    void theOptionWordsRemainUsableAsNames() {
        parse("SELECT password, login, superuser, roles, users FROM t", io.cairn.cql.ast.SelectStatement.class);
        parse("CREATE TABLE password (login text PRIMARY KEY, superuser boolean)",
                io.cairn.cql.ast.CreateTableStatement.class);
    }
}
