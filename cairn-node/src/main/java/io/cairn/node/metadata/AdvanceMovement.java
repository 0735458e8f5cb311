package io.cairn.node.metadata;

import java.util.Objects;

/**
 * The movement of {@code node} takes its next step. Finishing makes the movement's ring the
 * ring and settles the nodes' states: a joining or replacing node is joined, a leaving,
 * removed or replaced node has left.
 */
public record AdvanceMovement(NodeId node, To to) implements Transformation {

    /** The step advanced to. */
    public enum To { STARTED, MID, FINISHED }

    public AdvanceMovement {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(to, "to");
    }

    @Override
    public Kind kind() {
        return Kind.ADVANCE_MOVEMENT;
    }

    @Override
    public Result apply(ClusterMetadata previous) {
        RangeMovement movement = previous.movement();
        if (movement == null || !movement.node().equals(node)) {
            return Transformation.invalid("Node " + node + " has no movement in progress"
                    + (movement == null ? "" : " (node " + movement.node() + " has)"));
        }
        RangeMovement.Step next = movement.step().next();
        To expected = next == null ? To.FINISHED : To.valueOf(next.name());
        if (to != expected) {
            return Transformation.invalid("The " + movement.kind() + " of node " + node + " is at " + movement.step()
                    + ": its next step is " + expected + ", not " + to);
        }
        ClusterMetadata.Builder builder = previous.next();
        if (next != null) {
            return Transformation.applied(builder.movement(movement.at(next)));
        }
        Directory directory = previous.directory();
        switch (movement.kind()) {
            case JOIN -> directory = directory.with(directory.get(node).withState(NodeState.JOINED));
            case LEAVE, REMOVE -> directory = directory.with(directory.get(node).withState(NodeState.LEFT));
            case REPLACE -> {
                directory = directory.with(directory.get(movement.replaced()).withState(NodeState.LEFT))
                        .with(directory.get(node).withState(NodeState.JOINED));
                if (previous.metadataReplicas().contains(movement.replaced())) {
                    // The replacement takes over the dead node's metadata replica role: it votes
                    // from the next slot on, with an acceptor state as empty as any new replica's.
                    builder.removeMetadataReplica(movement.replaced()).addMetadataReplica(node);
                }
            }
            case MOVE -> { }
        }
        builder.directory(directory).movement(null);
        for (NodeId owner : previous.tokens().keySet()) {
            if (!movement.newTokens().containsKey(owner)) {
                builder.withoutTokens(owner);
            }
        }
        movement.newTokens().forEach(builder::tokens);
        return Transformation.applied(builder);
    }
}
