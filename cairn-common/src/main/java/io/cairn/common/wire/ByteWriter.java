package io.cairn.common.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * A growable big-endian byte buffer that messages are written into. Lengths are written as a
 * 4-byte int before the bytes they count; absent (null) bytes as length {@code -1}. What it
 * writes, {@link ByteReader} reads back. Not thread-safe.
 */
public final class ByteWriter {

    private static final int INITIAL_CAPACITY = 64;

    private byte[] bytes;
    private int size;

    public ByteWriter() {
        this(INITIAL_CAPACITY);
    }

    public ByteWriter(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity must not be negative: " + initialCapacity);
        }
        this.bytes = new byte[Math.max(initialCapacity, 8)];
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("A message cannot exceed " + (Integer.MAX_VALUE - 8) + " bytes");
        }
        if (needed > bytes.length) {
            long doubled = Math.max(needed, (long) bytes.length * 2);
            bytes = Arrays.copyOf(bytes, (int) Math.min(doubled, Integer.MAX_VALUE - 8));
        }
    }

    public ByteWriter writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public ByteWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public ByteWriter writeInt(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public ByteWriter writeLong(long value) {
        writeInt((int) (value >>> 32));
        return writeInt((int) value);
    }

    /** The bytes as they are, without a length: the reader must know how many to expect. */
    public ByteWriter writeRaw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    /** The bytes with their length first; they must not be null (see {@link #writeNullableBytes}). */
    public ByteWriter writeBytes(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("writeBytes needs bytes; use writeNullableBytes for absent ones");
        }
        writeInt(value.length);
        return writeRaw(value);
    }

    /** The bytes with their length first, or length -1 for null. */
    public ByteWriter writeNullableBytes(byte[] value) {
        return value == null ? writeInt(-1) : writeBytes(value);
    }

    /** The string as UTF-8 with its length in bytes first. */
    public ByteWriter writeString(String value) {
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public ByteWriter writeUuid(UUID value) {
        writeLong(value.getMostSignificantBits());
        return writeLong(value.getLeastSignificantBits());
    }

    /** How many bytes have been written. */
    public int size() {
        return size;
    }

    /** A copy of what has been written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
