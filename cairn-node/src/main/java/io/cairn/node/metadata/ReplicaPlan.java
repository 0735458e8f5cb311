package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.List;
import java.util.Objects;

/**
 * Where one token's data is read from and written to at one epoch. Outside a movement both
 * lists are the natural replicas. During one they differ (see {@link RangeMovement}): a write
 * must then be acknowledged by {@code extraWriteAcks} more replicas than its consistency level
 * asks of the natural ones, so that it reaches a read quorum of both placements: one per
 * pending replica, less one where a dead node being replaced or removed leaves the set (the
 * new owner takes its place in the count).
 */
public record ReplicaPlan(Epoch epoch, List<NodeAddress> reads, List<NodeAddress> writes, int extraWriteAcks) {

    public ReplicaPlan {
        Objects.requireNonNull(epoch, "epoch");
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
        if (extraWriteAcks < 0 || extraWriteAcks > writes.size()) {
            throw new IllegalArgumentException("Extra write acknowledgements " + extraWriteAcks + " out of 0.."
                    + writes.size());
        }
    }

    /** Replicas written but not read: nodes receiving ranges, or (at MID) giving them up. */
    public List<NodeAddress> pending() {
        return writes.stream().filter(node -> !reads.contains(node)).toList();
    }

}
