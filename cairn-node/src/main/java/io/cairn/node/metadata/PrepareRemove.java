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
        return Movements.takeOut(previous, node, RangeMovement.Kind.REMOVE, "removing");
    }
}
