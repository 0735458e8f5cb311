package io.cairn.common.encoding;

/**
 * A position in encoded key bytes, from which {@link KeyCodec} decodes one component at a time.
 * A clustering stored as the concatenation of its components' encodings is split by decoding
 * each component in turn from the same reader; {@link #position()} is then where the next
 * component starts.
 *
 * <p>Reading past the limit, or bytes that are no valid encoding, raise an
 * {@link IllegalArgumentException} naming the position. Not thread-safe.
 */
public final class KeyReader {

    private final byte[] bytes;
    private final int limit;
    private int position;
    /** 0x00 while reading an ascending encoding, 0xFF while reading a complemented one. */
    private int mask;

    /** Reads all of {@code bytes}. */
    public KeyReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** Reads {@code bytes[offset, limit)}. */
    public KeyReader(byte[] bytes, int offset, int limit) {
        if (offset < 0 || limit > bytes.length || offset > limit) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + limit + ") of " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = offset;
        this.limit = limit;
    }

    /** The index in the array of the next byte to decode. */
    public int position() {
        return position;
    }

    public boolean hasRemaining() {
        return position < limit;
    }

    /** The number of bytes left to decode. */
    public int remaining() {
        return limit - position;
    }

    int mask() {
        return mask;
    }

    void setMask(int mask) {
        this.mask = mask;
    }

    /** The next byte, un-complemented, as 0..255. */
    int readUnsignedByte() {
        if (position >= limit) {
            throw malformed("key bytes end in the middle of a value");
        }
        return (bytes[position++] ^ mask) & 0xFF;
    }

    int readInt() {
        requireRemaining(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | ((bytes[position++] ^ mask) & 0xFF);
        }
        return value;
    }

    long readLong() {
        requireRemaining(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | ((bytes[position++] ^ mask) & 0xFF);
        }
        return value;
    }

    /** Copies the next {@code length} bytes, un-complemented, to {@code out}. */
    void copyTo(ByteSink out, int length) {
        requireRemaining(length);
        int start = out.size();
        out.writeBytes(bytes, position, length);
        position += length;
        if (mask != 0) {
            out.complementFrom(start);
        }
    }

    IllegalArgumentException malformed(String what) {
        return new IllegalArgumentException("Malformed key encoding at byte " + position + ": " + what);
    }

    private void requireRemaining(int length) {
        if (length < 0 || limit - position < length) {
            throw malformed("key bytes end in the middle of a value");
        }
    }
}
