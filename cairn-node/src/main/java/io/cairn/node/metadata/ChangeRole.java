package io.cairn.node.metadata;

import io.cairn.cql.ast.AuthResource;

import java.util.Objects;

/**
 * CREATE, ALTER or DROP of a role: roles are cluster metadata, so that every node authenticates
 * from its own copy, the same at the same epoch, and a role change is linearizable. CREATE adds
 * {@code role} (its name must be free), ALTER replaces the role of the same name (it must exist),
 * DROP removes the role named {@code role.name()} (it must exist), its grant to every other
 * role, the permissions it holds and those others hold on it. Whether the statement may do so (IF [NOT] EXISTS, permissions) is decided by the
 * proposer against its snapshot before it proposes.
 */
public record ChangeRole(Op op, RoleRecord role) implements Transformation {

    /** What the entry does to the role. */
    public enum Op {
        CREATE, ALTER, DROP
    }

    public ChangeRole {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public Kind kind() {
        return Kind.CHANGE_ROLE;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        boolean exists = previous.roles().containsKey(role.name());
        return switch (op) {
            case CREATE -> exists ? new Rejected(Rejection.ALREADY_EXISTS, "Role " + role.name() + " already exists")
                    : Transformation.applied(previous.next().role(role));
            case ALTER -> exists ? Transformation.applied(previous.next().role(role))
                    : Transformation.invalid("Role " + role.name() + " does not exist");
            case DROP -> {
                if (!exists) {
                    yield Transformation.invalid("Role " + role.name() + " does not exist");
                }
                String key = AuthResource.role(role.name()).key();
                ClusterMetadata.Builder next = previous.next().withoutRole(role.name())
                        .withoutPermissionsOn(key::equals);
                for (RoleRecord other : previous.roles().values()) {
                    if (other.memberOf().contains(role.name())) {
                        next.role(other.withoutMemberOf(role.name()));
                    }
                }
                yield Transformation.applied(next);
            }
        };
    }
}
