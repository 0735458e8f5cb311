package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.NodeAddress;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gossip's three messages: SYN carries digests (address, generation, max version); ACK the
 * states the sender has newer plus the digests it wants; ACK2 the states wanted. All sizes
 * are bounded when reading, so a corrupt message is refused, not allocated.
 */
final class GossipMessages {

    static final int MAX_ENDPOINTS = 10_000;
    static final int MAX_STRING_BYTES = 1 << 20;

    record Digest(NodeAddress node, int generation, int maxVersion) {
    }

    record Syn(List<Digest> digests) {
    }

    record Ack(Map<NodeAddress, EndpointState> states, List<Digest> wanted) {
    }

    private GossipMessages() {
    }

    static byte[] syn(List<Digest> digests) {
        Writer out = new Writer();
        writeDigests(out, digests);
        return out.toBytes();
    }

    static List<Digest> readSyn(byte[] bytes) {
        return readDigests(ByteBuffer.wrap(bytes));
    }

    static byte[] ack(Map<NodeAddress, EndpointState> states, List<Digest> wanted) {
        Writer out = new Writer();
        writeStates(out, states);
        writeDigests(out, wanted);
        return out.toBytes();
    }

    static Ack readAck(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Map<NodeAddress, EndpointState> states = readStates(in);
        return new Ack(states, readDigests(in));
    }

    static byte[] ack2(Map<NodeAddress, EndpointState> states) {
        Writer out = new Writer();
        writeStates(out, states);
        return out.toBytes();
    }

    static Map<NodeAddress, EndpointState> readAck2(byte[] bytes) {
        return readStates(ByteBuffer.wrap(bytes));
    }

    private static void writeDigests(Writer out, List<Digest> digests) {
        out.putInt(digests.size());
        for (Digest digest : digests) {
            writeAddress(out, digest.node());
            out.putInt(digest.generation());
            out.putInt(digest.maxVersion());
        }
    }

    private static List<Digest> readDigests(ByteBuffer in) {
        int count = count(in);
        List<Digest> digests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            digests.add(new Digest(readAddress(in), in.getInt(), in.getInt()));
        }
        return digests;
    }

    private static void writeStates(Writer out, Map<NodeAddress, EndpointState> states) {
        out.putInt(states.size());
        for (Map.Entry<NodeAddress, EndpointState> entry : states.entrySet()) {
            writeAddress(out, entry.getKey());
            EndpointState state = entry.getValue();
            out.putInt(state.generation());
            out.putInt(state.heartbeat());
            out.putInt(state.states().size());
            for (Map.Entry<ApplicationState, VersionedValue> value : state.states().entrySet()) {
                out.putInt(value.getKey().id());
                out.putInt(value.getValue().version());
                out.putString(value.getValue().value());
            }
        }
    }

    private static Map<NodeAddress, EndpointState> readStates(ByteBuffer in) {
        int count = count(in);
        Map<NodeAddress, EndpointState> states = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            NodeAddress node = readAddress(in);
            int generation = in.getInt();
            int heartbeat = in.getInt();
            int values = count(in);
            Map<ApplicationState, VersionedValue> map = new EnumMap<>(ApplicationState.class);
            for (int v = 0; v < values; v++) {
                ApplicationState key = ApplicationState.of(in.getInt());
                int version = in.getInt();
                String value = readString(in);
                if (key != null) {
                    map.put(key, new VersionedValue(value, version));
                }
            }
            states.put(node, new EndpointState(generation, heartbeat, map));
        }
        return states;
    }

    private static void writeAddress(Writer out, NodeAddress address) {
        out.putString(address.host());
        out.putInt(address.port());
    }

    private static NodeAddress readAddress(ByteBuffer in) {
        return new NodeAddress(readString(in), in.getInt());
    }

    private static int count(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > MAX_ENDPOINTS) {
            throw new IllegalArgumentException("Bad count " + count + " in a gossip message");
        }
        return count;
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > MAX_STRING_BYTES || length > in.remaining()) {
            throw new IllegalArgumentException("Bad string length " + length + " in a gossip message");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads a message, turning truncation into the same refusal as other corruption. */
    static <T> T guarded(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("Truncated gossip message", e);
        }
    }

    private static final class Writer {
        private ByteBuffer buffer = ByteBuffer.allocate(256);

        private void ensure(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        void putInt(int value) {
            ensure(4);
            buffer.putInt(value);
        }

        void putString(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            ensure(4 + bytes.length);
            buffer.putInt(bytes.length).put(bytes);
        }

        byte[] toBytes() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip();
            buffer.get(bytes);
            return bytes;
        }
    }
}
