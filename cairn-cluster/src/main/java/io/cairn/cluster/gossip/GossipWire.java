package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts gossip messages share: the version byte, addresses, digests and endpoint states.
 * Application states this version does not know are skipped, so a newer node can add some.
 */
final class GossipWire {

    /** The most endpoints (digests or states) one message may carry. */
    static final int MAX_ENDPOINTS = 10_000;
    /** The most application states one endpoint state may carry. */
    static final int MAX_STATES_PER_ENDPOINT = 1_000;
    /** The longest host name or IP literal. */
    static final int MAX_HOST_BYTES = 1024;
    /** The longest application state value (a token list of a few hundred tokens is well below). */
    static final int MAX_VALUE_BYTES = 1 << 20;
    /** The smallest digest: an empty host, a port, a generation, a version. */
    private static final int MIN_DIGEST_BYTES = 16;
    /** The smallest endpoint state: an empty host, a port, generation, heartbeat, partial, no states. */
    private static final int MIN_STATE_BYTES = 21;
    /** The smallest application state: an id, a version, an empty value. */
    private static final int MIN_VALUE_BYTES = 12;

    private GossipWire() {
    }

    static ByteWriter start() {
        return new ByteWriter(256).writeByte(GossipMessage.VERSION);
    }

    static ByteReader open(byte[] payload, String what) {
        ByteReader in = new ByteReader(payload, what);
        in.readVersion(GossipMessage.VERSION);
        return in;
    }

    static void writeDigests(ByteWriter out, List<GossipDigest> digests) {
        out.writeInt(digests.size());
        for (GossipDigest digest : digests) {
            writeAddress(out, digest.node());
            out.writeInt(digest.generation());
            out.writeInt(digest.maxVersion());
        }
    }

    static List<GossipDigest> readDigests(ByteReader in) {
        int count = in.readCount(MIN_DIGEST_BYTES, MAX_ENDPOINTS);
        List<GossipDigest> digests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            digests.add(new GossipDigest(readAddress(in), in.readInt(), in.readInt()));
        }
        return digests;
    }

    static void writeStates(ByteWriter out, Map<NodeAddress, EndpointState> states) {
        out.writeInt(states.size());
        for (Map.Entry<NodeAddress, EndpointState> entry : states.entrySet()) {
            writeAddress(out, entry.getKey());
            EndpointState state = entry.getValue();
            out.writeInt(state.generation());
            out.writeInt(state.heartbeat());
            out.writeBoolean(state.partial());
            out.writeInt(state.states().size());
            for (Map.Entry<ApplicationState, VersionedValue> value : state.states().entrySet()) {
                out.writeInt(value.getKey().id());
                out.writeInt(value.getValue().version());
                out.writeString(value.getValue().value());
            }
        }
    }

    static Map<NodeAddress, EndpointState> readStates(ByteReader in) {
        int count = in.readCount(MIN_STATE_BYTES, MAX_ENDPOINTS);
        Map<NodeAddress, EndpointState> states = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            NodeAddress node = readAddress(in);
            int generation = in.readInt();
            int heartbeat = in.readInt();
            boolean partial = in.readBoolean();
            int values = in.readCount(MIN_VALUE_BYTES, MAX_STATES_PER_ENDPOINT);
            Map<ApplicationState, VersionedValue> map = new EnumMap<>(ApplicationState.class);
            for (int v = 0; v < values; v++) {
                ApplicationState key = ApplicationState.of(in.readInt());
                int version = in.readInt();
                String value = in.readString(MAX_VALUE_BYTES);
                if (key != null) {
                    map.put(key, new VersionedValue(value, version));
                }
            }
            states.put(node, new EndpointState(generation, heartbeat, map, partial));
        }
        return states;
    }

    private static void writeAddress(ByteWriter out, NodeAddress address) {
        out.writeString(address.host());
        out.writeInt(address.port());
    }

    private static NodeAddress readAddress(ByteReader in) {
        String host = in.readString(MAX_HOST_BYTES);
        int port = in.readInt();
        if (port < 0 || port > 65_535) {
            throw in.malformed("expected a port between 0 and 65535, found port " + port);
        }
        return new NodeAddress(host, port);
    }
}
