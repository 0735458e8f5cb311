package io.cairn.node.system;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.gossip.GossipListener;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.StorageEngine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps {@code system.peers} and {@code system.peers_v2} true from gossip: one row per
 * other node with the columns drivers read (peer, rpc/native address and port, data center,
 * rack, host id, release and schema versions, tokens). A node is listed once its host id,
 * tokens and native address are known: drivers reject rows with those missing.
 */
public final class PeersTables implements GossipListener {

    private final StorageEngine storage;
    private final SchemaManager schema;
    private final Clock clock;
    private final NodeAddress self;

    public PeersTables(StorageEngine storage, SchemaManager schema, Clock clock, NodeAddress self) {
        this.storage = storage;
        this.schema = schema;
        this.clock = clock;
        this.self = self;
    }

    @Override
    public void onJoin(NodeAddress node, EndpointState state) {
        write(node, state);
    }

    @Override
    public void onChange(NodeAddress node, EndpointState state) {
        write(node, state);
    }

    @Override
    public void onAlive(NodeAddress node, EndpointState state) {
        write(node, state);
    }

    /** The address of {@code node}'s peers rows, or null for this node itself or an unknown host. */
    private InetAddress peerAddress(NodeAddress node) {
        if (node.equals(self)) {
            return null;
        }
        try {
            return InetAddress.getByName(node.host());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * A node that left the cluster is no longer a peer: drivers stop connecting to it
     * ({@code state} is not needed, and may be null).
     */
    @Override
    public synchronized void onRemoved(NodeAddress node, EndpointState state) {
        InetAddress peer = peerAddress(node);
        if (peer == null) {
            return;
        }
        long micros = nextMicros();
        long nowSeconds = clock.currentTimeSeconds();
        TableMetadata peers = schema.current().table(SystemKeyspaces.SYSTEM, "peers");
        storage.apply(peers.tableId(), SchemaRows.deleteRow(peers, Map.of("peer", NativeType.INET.decompose(peer)),
                micros, nowSeconds));
        TableMetadata peersV2 = schema.current().table(SystemKeyspaces.SYSTEM, "peers_v2");
        storage.apply(peersV2.tableId(), SchemaRows.deleteRow(peersV2, Map.of("peer",
                NativeType.INET.decompose(peer), "peer_port", NativeType.INT.decompose(node.port())), micros,
                nowSeconds));
    }

    /** The native address ("host:port") a node's gossip states advertise, or null. */
    public static InetSocketAddressValue nativeAddress(EndpointState state) {
        String value = state.get(ApplicationState.NATIVE_ADDRESS);
        if (value == null || value.lastIndexOf(':') < 0) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        try {
            return new InetSocketAddressValue(InetAddress.getByName(value.substring(0, colon)),
                    Integer.parseInt(value.substring(colon + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    /** An address and port, as peers tables store them. */
    public record InetSocketAddressValue(InetAddress address, int port) {
    }

    /** The timestamp of the last write of a peers row; guarded by {@code this}. */
    private long lastWrittenMicros = Long.MIN_VALUE;

    /**
     * The timestamp of the next write: now, or just after the last one, whichever is later, so
     * that a peer's tokens replace those written before (a move) even within one microsecond.
     */
    private long nextMicros() {
        long now = clock.currentTimeMicros();
        lastWrittenMicros = lastWrittenMicros == Long.MIN_VALUE ? now : Math.max(now, lastWrittenMicros + 1);
        return lastWrittenMicros;
    }

    private synchronized void write(NodeAddress node, EndpointState state) {
        if (node.equals(self)) {
            return;
        }
        String hostId = state.get(ApplicationState.HOST_ID);
        String tokens = state.get(ApplicationState.TOKENS);
        InetSocketAddressValue nativeAddress = nativeAddress(state);
        InetAddress peer = peerAddress(node);
        if (hostId == null || tokens == null || nativeAddress == null || peer == null) {
            return;
        }
        List<ByteBuffer> tokenTexts = new ArrayList<>();
        for (String token : tokens.split(",")) {
            if (!token.isBlank()) {
                tokenTexts.add(SchemaRows.text(token.trim()));
            }
        }
        Map<String, ByteBuffer> common = new HashMap<>();
        common.put("peer", NativeType.INET.decompose(peer));
        common.put("data_center", SchemaRows.text(orDefault(state.get(ApplicationState.DATA_CENTER), "datacenter1")));
        common.put("rack", SchemaRows.text(orDefault(state.get(ApplicationState.RACK), "rack1")));
        common.put("host_id", NativeType.UUID.decompose(UUID.fromString(hostId)));
        common.put("release_version", SchemaRows.text(orDefault(state.get(ApplicationState.RELEASE_VERSION),
                LocalNodeInfo.RELEASE_VERSION)));
        String schemaVersion = state.get(ApplicationState.SCHEMA_VERSION);
        if (schemaVersion != null) {
            common.put("schema_version", NativeType.UUID.decompose(UUID.fromString(schemaVersion)));
        }
        common.put("tokens", new SetType(NativeType.TEXT, false).pack(tokenTexts));
        long micros = nextMicros();

        Map<String, ByteBuffer> v1 = new HashMap<>(common);
        v1.put("rpc_address", NativeType.INET.decompose(nativeAddress.address()));
        TableMetadata peers = schema.current().table(SystemKeyspaces.SYSTEM, "peers");
        storage.apply(peers.tableId(), SchemaRows.row(peers, v1, micros, java.util.Set.of("tokens")));

        Map<String, ByteBuffer> v2 = new HashMap<>(common);
        v2.put("peer_port", NativeType.INT.decompose(node.port()));
        v2.put("native_address", NativeType.INET.decompose(nativeAddress.address()));
        v2.put("native_port", NativeType.INT.decompose(nativeAddress.port()));
        TableMetadata peersV2 = schema.current().table(SystemKeyspaces.SYSTEM, "peers_v2");
        storage.apply(peersV2.tableId(), SchemaRows.row(peersV2, v2, micros, java.util.Set.of("tokens")));
    }

    /**
     * What {@code system.peers_v2} holds of each other node, as the gossip states the ring is
     * built from (tokens, data center, rack, host id, native address): a restarting node
     * remembers them (see {@link io.cairn.cluster.gossip.Gossiper#remember}) so that it never
     * coordinates with a ring of itself alone.
     */
    public static Map<NodeAddress, Map<ApplicationState, String>> remembered(StorageEngine storage, Schema schema,
                                                                          long nowSeconds) {
        TableMetadata peersV2 = schema.table(SystemKeyspaces.SYSTEM, "peers_v2");
        Map<NodeAddress, Map<ApplicationState, String>> peers = new java.util.TreeMap<>();
        for (Map<String, ByteBuffer> row : SchemaRows.readAll(storage, peersV2, nowSeconds)) {
            ByteBuffer tokens = row.get("tokens");
            ByteBuffer hostId = row.get("host_id");
            if (tokens == null || hostId == null || row.get("peer_port") == null) {
                continue;
            }
            InetAddress peer = (InetAddress) NativeType.INET.compose(row.get("peer"));
            int port = (Integer) NativeType.INT.compose(row.get("peer_port"));
            StringBuilder tokenList = new StringBuilder();
            for (ByteBuffer token : new SetType(NativeType.TEXT, false).unpack(tokens)) {
                tokenList.append(tokenList.length() == 0 ? "" : ",").append(SchemaRows.text(token));
            }
            Map<ApplicationState, String> states = new java.util.EnumMap<>(ApplicationState.class);
            states.put(ApplicationState.TOKENS, tokenList.toString());
            states.put(ApplicationState.HOST_ID, NativeType.UUID.compose(hostId).toString());
            states.put(ApplicationState.STATUS, "NORMAL");
            if (row.get("data_center") != null) {
                states.put(ApplicationState.DATA_CENTER, SchemaRows.text(row.get("data_center")));
            }
            if (row.get("rack") != null) {
                states.put(ApplicationState.RACK, SchemaRows.text(row.get("rack")));
            }
            if (row.get("native_address") != null && row.get("native_port") != null) {
                states.put(ApplicationState.NATIVE_ADDRESS,
                        ((InetAddress) NativeType.INET.compose(row.get("native_address"))).getHostAddress() + ":"
                                + NativeType.INT.compose(row.get("native_port")));
            }
            peers.put(new NodeAddress(peer.getHostAddress(), port), states);
        }
        return peers;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
