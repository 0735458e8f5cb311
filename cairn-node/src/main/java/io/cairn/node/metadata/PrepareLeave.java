package io.cairn.node.metadata;

import java.util.Objects;

/** A joined node starts leaving the ring (decommission): its ranges go to the nodes that follow it. */
public record PrepareLeave(NodeId node) implements Transformation {

    public PrepareLeave {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public Kind kind() {
        return Kind.PREPARE_LEAVE;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        return Movements.takeOut(previous, node, RangeMovement.Kind.LEAVE, "leaving");
    }
}
