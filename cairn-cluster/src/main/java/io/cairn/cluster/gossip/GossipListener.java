package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.NodeAddress;

/** Hears about other nodes as gossip learns of them. Called with the gossiper's lock released. */
public interface GossipListener {

    /** A node was heard of for the first time, or restarted (a new generation). */
    default void onJoin(NodeAddress node, EndpointState state) {
    }

    /** Some of a node's application states changed. */
    default void onChange(NodeAddress node, EndpointState state) {
    }

    /** The failure detector now considers the node up. */
    default void onAlive(NodeAddress node, EndpointState state) {
    }

    /** The failure detector now considers the node down. */
    default void onDead(NodeAddress node, EndpointState state) {
    }

    /** The node left the cluster: gossip forgot it (see {@link Gossiper#forget}). */
    default void onRemoved(NodeAddress node, EndpointState state) {
    }
}
