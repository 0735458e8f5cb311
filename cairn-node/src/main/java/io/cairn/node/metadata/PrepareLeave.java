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
        Result refused = Movements.firstOf(Movements.busy(previous),
                Movements.notIn(previous, node, NodeState.JOINED, "leaving"), Movements.cannotGo(previous, node));
        if (refused != null) {
            return refused;
        }
        return Transformation.applied(previous.next().movement(new RangeMovement(RangeMovement.Kind.LEAVE, node, null,
                Movements.ringWith(previous, node, null), RangeMovement.Step.PREPARED, previous.epoch().next())));
    }
}
