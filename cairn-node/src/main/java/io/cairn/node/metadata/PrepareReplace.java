package io.cairn.node.metadata;

import java.util.Objects;

/**
 * A registered node starts replacing a dead joined node: it takes the dead node's tokens, on
 * the dead node's address or on its own. That the replaced node is dead is checked by the
 * proposer; the log cannot know it.
 */
public record PrepareReplace(NodeId node, NodeId replaced) implements Transformation {

    public PrepareReplace {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(replaced, "replaced");
        if (node.equals(replaced)) {
            throw new IllegalArgumentException("Node " + node + " cannot replace itself");
        }
    }

    @Override
    public Kind kind() {
        return Kind.PREPARE_REPLACE;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        Result refused = Movements.firstOf(Movements.busy(previous),
                Movements.notIn(previous, node, NodeState.REGISTERED, "replacing"),
                Movements.notIn(previous, replaced, NodeState.JOINED, "being replaced"),
                previous.metadataReplicas().equals(java.util.Set.of(replaced)) ? Transformation.invalid("Node "
                        + replaced + " is the only metadata replica: the cluster metadata log cannot go on without "
                        + "it") : null);
        if (refused != null) {
            return refused;
        }
        NodeRecord record = previous.directory().get(node);
        NodeRecord dead = previous.directory().get(replaced);
        var holder = previous.directory().holderOf(record.address(), NodeState.JOINED);
        if (holder.isPresent() && !holder.get().id().equals(replaced)) {
            return Transformation.invalid("Address " + record.address() + " belongs to joined node "
                    + holder.get().id() + ", not to the replaced node " + replaced);
        }
        var ring = Movements.ringWith(previous, replaced, null);
        ring.put(node, previous.tokens().get(dead.id()));
        // A dead metadata replica keeps its role until the replacement takes it over when the
        // replace finishes: the set keeps its size, so losing one more replica during or after
        // the replace still leaves a majority (dropping it here left two, and one more loss
        // stopped the log for good: simulator seed 7082 with --joins).
        return Transformation.applied(previous.next().movement(
                new RangeMovement(RangeMovement.Kind.REPLACE, node, replaced, ring, RangeMovement.Step.PREPARED,
                        previous.epoch().next())));
    }
}
