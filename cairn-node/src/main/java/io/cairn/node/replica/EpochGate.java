package io.cairn.node.replica;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.EpochCheck;
import io.cairn.node.metadata.NodeId;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A replica's check of the epoch a data request was planned at (its envelope carries it)
 * against the replica's own cluster metadata ({@link EpochCheck}): a request planned on a
 * token's replicas or a table's schema that has changed since is refused with
 * {@link ResponseCallback.Failure#STALE_EPOCH}. The refusal's envelope carries the replica's
 * newer epoch, so its coordinator catches up and plans again. This is what keeps a coordinator
 * that missed a step of a movement from completing a write or a read on replicas that no longer
 * make a quorum. A request from a coordinator ahead of the replica is served: its plan is the
 * newer one (the replica starts fetching the entries it lacks when it sees the epoch).
 */
public final class EpochGate {

    /** Serves everything: a node without a metadata log (tests of one replica). */
    public static final EpochGate OPEN = new EpochGate(null, null, null, null, null);

    private final Supplier<ClusterMetadata> current;
    private final Function<Epoch, Optional<ClusterMetadata>> retained;
    private final Supplier<NodeId> self;
    private final TableId elected;
    private final java.util.function.LongPredicate votesOn;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong notReplica = new AtomicLong();

    /**
     * @param current  the replica's latest snapshot
     * @param retained the snapshot of a recent epoch, if the replica still keeps it
     * @param self     this node's host id, or null until it is known
     * @param elected  a table whose partitions have voters of their own, not the ring's replicas
     *                 (the cluster metadata log's slots)
     * @param votesOn  whether this node is, by host id, the voter at its address on a token of
     *                 {@code elected}; requests about tokens it is not are answered NOT_A_REPLICA
     */
    public EpochGate(Supplier<ClusterMetadata> current, Function<Epoch, Optional<ClusterMetadata>> retained,
                     Supplier<NodeId> self, TableId elected, java.util.function.LongPredicate votesOn) {
        if ((current == null) != (retained == null) || (current == null) != (self == null)
                || (current == null) != (elected == null) || (current == null) != (votesOn == null)) {
            throw new IllegalArgumentException("An epoch gate needs the current and the retained snapshots, the"
                    + " node's own id and the voters of the elected table");
        }
        this.current = current;
        this.retained = retained;
        this.self = self;
        this.elected = elected;
        this.votesOn = votesOn;
    }

    /**
     * Whether this node holds no replica at its epoch ({@link EpochCheck#holdsReplicas}); if so
     * the request has been answered NOT_A_REPLICA, whatever epoch it was planned at: a
     * replacement that took a dead node's address must not answer for the dead node.
     */
    private boolean refusesAsNoReplica(MessagingService messaging, Message request, ClusterMetadata local) {
        if (EpochCheck.holdsReplicas(local, self.get())) {
            return false;
        }
        notReplica.incrementAndGet();
        messaging.respondFailure(request, ResponseCallback.Failure.NOT_A_REPLICA);
        return true;
    }

    /**
     * Whether {@code request}, about {@code token} of {@code table}, was planned at a stale
     * epoch; if so it has been answered with STALE_EPOCH, and the caller serves nothing. A
     * request about the elected table is refused (NOT_A_REPLICA) unless this node votes on its
     * token, whatever its epoch.
     */
    public boolean refuses(MessagingService messaging, Message request, TableId table, long token) {
        if (current == null) {
            return false;
        }
        if (table.equals(elected)) {
            if (votesOn.test(token)) {
                return false;
            }
            notReplica.incrementAndGet();
            messaging.respondFailure(request, ResponseCallback.Failure.NOT_A_REPLICA);
            return true;
        }
        ClusterMetadata local = current.get();
        if (refusesAsNoReplica(messaging, request, local)) {
            return true;
        }
        return request.epoch() != 0 && refusedIf(messaging, request,
                EpochCheck.judge(local, retained, request.epoch(), table, token));
    }

    /** {@link #refuses} for a request about every token of {@code range} (a range read's piece). */
    boolean refusesRange(MessagingService messaging, Message request, TableId table, TokenRange range) {
        if (current == null) {
            return false;
        }
        ClusterMetadata local = current.get();
        if (refusesAsNoReplica(messaging, request, local)) {
            return true;
        }
        return request.epoch() != 0 && refusedIf(messaging, request,
                EpochCheck.judgeRange(local, retained, request.epoch(), table, range));
    }

    private boolean refusedIf(MessagingService messaging, Message request, EpochCheck.Verdict verdict) {
        if (verdict != EpochCheck.Verdict.STALE) {
            return false;
        }
        refused.incrementAndGet();
        messaging.respondFailure(request, ResponseCallback.Failure.STALE_EPOCH);
        return true;
    }

    /** How many requests this replica refused as planned at a stale epoch. */
    public long refusals() {
        return refused.get();
    }

    /** How many requests this node refused because it held no replica. */
    public long notReplicaRefusals() {
        return notReplica.get();
    }

    @Override
    public String toString() {
        return "EpochGate{" + (current == null ? "open" : "refused " + refused.get() + " as stale, "
                + notReplica.get() + " as no replica") + "}";
    }
}
