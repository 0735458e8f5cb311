package io.cairn.common.encoding;

import java.nio.ByteBuffer;

/**
 * Cassandra's unsigned variable-length integers, as the native protocol v5 spec (§6.25, the
 * {@code vector} type) uses them for the length of each element of a vector whose elements
 * are of variable size: the number of leading one bits of the first byte is the number of
 * bytes that follow; the value is big-endian in the remaining bits. Values below 128 take one
 * byte.
 */
public final class UnsignedVInts {

    /** The most bytes one vint takes: a first byte of 0xFF and eight more. */
    public static final int MAX_SIZE = 9;

    private UnsignedVInts() {
    }

    /** How many bytes {@code value} (read as unsigned) takes. */
    public static int sizeOf(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return Math.min(MAX_SIZE, 1 + (bits - 1) / 7);
    }

    /** How many bytes the vint whose first byte is {@code firstByte} takes. */
    public static int sizeOfFirstByte(int firstByte) {
        return 1 + Integer.numberOfLeadingZeros(~(firstByte & 0xFF) << 24);
    }

    /** Writes {@code value} at the buffer's position, advancing it. */
    public static void write(ByteBuffer out, long value) {
        int extra = sizeOf(value) - 1;
        if (extra == MAX_SIZE - 1) {
            out.put((byte) 0xFF).putLong(value);
            return;
        }
        int prefix = (0xFF << (8 - extra)) & 0xFF;
        out.put((byte) (prefix | (int) (value >>> (8 * extra)) & (0xFF >>> (extra + 1))));
        for (int i = extra - 1; i >= 0; i--) {
            out.put((byte) (value >>> (8 * i)));
        }
    }

    /** Appends {@code value} to {@code out}. */
    public static void write(ByteSink out, long value) {
        byte[] bytes = new byte[sizeOf(value)];
        write(ByteBuffer.wrap(bytes), value);
        out.writeBytes(bytes, 0, bytes.length);
    }

    /**
     * The vint at absolute index {@code position} of {@code in}, which must hold all of it
     * before {@code limit}.
     *
     * @throws IllegalArgumentException if the vint runs past {@code limit}
     */
    public static long read(ByteBuffer in, int position, int limit) {
        if (position >= limit) {
            throw new IllegalArgumentException("A vint is missing at byte " + position);
        }
        int first = in.get(position) & 0xFF;
        int size = sizeOfFirstByte(first);
        if (position + size > limit) {
            throw new IllegalArgumentException("A vint of " + size + " bytes runs past the end of the value");
        }
        long value = size == MAX_SIZE ? 0 : first & (0xFF >>> size);
        for (int i = 1; i < size; i++) {
            value = value << 8 | in.get(position + i) & 0xFF;
        }
        return value;
    }
}
