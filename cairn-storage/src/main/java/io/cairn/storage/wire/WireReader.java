package io.cairn.storage.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the storage wire formats with every count and length checked against what remains,
 * so a corrupt message fails with {@link MalformedMessageException}, never a huge allocation.
 */
final class WireReader {

    private final ByteBuffer in;

    WireReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes);
    }

    byte getByte() {
        try {
            return in.get();
        } catch (BufferUnderflowException e) {
            throw new MalformedMessageException("truncated message");
        }
    }

    boolean getBoolean() {
        return getByte() != 0;
    }

    int getInt() {
        try {
            return in.getInt();
        } catch (BufferUnderflowException e) {
            throw new MalformedMessageException("truncated message");
        }
    }

    long getLong() {
        try {
            return in.getLong();
        } catch (BufferUnderflowException e) {
            throw new MalformedMessageException("truncated message");
        }
    }

    /** A count of items of at least {@code minBytesEach} bytes each. */
    int getCount(int minBytesEach) {
        int count = getInt();
        if (count < 0 || (long) count * Math.max(1, minBytesEach) > in.remaining()) {
            throw new MalformedMessageException("count " + count + " does not fit the message");
        }
        return count;
    }

    byte[] getBytes() {
        int length = getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new MalformedMessageException("length " + length + " does not fit the message");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    String getString() {
        byte[] bytes = getBytes();
        if (bytes == null) {
            throw new MalformedMessageException("missing string");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void expectEnd() {
        if (in.hasRemaining()) {
            throw new MalformedMessageException(in.remaining() + " unexpected trailing bytes");
        }
    }
}
