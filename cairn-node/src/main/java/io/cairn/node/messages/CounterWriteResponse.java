package io.cairn.node.messages;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.util.Objects;

/**
 * A counter leader's answer to a {@link CounterWriteMessage}: the level was met (APPLIED); too
 * few replicas were alive, and nothing was written (UNAVAILABLE, with the replicas required and
 * alive); or too few acknowledged in time, and the outcome is unknown (TIMEOUT, with those
 * received and required). Layout: {@code [version][byte outcome][int first][int second]}.
 */
public record CounterWriteResponse(Outcome outcome, int first, int second) {

    public enum Outcome { APPLIED, UNAVAILABLE, TIMEOUT }

    private static final Outcome[] OUTCOMES = Outcome.values();
    /** More replicas than any keyspace has. */
    private static final int MAX_COUNT = 1 << 16;

    public CounterWriteResponse {
        Objects.requireNonNull(outcome, "outcome");
        if (first < 0 || second < 0 || first > MAX_COUNT || second > MAX_COUNT) {
            throw new IllegalArgumentException("Replica counts out of range: " + first + ", " + second);
        }
    }

    public static final CounterWriteResponse APPLIED = new CounterWriteResponse(Outcome.APPLIED, 0, 0);

    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        out.writeByte(outcome.ordinal());
        out.writeInt(first);
        out.writeInt(second);
        return out.toByteArray();
    }

    public static CounterWriteResponse deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "COUNTER_WRITE response", in -> {
            Outcome outcome = readOutcome(in);
            int first = in.readInt();
            int second = in.readInt();
            if (first < 0 || second < 0 || first > MAX_COUNT || second > MAX_COUNT) {
                throw in.malformed("replica counts out of range: " + first + ", " + second);
            }
            return new CounterWriteResponse(outcome, first, second);
        });
    }

    private static Outcome readOutcome(ByteReader in) {
        int outcome = in.readUnsignedByte();
        if (outcome >= OUTCOMES.length) {
            throw in.malformed("unknown counter write outcome " + outcome);
        }
        return OUTCOMES[outcome];
    }
}
