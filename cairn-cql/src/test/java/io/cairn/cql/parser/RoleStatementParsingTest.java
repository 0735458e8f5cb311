package io.cairn.cql.parser;

import io.cairn.cql.ast.AlterRoleStatement;
import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.CreateRoleStatement;
import io.cairn.cql.ast.DropRoleStatement;
import io.cairn.cql.ast.GrantPermissionsStatement;
import io.cairn.cql.ast.GrantRoleStatement;
import io.cairn.cql.ast.ListPermissionsStatement;
import io.cairn.cql.ast.ListRolesStatement;
import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.ast.Permission;
import io.cairn.cql.ast.Term;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
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

    @Test
    void grantAndRevokePermissionsOnEachKindOfResource() {
        assertThat(parse("GRANT SELECT ON ALL KEYSPACES TO alice", GrantPermissionsStatement.class)).isEqualTo(
                new GrantPermissionsStatement(true, EnumSet.of(Permission.SELECT), AuthResource.ALL_KEYSPACES, "alice"));
        assertThat(parse("GRANT MODIFY PERMISSION, select ON KEYSPACE shop TO 'Bob Smith'",
                GrantPermissionsStatement.class)).isEqualTo(new GrantPermissionsStatement(true,
                EnumSet.of(Permission.MODIFY, Permission.SELECT), AuthResource.keyspace("shop"), "Bob Smith"));
        assertThat(parse("REVOKE ALTER ON TABLE shop.orders FROM alice", GrantPermissionsStatement.class))
                .isEqualTo(new GrantPermissionsStatement(false, EnumSet.of(Permission.ALTER),
                        AuthResource.table("shop", "orders"), "alice"));
        assertThat(parse("GRANT DROP ON orders TO alice", GrantPermissionsStatement.class).resource())
                .as("a table without its keyspace takes the session's when it runs")
                .isEqualTo(AuthResource.table(null, "orders"));
        assertThat(parse("GRANT AUTHORIZE ON ROLE bob TO alice", GrantPermissionsStatement.class).resource())
                .isEqualTo(AuthResource.role("bob"));
        assertThat(parse("GRANT CREATE ON ALL ROLES TO alice", GrantPermissionsStatement.class).resource())
                .isEqualTo(AuthResource.ALL_ROLES);
    }

    @Test
    void allIsEveryPermissionThatAppliesAndOthersAreLeftOut() {
        assertThat(parse("GRANT ALL PERMISSIONS ON TABLE ks.t TO alice", GrantPermissionsStatement.class)
                .permissions()).as("CREATE does not apply to a table").doesNotContain(Permission.CREATE)
                .contains(Permission.SELECT, Permission.MODIFY, Permission.ALTER, Permission.DROP, Permission.AUTHORIZE);
        assertThat(parse("GRANT ALL ON ALL ROLES TO alice", GrantPermissionsStatement.class).permissions())
                .containsExactlyInAnyOrder(Permission.CREATE, Permission.ALTER, Permission.DROP, Permission.AUTHORIZE,
                        Permission.DESCRIBE);
        assertThat(parse("GRANT CREATE, SELECT ON TABLE ks.t TO alice", GrantPermissionsStatement.class)
                .permissions()).containsExactly(Permission.SELECT);
        assertThatThrownBy(() -> parse("GRANT CREATE ON TABLE ks.t TO alice", GrantPermissionsStatement.class))
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR))
                .hasMessage("Resource type DataResource does not support any of the requested permissions");
        assertThatThrownBy(() -> parse("GRANT SHOUT ON ALL KEYSPACES TO alice", GrantPermissionsStatement.class))
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR));
        assertThatThrownBy(() -> parse("GRANT EXECUTE ON ALL FUNCTIONS TO alice", GrantPermissionsStatement.class))
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID))
                .hasMessageContaining("Function resources are not supported");
    }

    @Test
    void grantAndRevokeRoles() {
        assertThat(parse("GRANT reader TO alice", GrantRoleStatement.class))
                .isEqualTo(new GrantRoleStatement(true, "reader", "alice"));
        assertThat(parse("REVOKE 'Readers' FROM \"Alice\"", GrantRoleStatement.class))
                .isEqualTo(new GrantRoleStatement(false, "Readers", "Alice"));
        assertThat(parse("GRANT unmask TO alice", GrantRoleStatement.class))
                .as("a role may be named as a permission is: TO tells them apart")
                .isEqualTo(new GrantRoleStatement(true, "unmask", "alice"));
    }

    @Test
    void listPermissions() {
        assertThat(parse("LIST ALL PERMISSIONS", ListPermissionsStatement.class))
                .isEqualTo(new ListPermissionsStatement(EnumSet.allOf(Permission.class), null, null, true));
        assertThat(parse("LIST SELECT ON KEYSPACE shop OF alice NORECURSIVE", ListPermissionsStatement.class))
                .isEqualTo(new ListPermissionsStatement(EnumSet.of(Permission.SELECT), AuthResource.keyspace("shop"),
                        "alice", false));
        assertThat(parse("LIST ALL OF bob", ListPermissionsStatement.class).of()).isEqualTo("bob");
        assertThat(parse("LIST ROLES OF bob", ListRolesStatement.class).of()).isEqualTo("bob");
    }

    @Test
    void thePermissionAndResourceWordsRemainUsableAsNames() {
        parse("SELECT all, keyspaces, permissions, permission, unmask FROM roles",
                io.cairn.cql.ast.SelectStatement.class);
    }
}
