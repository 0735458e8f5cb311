package io.cairn.node.auth;

import io.cairn.cql.ast.AuthResource;
import io.cairn.cql.ast.Permission;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.node.metadata.ChangePermissions;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.RoleRecord;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.query.Authorizer;
import io.cairn.node.query.ClientSession;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cassandra's {@code CassandraAuthorizer} over the cluster metadata log: a role may do what it
 * holds a permission for, on the resource or one above it, directly or through the roles
 * granted to it; a superuser (or a role granted one) may do everything. Every node decides from
 * its own snapshot, the same at the same epoch.
 *
 * <p>What a role may do is worked out once per role and snapshot (its granted roles, then the
 * union of their permissions) and kept until the snapshot changes, for at most
 * {@link #MAX_CACHED_ROLES} roles: a statement costs a few map lookups, not a walk of the grants.
 */
public final class RoleAuthorizer implements Authorizer {

    /** The most roles whose access is kept worked out for one snapshot. */
    static final int MAX_CACHED_ROLES = 4_096;

    private final Supplier<ClusterMetadata> current;
    private final Function<Function<ClusterMetadata, Transformation>, CompletionStage<ClusterMetadata>> commit;
    private volatile Cache cache = new Cache(null);

    /**
     * @param current the latest snapshot this node has
     * @param commit  commits the entry a function makes of the latest snapshot, as the metadata service does
     */
    public RoleAuthorizer(Supplier<ClusterMetadata> current,
                          Function<Function<ClusterMetadata, Transformation>, CompletionStage<ClusterMetadata>> commit) {
        this.current = Objects.requireNonNull(current, "current");
        this.commit = Objects.requireNonNull(commit, "commit");
    }

    /** What one role may do at one snapshot. */
    record Access(boolean superuser, Map<String, Set<Permission>> permissions) {

        boolean holds(Permission permission, AuthResource resource) {
            if (superuser) {
                return true;
            }
            for (AuthResource at = resource; at != null; at = at.parent()) {
                Set<Permission> held = permissions.get(at.key());
                if (held != null && held.contains(permission)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Each role's access, for one snapshot. */
    private record Cache(ClusterMetadata snapshot, ConcurrentHashMap<String, Access> access) {
        Cache(ClusterMetadata snapshot) {
            this(snapshot, new ConcurrentHashMap<>());
        }
    }

    @Override
    public void authorize(ClientSession session, Permission permission, AuthResource resource) {
        String role = session.role();
        if (role == null) {
            throw unauthorized("You have to be logged in and not anonymous to perform this request");
        }
        if (!access(current.get(), role).holds(permission, resource)) {
            throw noPermission(role, permission, resource);
        }
    }

    @Override
    public CompletionStage<Void> grantCreator(ClientSession session, AuthResource resource) {
        String role = session.role();
        if (role == null) {
            return CompletableFuture.completedFuture(null);
        }
        return commit.apply(snapshot -> snapshot.roles().containsKey(role)
                        ? new ChangePermissions(true, role, resource.key(), resource.applicable()) : null)
                .thenApply(granted -> null);
    }

    /** What {@code role} may do at {@code snapshot}: nothing when it does not exist. */
    Access access(ClusterMetadata snapshot, String role) {
        Cache now = cache;
        if (now.snapshot != snapshot) {
            now = new Cache(snapshot);
            cache = now;
        }
        Access known = now.access.get(role);
        if (known == null) {
            known = workOut(snapshot, role);
            if (now.access.size() >= MAX_CACHED_ROLES) {
                now.access.clear();
            }
            now.access.put(role, known);
        }
        return known;
    }

    private static Access workOut(ClusterMetadata snapshot, String role) {
        boolean superuser = false;
        Map<String, Set<Permission>> permissions = new HashMap<>();
        for (String granted : grantedTo(snapshot, role)) {
            superuser |= snapshot.roles().get(granted).superuser();
            snapshot.permissions().getOrDefault(granted, java.util.Collections.emptySortedMap()).forEach(
                    (resource, held) -> permissions.computeIfAbsent(resource, key -> EnumSet.noneOf(Permission.class))
                            .addAll(held));
        }
        return new Access(superuser, permissions);
    }

    /** {@code name} and every role granted to it, directly or through others (empty if it does not exist). */
    static SortedSet<String> grantedTo(ClusterMetadata snapshot, String name) {
        SortedSet<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>();
        next.add(name);
        while (!next.isEmpty()) {
            String role = next.poll();
            RoleRecord record = snapshot.roles().get(role);
            if (record != null && seen.add(role)) {
                next.addAll(record.memberOf());
            }
        }
        return seen;
    }

    static CqlException noPermission(String role, Permission permission, AuthResource resource) {
        return unauthorized("User " + role + " has no " + permission + " permission on " + resource
                + " or any of its parents");
    }

    static CqlException unauthorized(String message) {
        return new CqlException(ErrorCode.UNAUTHORIZED, message);
    }
}
