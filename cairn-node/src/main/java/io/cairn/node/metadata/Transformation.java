package io.cairn.node.metadata;

import java.util.Objects;

/**
 * One entry of the cluster metadata log: a change from the snapshot at one epoch to the next.
 * {@link #apply} is deterministic (no clock, no randomness, no I/O): every value the change
 * chooses (ids, tokens, times) was chosen by the node that proposed it and is in the entry, so
 * every node that applies the same entries reaches the same snapshots.
 *
 * <p>A proposer applies its change to the latest snapshot it knows before proposing, and
 * proposes it for the slot after that snapshot only if it applied. An entry that is then
 * refused when applied at its slot means a bug: the log's follower stops rather than diverge.
 */
public sealed interface Transformation permits Initialize, Register, Unregister, AddMetadataReplica,
        RemoveMetadataReplica, AlterSchema, TruncateTable, PrepareJoin, PrepareLeave, PrepareReplace, PrepareRemove,
        PrepareMove, AdvanceMovement, CancelMovement, ChangeRole, ChangePermissions {

    /** What kind of entry this is; its wire id is never renumbered. */
    Kind kind();

    /** The snapshot after this change, or why it cannot be made to {@code previous}. */
    Result apply(ClusterMetadata previous);

    /** The kinds of entries, each with its wire id. */
    enum Kind {
        INITIALIZE(1), REGISTER(2), UNREGISTER(3), ADD_METADATA_REPLICA(4), REMOVE_METADATA_REPLICA(5),
        ALTER_SCHEMA(6), TRUNCATE_TABLE(7), PREPARE_JOIN(8), PREPARE_LEAVE(9), PREPARE_REPLACE(10),
        PREPARE_REMOVE(11), PREPARE_MOVE(12), ADVANCE_MOVEMENT(13), CANCEL_MOVEMENT(14), CHANGE_ROLE(15),
        CHANGE_PERMISSIONS(16);

        public final int id;

        Kind(int id) {
            this.id = id;
        }

        public static Kind of(int id) {
            for (Kind kind : values()) {
                if (kind.id == id) {
                    return kind;
                }
            }
            return null;
        }
    }

    /** Why a change was refused, which decides the error a client or operator sees. */
    enum Rejection {
        /** The change makes no sense in this state (an unknown node, a movement in progress, ...). */
        INVALID,
        /** What it creates exists already (a table, a node id). */
        ALREADY_EXISTS,
        /** It was worked out against another snapshot than the one it would follow. */
        STALE
    }

    /** The outcome of {@link #apply}. */
    sealed interface Result permits Applied, Rejected {
    }

    record Applied(ClusterMetadata next) implements Result {
        public Applied {
            Objects.requireNonNull(next, "next");
        }
    }

    record Rejected(Rejection rejection, String message) implements Result {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
            Objects.requireNonNull(message, "message");
        }
    }

    static Result invalid(String message) {
        return new Rejected(Rejection.INVALID, message);
    }

    /** The snapshot as {@code builder} makes it. */
    static Result applied(ClusterMetadata.Builder builder) {
        return new Applied(builder.build());
    }
}
