package io.cairn.node.auth;

import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.GrantPermissionsStatement;
import io.cairn.cql.ast.GrantRoleStatement;
import io.cairn.cql.ast.ListPermissionsStatement;
import io.cairn.cql.ast.Permission;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.metadata.ChangePermissions;
import io.cairn.node.metadata.ChangeRole;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.RoleRecord;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryResult;
import io.cairn.node.query.ResultColumn;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SystemKeyspaces;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * GRANT and REVOKE of permissions and of roles, and LIST PERMISSIONS, with Cassandra's rules:
 * a grantor needs AUTHORIZE on the resource and every permission it grants (or revokes); a role
 * is granted by whoever holds AUTHORIZE on it, never so that it becomes a member of itself; a
 * role lists its own permissions and those of the roles granted to it, and whoever may DESCRIBE
 * roles lists theirs. Beyond Cassandra, only a superuser grants a role that is a superuser (a
 * grant of it would make the grantee one). Each check runs again on the snapshot each commit
 * attempt works on.
 */
final class GrantStatements {

    /** Whether a role holds a permission on a resource at a snapshot (always, on a node that does not check). */
    @FunctionalInterface
    interface Holds {
        boolean holds(ClusterMetadata snapshot, String caller, Permission permission, AuthResource resource);
    }

    private static final String AUTH_KEYSPACE = "system_auth";
    private static final List<ResultColumn> PERMISSION_COLUMNS = List.of(
            new ResultColumn(AUTH_KEYSPACE, "permissions", "role", NativeType.TEXT),
            new ResultColumn(AUTH_KEYSPACE, "permissions", "username", NativeType.TEXT),
            new ResultColumn(AUTH_KEYSPACE, "permissions", "resource", NativeType.TEXT),
            new ResultColumn(AUTH_KEYSPACE, "permissions", "permission", NativeType.TEXT));
    /** The keyspaces on which only SELECT, DESCRIBE and ALTER may be granted (Cassandra 5.0.3's rule). */
    private static final Set<String> SYSTEM_KEYSPACES = Set.of(SystemKeyspaces.SYSTEM, SystemKeyspaces.SYSTEM_SCHEMA,
            SystemKeyspaces.SYSTEM_AUTH, SystemKeyspaces.SYSTEM_DISTRIBUTED, SystemKeyspaces.SYSTEM_TRACES);
    private static final Set<Permission> GRANTABLE_ON_SYSTEM = EnumSet.of(Permission.SELECT, Permission.DESCRIBE,
            Permission.ALTER);

    private final Supplier<ClusterMetadata> current;
    private final Function<Function<ClusterMetadata, Transformation>, CompletionStage<ClusterMetadata>> commit;
    private final Holds holds;

    GrantStatements(Supplier<ClusterMetadata> current,
                    Function<Function<ClusterMetadata, Transformation>, CompletionStage<ClusterMetadata>> commit,
                    Holds holds) {
        this.current = current;
        this.commit = commit;
        this.holds = holds;
    }

    CompletionStage<QueryResult> grantPermissions(GrantPermissionsStatement statement, ClientSession session,
                                                  String keyspace) {
        String caller = session.role();
        AuthResource resource = qualified(statement.resource(), keyspace);
        Set<Permission> permissions = statement.permissions();
        if (statement.grant() && resource.keyspace() != null && SYSTEM_KEYSPACES.contains(resource.keyspace())
                && !GRANTABLE_ON_SYSTEM.containsAll(permissions)) {
            throw RoleAuthorizer.unauthorized("Granting permissions on system keyspaces is strictly limited, this "
                    + "operation is not permitted");
        }
        return commit.apply(snapshot -> {
            require(snapshot, caller, Permission.AUTHORIZE, resource);
            for (Permission permission : permissions) {
                require(snapshot, caller, permission, resource);
            }
            if (!snapshot.roles().containsKey(statement.role())) {
                throw CqlException.invalid("Role " + statement.role() + " doesn't exist");
            }
            if (!exists(snapshot, resource)) {
                throw CqlException.invalid("Resource " + resource + " doesn't exist");
            }
            Set<Permission> held = snapshot.permissions().getOrDefault(statement.role(), java.util.Collections.emptySortedMap())
                    .getOrDefault(resource.key(), Set.of());
            boolean changes = statement.grant() ? !held.containsAll(permissions)
                    : permissions.stream().anyMatch(held::contains);
            return changes ? new ChangePermissions(statement.grant(), statement.role(), resource.key(), permissions)
                    : null;
        }).thenApply(snapshot -> new QueryResult.Void());
    }

    CompletionStage<QueryResult> grantRole(GrantRoleStatement statement, String caller) {
        String role = statement.role();
        String grantee = statement.grantee();
        return commit.apply(snapshot -> {
            if (!holds.holds(snapshot, caller, Permission.AUTHORIZE, AuthResource.role(role))) {
                throw RoleAuthorizer.unauthorized("User " + caller + " does not have sufficient privileges to perform "
                        + "the requested operation");
            }
            for (String name : List.of(role, grantee)) {
                if (!snapshot.roles().containsKey(name)) {
                    throw CqlException.invalid(name + " doesn't exist");
                }
            }
            RoleRecord granteeRecord = snapshot.roles().get(grantee);
            if (!statement.grant()) {
                if (!granteeRecord.memberOf().contains(role)) {
                    throw CqlException.invalid(grantee + " is not a member of " + role);
                }
                return new ChangeRole(ChangeRole.Op.ALTER, granteeRecord.withoutMemberOf(role));
            }
            if (RoleAuthorizer.grantedTo(snapshot, grantee).contains(role)) {
                throw CqlException.invalid(grantee + " is a member of " + role);
            }
            if (RoleAuthorizer.grantedTo(snapshot, role).contains(grantee)) {
                throw CqlException.invalid(role + " is a member of " + grantee);
            }
            if (RoleManager.isSuperuser(snapshot, role) && !RoleManager.isSuperuser(snapshot, caller)) {
                throw RoleAuthorizer.unauthorized("Only superusers can grant a role with superuser status");
            }
            if (granteeRecord.memberOf().size() >= RoleRecord.MAX_MEMBER_OF) {
                throw CqlException.invalid(grantee + " is granted " + RoleRecord.MAX_MEMBER_OF
                        + " roles, the most a role may be");
            }
            return new ChangeRole(ChangeRole.Op.ALTER, granteeRecord.withMemberOf(role));
        }).thenApply(snapshot -> new QueryResult.Void());
    }

    /**
     * LIST permissions [ON resource] [OF role] [NORECURSIVE]: one row per role, resource and
     * permission held directly, ordered by role, resource and permission. OF a role covers the
     * roles granted to it and ON a resource the resources above it, unless NORECURSIVE.
     */
    QueryResult list(ListPermissionsStatement statement, ClientSession session, String keyspace,
                     ClusterMetadata snapshot) {
        String caller = session.role();
        String of = statement.of();
        AuthResource resource = statement.resource() == null ? null : qualified(statement.resource(), keyspace);
        // Whether the caller may see them comes first: a refusal tells nothing of what exists.
        boolean mayDescribe = RoleManager.isSuperuser(snapshot, caller)
                || holds.holds(snapshot, caller, Permission.DESCRIBE, AuthResource.ALL_ROLES)
                || (of != null && (RoleAuthorizer.grantedTo(snapshot, caller).contains(of)
                        || holds.holds(snapshot, caller, Permission.DESCRIBE, AuthResource.role(of))));
        if (!mayDescribe) {
            throw RoleAuthorizer.unauthorized("You are not authorized to view " + (of == null ? "everyone" : of)
                    + "'s permissions");
        }
        if (resource != null && !exists(snapshot, resource)) {
            throw CqlException.invalid(resource + " doesn't exist");
        }
        if (of != null && !snapshot.roles().containsKey(of)) {
            throw CqlException.invalid(of + " doesn't exist");
        }
        Set<String> holders = of == null ? snapshot.permissions().keySet()
                : statement.recursive() ? RoleAuthorizer.grantedTo(snapshot, of) : Set.of(of);
        Set<String> resources = null;
        if (resource != null) {
            resources = new TreeSet<>();
            for (AuthResource at = resource; at != null; at = statement.recursive() ? at.parent() : null) {
                resources.add(at.key());
            }
        }
        List<List<ByteBuffer>> rows = new ArrayList<>();
        for (String holder : new TreeSet<>(holders)) {
            SortedMap<String, Set<Permission>> held = snapshot.permissions().get(holder);
            if (held == null) {
                continue;
            }
            for (Map.Entry<String, Set<Permission>> entry : held.entrySet()) {
                if (resources != null && !resources.contains(entry.getKey())) {
                    continue;
                }
                String shown = AuthResource.ofKey(entry.getKey()).toString();
                for (Permission permission : entry.getValue()) {
                    if (statement.permissions().contains(permission)) {
                        rows.add(List.of(text(holder), text(holder), text(shown), text(permission.name())));
                    }
                }
            }
        }
        return rows.isEmpty() ? new QueryResult.Void() : new QueryResult.Rows(PERMISSION_COLUMNS, rows, null);
    }

    private void require(ClusterMetadata snapshot, String caller, Permission permission, AuthResource resource) {
        if (!holds.holds(snapshot, caller, permission, resource)) {
            throw RoleAuthorizer.noPermission(caller, permission, resource);
        }
    }

    /** A table written without its keyspace, in the request's (or the session's) {@code keyspace}. */
    private static AuthResource qualified(AuthResource resource, String keyspace) {
        if (resource.needsKeyspace() && keyspace == null) {
            throw CqlException.invalid("No keyspace has been specified. USE a keyspace, or explicitly specify "
                    + "keyspace.tablename");
        }
        return resource.qualified(keyspace);
    }

    private static boolean exists(ClusterMetadata snapshot, AuthResource resource) {
        return switch (resource.kind()) {
            case ALL_KEYSPACES, ALL_ROLES -> true;
            case KEYSPACE -> snapshot.schema().keyspace(resource.keyspace()) != null;
            case TABLE -> {
                KeyspaceMetadata keyspace = snapshot.schema().keyspace(resource.keyspace());
                yield keyspace != null && keyspace.tables().containsKey(resource.name());
            }
            case ROLE -> snapshot.roles().containsKey(resource.name());
        };
    }

    private static ByteBuffer text(String value) {
        return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }
}
