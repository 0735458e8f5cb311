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
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.UnsupportedStatement;
import io.cairn.cql.error.CqlException;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * LIST ROLES or LIST USERS (a single word ROLES or USERS, with no ON), or LIST permissions;
     * LIST SUPERUSERS is not supported yet.
     */
    Statement list(CqlParser.ListStatementContext ctx) {
        String roleListing = roleListing(ctx);
        if (roleListing != null) {
            if (roleListing.equals("superusers")) {
                return new UnsupportedStatement("LIST SUPERUSERS");
            }
            boolean users = roleListing.equals("users");
            if (users && (ctx.roleName() != null || ctx.K_NORECURSIVE() != null)) {
                throw SyntaxErrors.at(ctx.getStart(), "LIST USERS takes no OF or NORECURSIVE");
            }
            return new ListRolesStatement(ctx.roleName() == null ? null : name(ctx.roleName()),
                    ctx.K_NORECURSIVE() == null, users);
        }
        Permissions listed = permissions(ctx.permissions());
        AuthResource resource = ctx.resource() == null ? null : resource(ctx.resource());
        return new ListPermissionsStatement(listed.all ? EnumSet.allOf(Permission.class) : listed.named, resource,
                ctx.roleName() == null ? null : name(ctx.roleName()), ctx.K_NORECURSIVE() == null);
    }

    /** "roles", "users" or "superusers" when the LIST lists roles, else null. */
    private static String roleListing(CqlParser.ListStatementContext ctx) {
        List<CqlParser.PermissionContext> words = ctx.permissions().permission();
        if (words.size() != 1 || ctx.resource() != null || words.get(0).word == null || words.get(0).suffix != null) {
            return null;
        }
        String word = Identifiers.of(words.get(0).word);
        return word.equals("roles") || word.equals("users") || word.equals("superusers") ? word : null;
    }

    /** GRANT or REVOKE permissions ON a resource. */
    GrantPermissionsStatement grantPermissions(CqlParser.PermissionsContext permissionsCtx,
                                               CqlParser.ResourceContext resourceCtx,
                                               CqlParser.RoleNameContext roleCtx, boolean grant) {
        Permissions written = permissions(permissionsCtx);
        AuthResource resource = resource(resourceCtx);
        // As Cassandra's: those that do not apply to the resource are left out (ALL is every one that
        // does), and none left is an error.
        Set<Permission> permissions = EnumSet.copyOf(resource.applicable());
        if (!written.all) {
            permissions.retainAll(written.named);
        }
        if (permissions.isEmpty()) {
            throw CqlException.syntax("Resource type " + resourceType(resource)
                    + " does not support any of the requested permissions");
        }
        return new GrantPermissionsStatement(grant, permissions, resource, name(roleCtx));
    }

    /** GRANT or REVOKE a role. */
    GrantRoleStatement grantRole(CqlParser.RoleNameContext role, CqlParser.RoleNameContext grantee, boolean grant) {
        return new GrantRoleStatement(grant, name(role), name(grantee));
    }

    /** Permissions as written: ALL [PERMISSIONS], or named ones each optionally followed by PERMISSION. */
    private record Permissions(boolean all, EnumSet<Permission> named) {
    }

    private static Permissions permissions(CqlParser.PermissionsContext ctx) {
        EnumSet<Permission> named = EnumSet.noneOf(Permission.class);
        List<CqlParser.PermissionContext> written = ctx.permission();
        for (CqlParser.PermissionContext permission : written) {
            String word = permission.word == null ? permission.getStart().getText() : Identifiers.of(permission.word);
            String suffix = permission.suffix == null ? null : Identifiers.of(permission.suffix);
            if (word.equalsIgnoreCase("all")) {
                if (written.size() > 1 || (suffix != null && !suffix.equals("permissions"))) {
                    throw SyntaxErrors.at(permission.getStart(), "expected ALL or ALL PERMISSIONS");
                }
                return new Permissions(true, named);
            }
            if (suffix != null && !suffix.equals("permission")) {
                throw SyntaxErrors.at(permission.suffix.getStart(), "expected PERMISSION, found "
                        + permission.suffix.getText());
            }
            Permission parsed = Permission.named(word);
            if (parsed == null) {
                throw SyntaxErrors.at(permission.getStart(), "Unknown permission " + word);
            }
            named.add(parsed);
        }
        return new Permissions(false, named);
    }

    private static AuthResource resource(CqlParser.ResourceContext ctx) {
        if (ctx instanceof CqlParser.AllResourceContext all) {
            if (!Identifiers.of(all.allWord).equals("all")) {
                throw SyntaxErrors.at(all.getStart(), "expected ALL KEYSPACES, ALL ROLES, KEYSPACE, ROLE or a table, "
                        + "found " + all.allWord.getText());
            }
            String kind = Identifiers.of(all.kindWord);
            if (all.K_IN() != null && !kind.equals("functions")) {
                throw SyntaxErrors.at(all.K_IN().getSymbol(), "IN KEYSPACE follows only ALL FUNCTIONS");
            }
            return switch (kind) {
                case "keyspaces" -> AuthResource.ALL_KEYSPACES;
                case "roles" -> AuthResource.ALL_ROLES;
                case "functions" -> throw unsupportedResource("Function");
                case "mbeans" -> throw unsupportedResource("MBean");
                default -> throw SyntaxErrors.at(all.kindWord.getStart(), "expected KEYSPACES or ROLES after ALL, "
                        + "found " + all.kindWord.getText());
            };
        }
        if (ctx instanceof CqlParser.KeyspaceResourceContext keyspace) {
            return AuthResource.keyspace(Identifiers.keyspace(keyspace.keyspaceName()));
        }
        if (ctx instanceof CqlParser.RoleResourceContext role) {
            return AuthResource.role(name(role.roleName()));
        }
        if (ctx instanceof CqlParser.FunctionResourceContext) {
            throw unsupportedResource("Function");
        }
        if (ctx instanceof CqlParser.MbeanResourceContext mbean) {
            String word = Identifiers.of(mbean.mbeanWord);
            if (word.equals("mbean") || word.equals("mbeans")) {
                throw unsupportedResource("MBean");
            }
            throw SyntaxErrors.at(mbean.getStart(), "expected a resource, found " + mbean.mbeanWord.getText());
        }
        QualifiedName table = Identifiers.table(((CqlParser.TableResourceContext) ctx).tableName());
        return AuthResource.table(table.keyspace(), table.name());
    }

    private static CqlException unsupportedResource(String kind) {
        return CqlException.invalid(kind + " resources are not supported (Cairn grants permissions on keyspaces, "
                + "tables and roles)");
    }

    /** Cassandra's class name for the resource kind, as its messages show it. */
    private static String resourceType(AuthResource resource) {
        return switch (resource.kind()) {
            case ALL_KEYSPACES, KEYSPACE, TABLE -> "DataResource";
            case ALL_ROLES, ROLE -> "RoleResource";
        };
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
