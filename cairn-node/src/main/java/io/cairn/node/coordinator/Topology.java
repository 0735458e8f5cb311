package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.List;

/**
 * What a coordinator needs to know of the cluster: the replicas of a token in a keyspace
 * (from the ring and the keyspace's replication), where each node is, and who is up.
 */
public interface Topology {

    NodeAddress self();

    /** The natural replicas of {@code token} in {@code keyspace}, primary first. */
    List<NodeAddress> replicasFor(String keyspace, long token);

    String dataCenterOf(NodeAddress node);

    boolean isAlive(NodeAddress node);

    /** The data center of this node. */
    default String localDataCenter() {
        return dataCenterOf(self());
    }
}
