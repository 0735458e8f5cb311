package io.cairn.node.metadata;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/** A registered node starts joining the ring with the tokens it chose. */
public record PrepareJoin(NodeId node, SortedSet<Long> tokens) implements Transformation {

    public PrepareJoin {
        Objects.requireNonNull(node, "node");
        tokens = Collections.unmodifiableSortedSet(new TreeSet<>(tokens));
    }

    @Override
    public Kind kind() {
        return Kind.PREPARE_JOIN;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        Result refused = Movements.firstOf(Movements.busy(previous),
                Movements.notIn(previous, node, NodeState.REGISTERED, "joining"),
                Movements.unusable(previous, node, tokens));
        if (refused != null) {
            return refused;
        }
        NodeRecord record = previous.directory().get(node);
        if (previous.directory().holderOf(record.address(), NodeState.JOINED).isPresent()) {
            return Transformation.invalid("Address " + record.address() + " belongs to joined node "
                    + previous.directory().holderOf(record.address(), NodeState.JOINED).get().id()
                    + ": a node on it can only replace that node");
        }
        return Transformation.applied(previous.next().movement(new RangeMovement(RangeMovement.Kind.JOIN, node, null,
                Movements.ringWith(previous, node, tokens), RangeMovement.Step.PREPARED, previous.epoch().next())));
    }
}
