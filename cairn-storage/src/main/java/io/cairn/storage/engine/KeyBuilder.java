package io.cairn.storage.engine;

import java.util.Arrays;

/** A growable byte array for assembling storage keys and values without intermediate copies. */
final class KeyBuilder {

    private byte[] buffer;
    private int length;

    KeyBuilder(int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    KeyBuilder put(byte b) {
        ensure(1);
        buffer[length++] = b;
        return this;
    }

    KeyBuilder put(byte[] bytes) {
        return put(bytes, 0, bytes.length);
    }

    KeyBuilder put(byte[] bytes, int from, int count) {
        ensure(count);
        System.arraycopy(bytes, from, buffer, length, count);
        length += count;
        return this;
    }

    KeyBuilder putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    KeyBuilder putInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
        return this;
    }

    int length() {
        return length;
    }

    /** Drops everything after the first {@code newLength} bytes, to reuse a common prefix. */
    void truncate(int newLength) {
        length = newLength;
    }

    byte[] toArray() {
        return Arrays.copyOf(buffer, length);
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}
