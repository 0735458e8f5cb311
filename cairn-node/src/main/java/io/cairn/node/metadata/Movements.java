package io.cairn.node.metadata;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The checks and rings that the entries preparing a {@link RangeMovement} share. */
final class Movements {

    private Movements() {
    }

    /** Why no movement can start now, or null when one can. */
    static Transformation.Result busy(ClusterMetadata previous) {
        RangeMovement running = previous.movement();
        if (running == null) {
            return null;
        }
        return Transformation.invalid("A " + running.kind() + " of node " + running.node() + " is in progress (at "
                + running.step() + "): one movement runs at a time");
    }

    /** Why {@code node} cannot move now, being in {@code wanted} state: or null when it can. */
    static Transformation.Result notIn(ClusterMetadata previous, NodeId node, NodeState wanted, String what) {
        NodeRecord record = previous.directory().get(node);
        if (record != null && record.state() == wanted) {
            return null;
        }
        return Transformation.invalid("Node " + node + " is " + (record == null ? "unknown" : record.state()) + ": "
                + what + " needs a " + wanted + " node");
    }

    /** Why a node that must stay cannot go: it is the last metadata replica, or the last joined node. */
    static Transformation.Result cannotGo(ClusterMetadata previous, NodeId node) {
        if (previous.metadataReplicas().equals(java.util.Set.of(node))) {
            return Transformation.invalid("Node " + node + " is the only metadata replica: another node must "
                    + "become one first");
        }
        if (previous.tokens().size() == 1 && previous.tokens().containsKey(node)) {
            return Transformation.invalid("Node " + node + " is the last node of the ring");
        }
        return null;
    }

    /**
     * {@code builder} with {@code node} no longer a metadata replica, if it was: a node that
     * leaves or is removed gives up that role in the entry preparing its movement (one member
     * less, as a RemoveMetadataReplica would), and the steward chooses another. (A replaced node
     * keeps it until its replacement takes it over, see {@code AdvanceMovement}.)
     */
    static ClusterMetadata.Builder withoutRole(ClusterMetadata previous, ClusterMetadata.Builder builder,
                                               NodeId node) {
        return previous.metadataReplicas().contains(node) ? builder.removeMetadataReplica(node) : builder;
    }

    /** Why {@code tokens} cannot be {@code node}'s: none, or one owned by another node. Null when they can. */
    static Transformation.Result unusable(ClusterMetadata previous, NodeId node, SortedSet<Long> tokens) {
        if (tokens.isEmpty()) {
            return Transformation.invalid("Node " + node + " needs at least one token");
        }
        for (Map.Entry<NodeId, SortedSet<Long>> owner : previous.tokens().entrySet()) {
            if (owner.getKey().equals(node)) {
                continue;
            }
            for (long token : tokens) {
                if (owner.getValue().contains(token)) {
                    return Transformation.invalid("Token " + token + " is owned by node " + owner.getKey());
                }
            }
        }
        return null;
    }

    /** The joined nodes' tokens with {@code node}'s set to {@code owned} (null: taken out). */
    static SortedMap<NodeId, SortedSet<Long>> ringWith(ClusterMetadata previous, NodeId node, SortedSet<Long> owned) {
        SortedMap<NodeId, SortedSet<Long>> ring = new TreeMap<>(previous.tokens());
        if (owned == null) {
            ring.remove(node);
        } else {
            ring.put(node, Collections.unmodifiableSortedSet(new TreeSet<>(owned)));
        }
        return ring;
    }

    /**
     * A joined node's tokens leave the ring ({@code kind} LEAVE, or REMOVE of a dead node): the
     * movement that takes them out, or why it cannot start.
     */
    static Transformation.Result takeOut(ClusterMetadata previous, NodeId node, RangeMovement.Kind kind, String what) {
        Transformation.Result refused = firstOf(busy(previous), notIn(previous, node, NodeState.JOINED, what),
                cannotGo(previous, node));
        if (refused != null) {
            return refused;
        }
        return Transformation.applied(withoutRole(previous, previous.next(), node).movement(new RangeMovement(kind,
                node, null, ringWith(previous, node, null), RangeMovement.Step.PREPARED, previous.epoch().next())));
    }

    /** The first reason in order that is not null, or null. */
    static Transformation.Result firstOf(Transformation.Result... reasons) {
        for (Transformation.Result reason : reasons) {
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }
}
