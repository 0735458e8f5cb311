package io.cairn.cql.parser;

import io.cairn.cql.ast.AlterRoleStatement;
import io.cairn.cql.ast.CreateRoleStatement;
import io.cairn.cql.ast.DropRoleStatement;
import io.cairn.cql.ast.ListRolesStatement;
import io.cairn.cql.ast.OptionValue;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.UnsupportedStatement;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the role statements, turning the older USER forms into their role equivalents. */
final class RoleBuilder {

    private final OptionsBuilder options;

    RoleBuilder(OptionsBuilder options) {
        this.options = options;
    }

    CreateRoleStatement create(CqlParser.CreateRoleStatementContext ctx) {
        boolean user = ctx.K_USER() != null;
        Map<String, OptionValue> written = user ? userOptions(ctx.userOptions(), true)
                : options.properties(ctx.properties());
        return new CreateRoleStatement(name(ctx.roleName()), ctx.ifNotExists() != null, written);
    }

    AlterRoleStatement alter(CqlParser.AlterRoleStatementContext ctx) {
        boolean user = ctx.K_USER() != null;
        Map<String, OptionValue> written = user ? userOptions(ctx.userOptions(), false)
                : options.properties(ctx.properties());
        return new AlterRoleStatement(name(ctx.roleName()), ctx.ifExists() != null, written);
    }

    DropRoleStatement drop(CqlParser.DropRoleStatementContext ctx) {
        return new DropRoleStatement(name(ctx.roleName()), ctx.ifExists() != null);
    }

    /** LIST ROLES or LIST USERS; any other LIST (of permissions) is not supported yet. */
    Statement list(CqlParser.ListRolesStatementContext ctx) {
        String listed = Identifiers.of(ctx.listed);
        boolean users = listed.equals("users");
        if (!users && !listed.equals("roles")) {
            return new UnsupportedStatement(listed.equals("superusers") ? "LIST SUPERUSERS" : "LIST PERMISSIONS");
        }
        if (users && (ctx.roleName() != null || ctx.K_NORECURSIVE() != null)) {
            throw SyntaxErrors.at(ctx.getStart(), "LIST USERS takes no OF or NORECURSIVE");
        }
        return new ListRolesStatement(ctx.roleName() == null ? null : name(ctx.roleName()),
                ctx.K_NORECURSIVE() == null, users);
    }

    /**
     * A role's name: an identifier (folded to lower case unless quoted) or a string literal
     * (taken as written), as Cassandra's.
     */
    private static String name(CqlParser.RoleNameContext ctx) {
        if (ctx.STRING_LITERAL() != null) {
            String name = TermBuilder.stringContent(ctx.STRING_LITERAL().getSymbol());
            if (name.isEmpty()) {
                throw SyntaxErrors.at(ctx.getStart(), "A role name must not be empty");
            }
            return name;
        }
        return Identifiers.of(ctx.identifier());
    }

    /** {@code [WITH PASSWORD 'secret'] [SUPERUSER | NOSUPERUSER]} as role options. */
    private static Map<String, OptionValue> userOptions(CqlParser.UserOptionsContext ctx, boolean create) {
        Map<String, OptionValue> written = new LinkedHashMap<>();
        if (ctx.passwordWord != null) {
            if (!Identifiers.of(ctx.passwordWord).equals("password")) {
                throw SyntaxErrors.at(ctx.passwordWord.getStart(), "expected PASSWORD, found "
                        + ctx.passwordWord.getText());
            }
            written.put("password", new OptionValue.Constant(
                    Term.Literal.string(TermBuilder.stringContent(ctx.password))));
        }
        if (ctx.superuserWord != null) {
            String word = Identifiers.of(ctx.superuserWord);
            if (!word.equals("superuser") && !word.equals("nosuperuser")) {
                throw SyntaxErrors.at(ctx.superuserWord.getStart(), "expected SUPERUSER or NOSUPERUSER, found "
                        + ctx.superuserWord.getText());
            }
            written.put("superuser", new OptionValue.Constant(Term.Literal.bool(word.equals("superuser"))));
        }
        if (create) {
            written.put("login", new OptionValue.Constant(Term.Literal.bool(true)));
        }
        return written;
    }
}
