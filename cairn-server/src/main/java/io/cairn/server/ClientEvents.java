package io.cairn.server;

import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.gossip.GossipListener;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.system.PeersTables;
import io.cairn.protocol.message.Response;
import io.cairn.server.transport.CqlServer;

import java.net.InetSocketAddress;

/**
 * Tells registered clients about other nodes (TOPOLOGY_CHANGE when one joins, moves to other tokens
 * or leaves, STATUS_CHANGE when one goes up or down, at its native address).
 */
final class ClientEvents implements GossipListener {

    private final CqlServer server;
    /** Nodes announced to clients, by their native address: a joining node is announced once it has one. */
    private final java.util.Map<NodeAddress, InetSocketAddress> announced = new java.util.concurrent.ConcurrentHashMap<>();
    /** The tokens each announced node had then (gossip's TOKENS state): a change is a move. */
    private final java.util.Map<NodeAddress, String> announcedTokens = new java.util.concurrent.ConcurrentHashMap<>();

    ClientEvents(CqlServer server) {
        this.server = server;
    }

    private static InetSocketAddress nativeAddress(EndpointState state) {
        PeersTables.InetSocketAddressValue value = PeersTables.nativeAddress(state);
        return value == null ? null : new InetSocketAddress(value.address(), value.port());
    }

    @Override
    public void onJoin(NodeAddress node, EndpointState state) {
        announced.remove(node);
        announce(node, state);
    }

    @Override
    public void onChange(NodeAddress node, EndpointState state) {
        announce(node, state);
    }

    /**
     * NEW_NODE once a node is usable by drivers: its peers row (host id, tokens, address) exists;
     * MOVED_NODE when a node announced before has other tokens.
     */
    private void announce(NodeAddress node, EndpointState state) {
        InetSocketAddress address = nativeAddress(state);
        String tokens = state.get(io.cairn.cluster.gossip.ApplicationState.TOKENS);
        if (address == null || state.get(io.cairn.cluster.gossip.ApplicationState.HOST_ID) == null || tokens == null) {
            return;
        }
        String before = announcedTokens.put(node, tokens);
        if (!address.equals(announced.put(node, address))) {
            server.events().broadcast(new Response.TopologyChange(Response.TopologyChangeType.NEW_NODE, address));
        } else if (before != null && !before.equals(tokens)) {
            server.events().broadcast(new Response.TopologyChange(Response.TopologyChangeType.MOVED_NODE, address));
        }
    }

    /** REMOVED_NODE once a node left the cluster (decommissioned, removed, or replaced on another address). */
    @Override
    public void onRemoved(NodeAddress node, EndpointState state) {
        announcedTokens.remove(node);
        InetSocketAddress address = announced.remove(node);
        if (address == null) {
            address = nativeAddress(state);
        }
        if (address != null) {
            server.events().broadcast(new Response.TopologyChange(Response.TopologyChangeType.REMOVED_NODE, address));
        }
    }

    @Override
    public void onAlive(NodeAddress node, EndpointState state) {
        InetSocketAddress address = nativeAddress(state);
        if (address != null) {
            server.events().broadcast(new Response.StatusChange(Response.StatusChangeType.UP, address));
        }
    }

    @Override
    public void onDead(NodeAddress node, EndpointState state) {
        InetSocketAddress address = nativeAddress(state);
        if (address != null) {
            server.events().broadcast(new Response.StatusChange(Response.StatusChangeType.DOWN, address));
        }
    }
}
