package io.cairn.node.metadata;

import java.util.Objects;

/** A registered node that never joined (or whose join was cancelled) is forgotten. */
public record Unregister(NodeId node) implements Transformation {

    public Unregister {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public Kind kind() {
        return Kind.UNREGISTER;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        NodeRecord record = previous.directory().get(node);
        if (record == null || record.state() != NodeState.REGISTERED) {
            return Transformation.invalid("Node " + node + " is " + (record == null ? "unknown" : record.state())
                    + ": only a registered node that has not joined can be unregistered");
        }
        RangeMovement movement = previous.movement();
        if (movement != null && movement.node().equals(node)) {
            return Transformation.invalid("Node " + node + " is in a " + movement.kind() + " at " + movement.step()
                    + ": cancel it first");
        }
        if (previous.metadataReplicas().contains(node)) {
            return Transformation.invalid("Node " + node + " is a metadata replica");
        }
        return Transformation.applied(previous.next().directory(previous.directory().without(node)));
    }
}
