package io.cairn.node.metadata;

import java.util.Objects;

/**
 * A node in the cluster becomes one of the replicas that agree on the log's next entries; not
 * one that the movement in progress takes out of the cluster, which would leave as a metadata
 * replica. A registered node may, as a joined one may: until the log places data, nodes join
 * through gossip and stay REGISTERED in the log, and the node that proposes this entry (the
 * steward) checks that gossip has the node in the ring and alive.
 */
public record AddMetadataReplica(NodeId node) implements Transformation {

    public AddMetadataReplica {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public Kind kind() {
        return Kind.ADD_METADATA_REPLICA;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        NodeRecord record = previous.directory().get(node);
        if (record == null || record.state() == NodeState.LEFT) {
            return Transformation.invalid("Node " + node + " is " + (record == null ? "unknown" : record.state())
                    + ": only a node in the cluster can be a metadata replica");
        }
        RangeMovement movement = previous.movement();
        if (movement != null && node.equals(movement.goingOut())) {
            return Transformation.invalid("Node " + node + " is going out of the cluster (a " + movement.kind()
                    + " at " + movement.step() + "): it cannot become a metadata replica");
        }
        if (previous.metadataReplicas().contains(node)) {
            return new Rejected(Rejection.ALREADY_EXISTS, "Node " + node + " is a metadata replica already");
        }
        return Transformation.applied(previous.next().addMetadataReplica(node));
    }
}
