package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every node the cluster has known, by id, left ones included (their ids are never reused).
 * Immutable. An address is held by at most one joined node and at most one registered one: a
 * node replacing a dead one may come back on its address, and has it alone once the dead node
 * has left.
 */
public record Directory(SortedMap<NodeId, NodeRecord> nodes) {

    public static final Directory EMPTY = new Directory(new TreeMap<>());

    public Directory {
        nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
        Map<NodeState, Map<NodeAddress, NodeId>> holders = new java.util.EnumMap<>(NodeState.class);
        for (NodeRecord node : nodes.values()) {
            if (node.state() == NodeState.LEFT) {
                continue;
            }
            NodeId previous = holders.computeIfAbsent(node.state(), state -> new TreeMap<>())
                    .put(node.address(), node.id());
            if (previous != null) {
                throw new IllegalArgumentException("Nodes " + previous + " and " + node.id() + " are both "
                        + node.state() + " at address " + node.address());
            }
        }
    }

    public NodeRecord get(NodeId id) {
        return nodes.get(id);
    }

    public boolean contains(NodeId id) {
        return nodes.containsKey(id);
    }

    /** The node in {@code state} (not LEFT) that holds {@code address}, if any. */
    public Optional<NodeRecord> holderOf(NodeAddress address, NodeState state) {
        if (state == NodeState.LEFT) {
            throw new IllegalArgumentException("Left nodes hold no address");
        }
        for (NodeRecord node : nodes.values()) {
            if (node.state() == state && node.address().equals(address)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /** This directory with {@code node} added or replacing the record of the same id. */
    public Directory with(NodeRecord node) {
        TreeMap<NodeId, NodeRecord> copy = new TreeMap<>(nodes);
        copy.put(node.id(), node);
        return new Directory(copy);
    }

    /** This directory without {@code id} (a registration withdrawn before it took part). */
    public Directory without(NodeId id) {
        TreeMap<NodeId, NodeRecord> copy = new TreeMap<>(nodes);
        copy.remove(id);
        return new Directory(copy);
    }

    /** The ids of nodes in {@code state}, in id order. */
    public java.util.List<NodeId> inState(NodeState state) {
        return nodes.values().stream().filter(node -> node.state() == state).map(NodeRecord::id).toList();
    }
}
