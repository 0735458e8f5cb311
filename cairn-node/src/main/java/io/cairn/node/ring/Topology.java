package io.cairn.node.ring;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.List;

/**
 * What a coordinator needs to know of the cluster: the replicas of a token in a keyspace
 * (from the ring and the keyspace's replication), where each node is, and who is up.
 */
public interface Topology {

    NodeAddress self();

    /**
     * The cluster metadata epoch the placements come from (or an earlier one; 0: unknown).
     * A coordinator reads it before it plans a request and stamps the request with it: a
     * replica whose placements changed since refuses the request as planned at a stale epoch.
     */
    default long epoch() {
        return 0;
    }

    /** The natural replicas of {@code token} in {@code keyspace}, primary first. */
    List<NodeAddress> replicasFor(String keyspace, long token);

    String dataCenterOf(NodeAddress node);

    /**
     * The keyspace's replication factor: in {@code dataCenter}, or in total when it is null.
     * It can exceed the replicas that exist (a 1-node cluster with RF 3): consistency levels
     * count against the factor, as Cassandra does.
     */
    int replicationFactor(String keyspace, String dataCenter);

    boolean isAlive(NodeAddress node);

    /**
     * A token's replicas and the nodes written but not read (pending), from one view of the
     * ring: a coordinator that asked for the two apart could mix two steps of a movement.
     */
    record Placement(List<NodeAddress> replicas, List<NodeAddress> pending) {
        public Placement {
            replicas = List.copyOf(replicas);
            pending = List.copyOf(pending);
            for (NodeAddress node : pending) {
                if (replicas.contains(node)) {
                    throw new IllegalArgumentException("Node " + node + " is both a replica and pending");
                }
            }
        }
    }

    /** {@link #replicasFor} and {@link #pendingFor} of {@code token}, from one view of the ring. */
    default Placement placementFor(String keyspace, long token) {
        return new Placement(replicasFor(keyspace, token), pendingFor(keyspace, token));
    }

    /** Nodes joining the ring that will become replicas of {@code token} (writes go to them too). */
    default java.util.List<NodeAddress> pendingFor(String keyspace, long token) {
        return java.util.List.of();
    }

    /** Every token of the ring, sorted; empty when the ring is not known (one node alone). */
    default java.util.List<Long> ringTokens() {
        return java.util.List.of();
    }

    /**
     * Every node that holds or is receiving data (the ring's members, joining ones included),
     * this one too: where a TRUNCATE must reach. Only this node when the ring is not known.
     */
    default java.util.List<NodeAddress> members() {
        return java.util.List.of(self());
    }

    /** The data center of this node. */
    default String localDataCenter() {
        return dataCenterOf(self());
    }

    /** Whether {@code node} is in this node's data center. */
    default boolean isLocal(NodeAddress node) {
        return dataCenterOf(node).equals(localDataCenter());
    }
}
