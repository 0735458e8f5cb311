package io.cairn.node.messages;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * A data request (READ, RANGE_READ, MUTATION, READ_REPAIR) of a traced client request carries
 * its tracing session ahead of its message: {@code [MARKER][session uuid][message]}. The marker
 * is a byte no replica message starts with (they start with their layout version), so a replica
 * tells a traced request from another by its first byte.
 */
public final class TracedPayload {

    /** The first byte of a traced request's payload. */
    public static final byte MARKER = 0x7E;
    private static final int HEADER_BYTES = 1 + 16;

    /**
     * A payload, and the tracing session it belongs to.
     *
     * @param session null when the request is not traced
     */
    public record Unwrapped(UUID session, byte[] message) {
    }

    private TracedPayload() {
    }

    /** {@code message} marked as part of {@code session}. */
    public static byte[] wrap(UUID session, byte[] message) {
        return ByteBuffer.allocate(HEADER_BYTES + message.length).put(MARKER)
                .putLong(session.getMostSignificantBits()).putLong(session.getLeastSignificantBits())
                .put(message).array();
    }

    /** Whether {@code payload} is marked as part of a tracing session (a cheap look at its first bytes). */
    public static boolean isTraced(byte[] payload) {
        return payload.length >= HEADER_BYTES && payload[0] == MARKER;
    }

    /** The session a payload is marked with (null for an unmarked one) and the message it carries. */
    public static Unwrapped unwrap(byte[] payload) {
        if (!isTraced(payload)) {
            return new Unwrapped(null, payload);
        }
        ByteBuffer header = ByteBuffer.wrap(payload, 1, 16);
        UUID session = new UUID(header.getLong(), header.getLong());
        return new Unwrapped(session, Arrays.copyOfRange(payload, HEADER_BYTES, payload.length));
    }
}
