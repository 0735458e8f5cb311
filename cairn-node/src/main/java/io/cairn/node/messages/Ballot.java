package io.cairn.node.messages;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

/**
 * A Paxos ballot: a time in microseconds and the id of the node that issued it, ordered by
 * time, then by node id. Node ids are unique per node, so no two coordinators ever issue the
 * same ballot. It crosses the wire in every Paxos message, hence it lives with the messages.
 *
 * <p>{@link #toBytes()} is order-preserving (unsigned byte order is ballot order), so a
 * storage cell whose value starts with a ballot is kept by the storage engine's max-merge
 * exactly when its ballot is the highest.
 */
public record Ballot(long micros, long nodeId) implements Comparable<Ballot> {

    /** Bytes of {@link #toBytes()}. */
    public static final int BYTES = 16;

    @Override
    public int compareTo(Ballot other) {
        int byTime = Long.compare(micros, other.micros);
        return byTime != 0 ? byTime : Long.compare(nodeId, other.nodeId);
    }

    public boolean isAfter(Ballot other) {
        return other == null || compareTo(other) > 0;
    }

    /** The higher of two ballots, either of which may be null (none). */
    public static Ballot max(Ballot a, Ballot b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }

    /** Sixteen bytes whose unsigned order is the ballots' order (sign bits flipped). */
    public byte[] toBytes() {
        return java.nio.ByteBuffer.allocate(BYTES).putLong(micros ^ Long.MIN_VALUE)
                .putLong(nodeId ^ Long.MIN_VALUE).array();
    }

    /** The ballot at the start of {@code bytes} (which must hold at least {@link #BYTES}). */
    public static Ballot fromBytes(byte[] bytes) {
        if (bytes.length < BYTES) {
            throw new IllegalArgumentException("A ballot takes " + BYTES + " bytes, got " + bytes.length);
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        return new Ballot(buffer.getLong() ^ Long.MIN_VALUE, buffer.getLong() ^ Long.MIN_VALUE);
    }

    static void write(ByteWriter out, Ballot ballot) {
        out.writeLong(ballot.micros).writeLong(ballot.nodeId);
    }

    static Ballot read(ByteReader in) {
        return new Ballot(in.readLong(), in.readLong());
    }

    static void writeNullable(ByteWriter out, Ballot ballot) {
        out.writeBoolean(ballot != null);
        if (ballot != null) {
            write(out, ballot);
        }
    }

    static Ballot readNullable(ByteReader in) {
        return in.readBoolean() ? read(in) : null;
    }

    @Override
    public String toString() {
        return "Ballot[" + micros + ":" + nodeId + "]";
    }
}
