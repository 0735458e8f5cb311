package io.cairn.node.metadata;

import java.util.Objects;
import java.util.UUID;

/**
 * A node's identity in the cluster metadata: its host id, which Cassandra's drivers and
 * {@code system.peers} know it by. It outlives the node's address (a replacement on the same
 * address is another node) and is never reused.
 */
public record NodeId(UUID hostId) implements Comparable<NodeId> {

    public NodeId {
        Objects.requireNonNull(hostId, "hostId");
    }

    @Override
    public int compareTo(NodeId other) {
        return hostId.compareTo(other.hostId);
    }

    @Override
    public String toString() {
        return hostId.toString();
    }
}
