package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.Objects;

/**
 * What the cluster metadata knows of one node.
 *
 * @param address        its internode address
 * @param nativeAddress  where drivers reach it (the CQL native transport)
 * @param releaseVersion the Cairn version it registered with
 */
public record NodeRecord(NodeId id, NodeAddress address, NodeAddress nativeAddress, String dataCenter, String rack,
                         NodeState state, String releaseVersion) {

    public NodeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(nativeAddress, "nativeAddress");
        Objects.requireNonNull(dataCenter, "dataCenter");
        Objects.requireNonNull(rack, "rack");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(releaseVersion, "releaseVersion");
    }

    public NodeRecord withState(NodeState next) {
        return new NodeRecord(id, address, nativeAddress, dataCenter, rack, next, releaseVersion);
    }
}
