package io.cairn.node.metadata;

import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.storage.TableId;

import io.cairn.storage.TokenRange;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a replica treats a request its coordinator planned at another epoch than the replica's
 * own: a pure judgement over the replica's snapshots, for the gate in front of the data verbs.
 * A request planned at an older epoch is still fine when nothing it depends on changed since:
 * not the token's read and write replicas, and not the table's schema.
 */
public final class EpochCheck {

    /** The judgement. */
    public enum Verdict {
        /** Serve it: planned at this epoch, or at an older one whose plan still holds (or an unknown one). */
        CURRENT,
        /** The coordinator knows a newer epoch: catch up before serving it. */
        AHEAD,
        /** Planned on placements or a schema that changed since: refuse, so that the coordinator plans again. */
        STALE
    }

    private EpochCheck() {
    }

    /**
     * @param retained the replica's snapshots of recent epochs (empty for one it no longer keeps)
     * @param requestEpoch the epoch the request carries; 0 means unknown (a sender not on the
     *                     log yet), which is served as before the log
     */
    public static Verdict judge(ClusterMetadata local, Function<Epoch, Optional<ClusterMetadata>> retained,
                                long requestEpoch, TableId table, long token) {
        Objects.requireNonNull(local, "local");
        if (requestEpoch < 0) {
            throw new IllegalArgumentException("Negative request epoch " + requestEpoch);
        }
        long here = local.epoch().value();
        if (requestEpoch == 0 || requestEpoch == here) {
            return Verdict.CURRENT;
        }
        if (requestEpoch > here) {
            return Verdict.AHEAD;
        }
        Epoch planned = new Epoch(requestEpoch);
        Epoch schemaChanged = local.schemaModified().getOrDefault(table, Epoch.EMPTY);
        if (schemaChanged.isAfter(planned)) {
            return Verdict.STALE;
        }
        // The built-in system keyspaces are not in the log's schema: their plans are not judged yet.
        if (!local.placementsModified().isAfter(planned) || SystemKeyspaces.isSystem(table.keyspace())) {
            return Verdict.CURRENT;
        }
        Optional<ClusterMetadata> then = retained.apply(planned);
        if (then.isEmpty() || then.get().schema().keyspace(table.keyspace()) == null
                || local.schema().keyspace(table.keyspace()) == null) {
            return Verdict.STALE;
        }
        return samePlan(then.get(), local, table.keyspace(), token) ? Verdict.CURRENT : Verdict.STALE;
    }

    /**
     * Whether {@code self} may answer data requests at {@code local}'s epoch: it is in the ring,
     * or it is the node of the movement in progress past its first step (writes go to it). A
     * node that only took a dead node's address to replace it, or that left, holds no replica:
     * its answer would be counted for another node. Without a log yet, every node answers, as
     * before the log; a node that does not know its own host id yet answers nothing.
     */
    public static boolean holdsReplicas(ClusterMetadata local, NodeId self) {
        Objects.requireNonNull(local, "local");
        if (local.epoch().equals(Epoch.EMPTY)) {
            return true;
        }
        if (self == null) {
            return false;
        }
        if (local.tokens().containsKey(self)) {
            return true;
        }
        RangeMovement movement = local.movement();
        return movement != null && movement.node().equals(self) && movement.step() != RangeMovement.Step.PREPARED;
    }

    /**
     * The judgement of a request about the tokens of {@code range} (a range read of one piece
     * its coordinator cut at the ring's tokens): as {@link #judge} at its end, and stale too
     * when the ring's tokens inside it, or the plan of any sub-range between them, changed since.
     */
    public static Verdict judgeRange(ClusterMetadata local, Function<Epoch, Optional<ClusterMetadata>> retained,
                                     long requestEpoch, TableId table, TokenRange range) {
        Verdict atEnd = judge(local, retained, requestEpoch, table, range.end());
        if (atEnd != Verdict.CURRENT || requestEpoch == 0 || requestEpoch >= local.epoch().value()) {
            return atEnd;
        }
        Epoch planned = new Epoch(requestEpoch);
        if (!local.placementsModified().isAfter(planned) || SystemKeyspaces.isSystem(table.keyspace())) {
            return Verdict.CURRENT;
        }
        Optional<ClusterMetadata> then = retained.apply(planned);
        if (then.isEmpty()) {
            return Verdict.STALE;
        }
        SortedSet<Long> inside = boundariesIn(local, range);
        if (!inside.equals(boundariesIn(then.get(), range))) {
            return Verdict.STALE;
        }
        for (long boundary : inside) {
            if (!samePlan(then.get(), local, table.keyspace(), boundary)) {
                return Verdict.STALE;
            }
        }
        return Verdict.CURRENT;
    }

    /** The tokens of the ring, and of the one a movement leads to, that fall in {@code range}. */
    private static SortedSet<Long> boundariesIn(ClusterMetadata metadata, TokenRange range) {
        SortedSet<Long> inside = new TreeSet<>();
        for (List<Long> tokens : List.of(metadata.ring().tokens(), metadata.nextRing().tokens())) {
            for (long token : tokens) {
                if (range.contains(token)) {
                    inside.add(token);
                }
            }
        }
        return inside;
    }

    private static boolean samePlan(ClusterMetadata then, ClusterMetadata now, String keyspace, long token) {
        ReplicaPlan before = then.planFor(keyspace, token);
        ReplicaPlan after = now.planFor(keyspace, token);
        return before.reads().equals(after.reads()) && before.writes().equals(after.writes())
                && before.extraWriteAcks() == after.extraWriteAcks();
    }
}
