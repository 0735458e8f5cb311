package io.cairn.node;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.ring.RingPieces;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Cleanup, as Cassandra's {@code nodetool cleanup}: after the ring changed (a node joined, or a
 * keyspace's replication shrank), a node still holds the data of ranges it no longer
 * replicates. Reads never ask it for them, but they take disk and would come back as stale
 * data if the node became their replica again. Cleanup drops them, range by range, and only
 * while no movement runs. It stops as soon as this node hears of an epoch newer than the one it
 * planned at (a newer entry in its log, or a message that carries one, noted before the message
 * is handled): storage asks before each batch of deletes while writes to the table wait, so a
 * write sent to this node because it became a replica again is never deleted.
 */
final class Cleanup {

    private final StorageEngine storage;
    private final Supplier<ClusterMetadata> metadata;
    private final java.util.function.LongSupplier highestEpochSeen;
    private final NodeAddress self;

    /**
     * @param highestEpochSeen the newest epoch this node has heard of, in its log or in a
     *                         message's envelope
     */
    Cleanup(StorageEngine storage, Supplier<ClusterMetadata> metadata, java.util.function.LongSupplier highestEpochSeen,
            NodeAddress self) {
        this.storage = storage;
        this.metadata = metadata;
        this.highestEpochSeen = highestEpochSeen;
        this.self = self;
    }

    /**
     * The pieces of the ring (cut at its tokens, so that each has one set of replicas) whose data
     * of {@code keyspace} {@code self} does not replicate at {@code snapshot}.
     */
    static List<TokenRange> notReplicated(ClusterMetadata snapshot, KeyspaceMetadata keyspace, NodeAddress self) {
        List<TokenRange> dropped = new ArrayList<>();
        for (TokenRange piece : RingPieces.of(TokenRange.FULL, snapshot.ring().tokens())) {
            if (!snapshot.planFor(keyspace, piece.end()).writes().contains(self)) {
                dropped.add(piece);
            }
        }
        return dropped;
    }

    /**
     * Drops every range of {@code keyspaces}' tables (the replicated ones) that this node does
     * not replicate; returns how many table ranges it dropped. Throws IllegalStateException,
     * saying why, when a movement runs, when this node is not in the ring, or when it heard of
     * a newer epoch midway (what was dropped until then was not this node's; run it again).
     */
    long run(Collection<KeyspaceMetadata> keyspaces) {
        ClusterMetadata planned = metadata.get();
        checkSettled(planned);
        if (planned.ring().tokens().isEmpty()
                || keyspaces.stream().noneMatch(keyspace -> !SystemKeyspaces.isLocal(keyspace.name()))) {
            return 0;
        }
        boolean inRing = planned.tokens().keySet().stream()
                .anyMatch(id -> planned.directory().get(id).address().equals(self));
        if (!inRing) {
            throw new IllegalStateException("Node " + self + " is not in the ring at " + planned.epoch()
                    + ": it replicates nothing, so cleanup would drop all its data. Let it join first");
        }
        long dropped = 0;
        long plannedAt = planned.epoch().value();
        java.util.function.BooleanSupplier unchanged = () -> highestEpochSeen.getAsLong() <= plannedAt;
        for (KeyspaceMetadata keyspace : keyspaces) {
            if (SystemKeyspaces.isLocal(keyspace.name()) || keyspace.tables().isEmpty()) {
                continue;
            }
            for (TokenRange range : notReplicated(planned, keyspace, self)) {
                for (TableMetadata table : keyspace.tables().values()) {
                    if (!storage.tables().contains(table.tableId())) {
                        continue;
                    }
                    if (!storage.dropRange(table.tableId(), range, unchanged)) {
                        throw new IllegalStateException("Node " + self + " heard of epoch "
                                + highestEpochSeen.getAsLong() + " during the cleanup planned at " + planned.epoch()
                                + ": the ring or the replication may have changed, so it stopped (" + dropped
                                + " table ranges dropped). Run it again");
                    }
                    dropped++;
                }
            }
        }
        return dropped;
    }

    private static void checkSettled(ClusterMetadata snapshot) {
        if (snapshot.movement() != null) {
            throw new IllegalStateException("The " + snapshot.movement().kind() + " of node "
                    + snapshot.movement().node() + " is under way (at " + snapshot.movement().step() + "): cleanup "
                    + "runs once the ring is settled. Run it again when it has finished");
        }
    }
}
