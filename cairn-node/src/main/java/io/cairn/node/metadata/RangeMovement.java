package io.cairn.node.metadata;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * A change of the ring in progress: one node joins, leaves, replaces a dead node, is removed
 * while dead, or moves its tokens. The same steps serve every kind; each step changes the
 * placements a little, so that a write quorum at one step meets a read quorum at the steps
 * beside it:
 *
 * <table>
 *   <caption>placements per step</caption>
 *   <tr><th>step</th><th>reads</th><th>writes</th></tr>
 *   <tr><td>PREPARED</td><td>old ring</td><td>old ring</td></tr>
 *   <tr><td>STARTED</td><td>old ring</td><td>old ∪ new (the data moves now)</td></tr>
 *   <tr><td>MID</td><td>new ring</td><td>old ∪ new</td></tr>
 *   <tr><td>finished: the movement is gone, the new ring is the ring</td><td>new</td><td>new</td></tr>
 * </table>
 *
 * <p>A dead node that is replaced or removed ({@link #excluded()}) takes no writes from the
 * first step on: nothing would acknowledge them.
 *
 * @param node      the node that joins, leaves, moves, replaces, or (REMOVE) is removed
 * @param replaced  REPLACE only: the dead node whose tokens {@code node} takes; null otherwise
 * @param newTokens every joined node's tokens once the movement has finished
 * @param started   the epoch of the entry that prepared it
 */
public record RangeMovement(Kind kind, NodeId node, NodeId replaced, SortedMap<NodeId, SortedSet<Long>> newTokens,
                            Step step, Epoch started) {

    public enum Kind { JOIN, LEAVE, REPLACE, REMOVE, MOVE }

    /** The step reached; finishing clears the movement. */
    public enum Step {
        PREPARED, STARTED, MID;

        /** The step after this one, or null when the next is to finish. */
        public Step next() {
            return this == MID ? null : values()[ordinal() + 1];
        }
    }

    public RangeMovement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(started, "started");
        if ((kind == Kind.REPLACE) != (replaced != null)) {
            throw new IllegalArgumentException("A " + kind + " movement " + (replaced == null ? "needs" : "has no")
                    + " replaced node");
        }
        newTokens = Collections.unmodifiableSortedMap(new TreeMap<>(newTokens));
    }

    /** The dead node that takes no writes while this movement runs, or null. */
    public NodeId excluded() {
        return switch (kind) {
            case REPLACE -> replaced;
            case REMOVE -> node;
            default -> null;
        };
    }

    /** The node this movement makes LEFT when it finishes, or null (a join, a move). */
    public NodeId goingOut() {
        return switch (kind) {
            case LEAVE, REMOVE -> node;
            case REPLACE -> replaced;
            case JOIN, MOVE -> null;
        };
    }

    public RangeMovement at(Step next) {
        return new RangeMovement(kind, node, replaced, newTokens, next, started);
    }
}
