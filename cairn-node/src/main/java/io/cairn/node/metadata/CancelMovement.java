package io.cairn.node.metadata;

import java.util.Objects;

/**
 * The movement of {@code node} is abandoned before it finished: reads and writes go back to
 * the ring as it was. Safe at any step, since from STARTED on writes went to both rings.
 */
public record CancelMovement(NodeId node) implements Transformation {

    public CancelMovement {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public Kind kind() {
        return Kind.CANCEL_MOVEMENT;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        RangeMovement movement = previous.movement();
        if (movement == null || !movement.node().equals(node)) {
            return Transformation.invalid("Node " + node + " has no movement in progress to cancel");
        }
        return Transformation.applied(previous.next().movement(null));
    }
}
