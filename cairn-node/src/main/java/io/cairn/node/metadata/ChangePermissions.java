package io.cairn.node.metadata;

import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.Permission;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * GRANT or REVOKE of permissions on a resource: like roles, permissions are cluster metadata, so
 * that every node authorizes from its own copy, the same at the same epoch. The role must exist;
 * granting what it holds already and revoking what it does not hold change nothing. Whether the
 * statement may do so (the grantor's own permissions, the resource existing) is decided by the
 * proposer against its snapshot before it proposes.
 *
 * @param grant       GRANT, not REVOKE
 * @param role        the role that gains or loses the permissions
 * @param resource    the {@linkplain AuthResource#key key} of the resource
 * @param permissions what is granted or revoked: some that apply to the resource
 */
public record ChangePermissions(boolean grant, String role, String resource, Set<Permission> permissions)
        implements Transformation {

    public ChangePermissions {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(resource, "resource");
        AuthResource named = AuthResource.ofKey(resource);
        if (named == null) {
            throw new IllegalArgumentException(resource + " names no resource");
        }
        if (permissions.isEmpty() || !named.applicable().containsAll(permissions)) {
            throw new IllegalArgumentException("Permissions " + permissions + " on " + named + ", which takes "
                    + named.applicable());
        }
        permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    }

    @Override
    public Kind kind() {
        return Kind.CHANGE_PERMISSIONS;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        if (!previous.roles().containsKey(role)) {
            return Transformation.invalid("Role " + role + " does not exist");
        }
        if (grant && !previous.permissions().getOrDefault(role, java.util.Collections.emptySortedMap())
                .containsKey(resource) && grants(previous) >= ClusterMetadata.MAX_GRANTS) {
            return Transformation.invalid("The cluster keeps permissions on " + ClusterMetadata.MAX_GRANTS
                    + " resources for roles, the most it keeps: revoke some first");
        }
        ClusterMetadata.Builder next = previous.next();
        return Transformation.applied(grant ? next.grant(role, resource, permissions)
                : next.revoke(role, resource, permissions));
    }

    private static long grants(ClusterMetadata metadata) {
        long count = 0;
        for (var held : metadata.permissions().values()) {
            count += held.size();
        }
        return count;
    }
}
