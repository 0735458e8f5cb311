package io.cairn.server;

import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.gossip.GossipListener;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.system.PeersTables;
import io.cairn.protocol.message.Response;
import io.cairn.server.transport.CqlServer;

import java.net.InetSocketAddress;

/**
 * Tells registered clients about other nodes (TOPOLOGY_CHANGE when one joins or leaves, STATUS_CHANGE
 * when one goes up or down, at its native address).
 */
final class ClientEvents implements GossipListener {

    private final CqlServer server;
    /** Nodes announced to clients, by their native address: a joining node is announced once it has one. */
    private final java.util.Map<NodeAddress, InetSocketAddress> announced = new java.util.concurrent.ConcurrentHashMap<>();

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

    /** NEW_NODE once a node is usable by drivers: its peers row (host id, tokens, address) exists. */
    private void announce(NodeAddress node, EndpointState state) {
        InetSocketAddress address = nativeAddress(state);
        if (address == null || state.get(io.cairn.cluster.gossip.ApplicationState.HOST_ID) == null
                || state.get(io.cairn.cluster.gossip.ApplicationState.TOKENS) == null) {
            return;
        }
        if (!address.equals(announced.put(node, address))) {
            server.events().broadcast(new Response.TopologyChange(Response.TopologyChangeType.NEW_NODE, address));
        }
    }

    /** REMOVED_NODE once a node left the cluster (decommissioned, removed, or replaced on another address). */
    @Override
    public void onRemoved(NodeAddress node, EndpointState state) {
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
