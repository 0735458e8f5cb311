package io.cairn.common.encoding;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte buffer that keys and serialized values are written into. Reuse one per
 * thread ({@link #reset()}) to keep the hot path free of per-key allocation.
 *
 * <p>It never grows past {@code maxBytes}: a write that would is refused with an
 * {@link IllegalArgumentException}, so a huge or malicious value cannot make a key unbounded.
 * Not thread-safe.
 */
public final class ByteSink {

    /** The default bound: well above Cassandra's 64 KiB per key component, even escaped. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private final int maxBytes;
    private byte[] bytes;
    private int size;

    /** A sink bounded by {@link #DEFAULT_MAX_BYTES}. */
    public ByteSink() {
        this(DEFAULT_MAX_BYTES);
    }

    public ByteSink(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.bytes = new byte[Math.min(64, maxBytes)];
    }

    /** The number of bytes written since creation or the last {@link #reset()}. */
    public int size() {
        return size;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Forgets the written bytes, keeping the allocated capacity. */
    public void reset() {
        size = 0;
    }

    /** A copy of the written bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** A copy of {@code [from, size())}. */
    public byte[] toByteArray(int from) {
        return Arrays.copyOfRange(bytes, from, size);
    }

    public void writeByte(int value) {
        ensureRoom(1);
        bytes[size++] = (byte) value;
    }

    public void writeBytes(byte[] source, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    /** Appends {@code source[from, to)} without moving its position. */
    public void writeBytes(ByteBuffer source, int from, int to) {
        int length = to - from;
        ensureRoom(length);
        source.get(from, bytes, size, length);
        size += length;
    }

    /** Appends the big-endian 2 bytes of {@code value}. */
    public void writeShort(int value) {
        ensureRoom(2);
        bytes[size] = (byte) (value >>> 8);
        bytes[size + 1] = (byte) value;
        size += 2;
    }

    /** Appends the big-endian 4 bytes of {@code value}. */
    public void writeInt(int value) {
        ensureRoom(4);
        putInt(size, value);
        size += 4;
    }

    /** Appends the big-endian 8 bytes of {@code value}. */
    public void writeLong(long value) {
        ensureRoom(8);
        putInt(size, (int) (value >>> 32));
        putInt(size + 4, (int) value);
        size += 8;
    }

    /** Overwrites the 4 bytes at {@code at} (already written) with {@code value}, big-endian. */
    void setInt(int at, int value) {
        assert at >= 0 && at + 4 <= size : "setInt outside the written bytes";
        putInt(at, value);
    }

    /** XORs every byte in {@code [from, size())} with 0xFF. */
    void complementFrom(int from) {
        for (int i = from; i < size; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
    }

    /** Drops the bytes from {@code newSize} on. */
    void truncate(int newSize) {
        assert newSize >= 0 && newSize <= size;
        size = newSize;
    }

    /** The backing array; valid up to {@link #size()} until the next write. */
    byte[] array() {
        return bytes;
    }

    /** A big-endian view of the written bytes, valid until the next write. */
    ByteBuffer view(int from) {
        return ByteBuffer.wrap(bytes, from, size - from).slice();
    }

    private void putInt(int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private void ensureRoom(int more) {
        int needed = size + more;
        if (needed < 0 || needed > maxBytes) {
            throw new IllegalArgumentException("Key or value needs more than the " + maxBytes
                    + " bytes this buffer is bounded to; raise maxBytes or shorten the value");
        }
        if (needed > bytes.length) {
            int grown = (int) Math.min(maxBytes, Math.max((long) needed, 2L * bytes.length));
            bytes = Arrays.copyOf(bytes, grown);
        }
    }
}
