package io.cairn.node.metadata;

import java.util.Objects;

/**
 * A dead joined node is removed (removenode): its ranges are re-replicated from the nodes that
 * survive. That the node is dead is checked by the proposer; the log cannot know it.
 */
public record PrepareRemove(NodeId node) implements Transformation {

    public PrepareRemove {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public Kind kind() {
        return Kind.PREPARE_REMOVE;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        Result refused = Movements.firstOf(Movements.busy(previous),
                Movements.notIn(previous, node, NodeState.JOINED, "removing"), Movements.cannotGo(previous, node));
        if (refused != null) {
            return refused;
        }
        return Transformation.applied(previous.next().movement(new RangeMovement(RangeMovement.Kind.REMOVE, node, null,
                Movements.ringWith(previous, node, null), RangeMovement.Step.PREPARED, previous.epoch().next())));
    }
}
