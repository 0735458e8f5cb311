package io.cairn.node.metadata;

import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.storage.TableId;

import java.util.Objects;
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
        ReplicaPlan before = then.get().planFor(table.keyspace(), token);
        ReplicaPlan now = local.planFor(table.keyspace(), token);
        boolean same = before.reads().equals(now.reads()) && before.writes().equals(now.writes())
                && before.extraWriteAcks() == now.extraWriteAcks();
        return same ? Verdict.CURRENT : Verdict.STALE;
    }
}
