package io.cairn.storage.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A growable big-endian buffer for the storage wire formats. */
final class WireWriter {

    private ByteBuffer buffer = ByteBuffer.allocate(256);

    private void ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }

    void putByte(int value) {
        ensure(1);
        buffer.put((byte) value);
    }

    void putBoolean(boolean value) {
        putByte(value ? 1 : 0);
    }

    void putInt(int value) {
        ensure(4);
        buffer.putInt(value);
    }

    void putLong(long value) {
        ensure(8);
        buffer.putLong(value);
    }

    /** Bytes with a length; null as length -1. */
    void putBytes(byte[] value) {
        if (value == null) {
            putInt(-1);
            return;
        }
        ensure(4 + value.length);
        buffer.putInt(value.length).put(value);
    }

    void putString(String value) {
        putBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toBytes() {
        byte[] bytes = new byte[buffer.position()];
        buffer.flip();
        buffer.get(bytes);
        buffer.position(buffer.limit());
        buffer.limit(buffer.capacity());
        return bytes;
    }
}
