package io.cairn.node.metadata;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** A joined node starts moving to other tokens. */
public record PrepareMove(NodeId node, SortedSet<Long> tokens) implements Transformation {

    public PrepareMove {
        Objects.requireNonNull(node, "node");
        tokens = Collections.unmodifiableSortedSet(new TreeSet<>(tokens));
    }

    @Override
    public Kind kind() {
        return Kind.PREPARE_MOVE;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        Result refused = Movements.firstOf(Movements.busy(previous),
                Movements.notIn(previous, node, NodeState.JOINED, "moving"),
                Movements.unusable(previous, node, tokens));
        if (refused != null) {
            return refused;
        }
        if (previous.tokens().get(node).equals(tokens)) {
            return Transformation.invalid("Node " + node + " has these tokens already");
        }
        return Transformation.applied(previous.next().movement(new RangeMovement(RangeMovement.Kind.MOVE, node, null,
                Movements.ringWith(previous, node, tokens), RangeMovement.Step.PREPARED, previous.epoch().next())));
    }
}
