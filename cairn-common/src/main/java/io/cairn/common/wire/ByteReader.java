package io.cairn.common.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads what a {@link ByteWriter} wrote, checking every read against what remains: a read past
 * the end, a negative or oversized length or count, invalid UTF-8 or leftover bytes fail with a
 * {@link MalformedMessageException} naming the message, what was expected, the offset and the
 * bytes left. Lengths are checked before anything is allocated. Not thread-safe.
 */
public final class ByteReader {

    /** The default bound on one length-prefixed byte array. */
    public static final int MAX_BYTES_LENGTH = 1 << 28;
    /** The default bound on one string's UTF-8 length (names, addresses, states: never near it). */
    public static final int MAX_STRING_BYTES = 1 << 20;

    private final byte[] bytes;
    private final String what;
    private int offset;

    /** A reader of {@code bytes}, which hold {@code what} (e.g. "gossip SYN"), named in errors. */
    public ByteReader(byte[] bytes, String what) {
        if (bytes == null) {
            throw new MalformedMessageException("Malformed " + what + ": no bytes");
        }
        this.bytes = bytes;
        this.what = what;
    }

    public ByteReader(byte[] bytes) {
        this(bytes, "message");
    }

    /** Bytes not read yet. */
    public int remaining() {
        return bytes.length - offset;
    }

    /** Where the next read starts. */
    public int offset() {
        return offset;
    }

    /** A {@link MalformedMessageException} for a problem at the current offset. */
    public MalformedMessageException malformed(String problem) {
        return new MalformedMessageException("Malformed " + what + ": " + problem + " at offset " + offset
                + " (" + bytes(remaining()) + " left)");
    }

    private static String bytes(int count) {
        return count == 1 ? "1 byte" : count + " bytes";
    }

    private void require(int count, String expected) {
        if (count > remaining()) {
            throw malformed("expected " + expected + " (" + bytes(count) + ")");
        }
    }

    public byte readByte() {
        require(1, "a byte");
        return bytes[offset++];
    }

    public int readUnsignedByte() {
        return readByte() & 0xFF;
    }

    /** A boolean written as 0 or 1; any other byte is malformed. */
    public boolean readBoolean() {
        require(1, "a boolean");
        byte value = bytes[offset];
        if (value != 0 && value != 1) {
            throw malformed("expected a boolean (0 or 1), found " + value);
        }
        offset++;
        return value == 1;
    }

    public int readInt() {
        require(4, "an int");
        int value = (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16
                | (bytes[offset + 2] & 0xFF) << 8 | (bytes[offset + 3] & 0xFF);
        offset += 4;
        return value;
    }

    public long readLong() {
        require(8, "a long");
        long high = readInt();
        return high << 32 | (readInt() & 0xFFFF_FFFFL);
    }

    public UUID readUuid() {
        require(16, "a UUID");
        return new UUID(readLong(), readLong());
    }

    /** Exactly {@code length} bytes, without a length prefix. */
    public byte[] readRaw(int length) {
        if (length < 0) {
            throw malformed("expected a non-negative length, found " + length);
        }
        require(length, "raw bytes");
        byte[] value = new byte[length];
        System.arraycopy(bytes, offset, value, 0, length);
        offset += length;
        return value;
    }

    /** Length-prefixed bytes of at most {@link #MAX_BYTES_LENGTH}; never null. */
    public byte[] readBytes() {
        return readBytes(MAX_BYTES_LENGTH);
    }

    /** Length-prefixed bytes of at most {@code maxLength}; never null. */
    public byte[] readBytes(int maxLength) {
        byte[] value = readNullableBytes(maxLength);
        if (value == null) {
            throw malformed("expected bytes, found the absent marker");
        }
        return value;
    }

    /** Length-prefixed bytes of at most {@link #MAX_BYTES_LENGTH}, or null for length -1. */
    public byte[] readNullableBytes() {
        return readNullableBytes(MAX_BYTES_LENGTH);
    }

    /** Length-prefixed bytes of at most {@code maxLength}, or null for length -1. */
    public byte[] readNullableBytes(int maxLength) {
        int start = offset;
        int length = readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > maxLength) {
            offset = start;
            throw malformed("expected a length between 0 and " + maxLength + ", found length " + length);
        }
        if (length > remaining()) {
            offset = start;
            throw malformed("expected " + length + " bytes after the length prefix");
        }
        return readRaw(length);
    }

    /** A length-prefixed UTF-8 string of at most {@link #MAX_STRING_BYTES}. */
    public String readString() {
        return readString(MAX_STRING_BYTES);
    }

    /** A length-prefixed UTF-8 string of at most {@code maxBytes}; invalid UTF-8 is malformed. */
    public String readString(int maxBytes) {
        int start = offset;
        byte[] utf8 = readBytes(maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            offset = start;
            throw malformed("expected a UTF-8 string of " + utf8.length + " bytes, found invalid UTF-8");
        }
    }

    /**
     * A count of items of at least {@code minBytesEach} bytes each, bounded only by what the
     * remaining bytes can hold (which already bounds what is allocated for them).
     */
    public int readCount(int minBytesEach) {
        return readCount(minBytesEach, Integer.MAX_VALUE);
    }

    /**
     * A count of items of at least {@code minBytesEach} bytes each, at most {@code max}: a count
     * the remaining bytes cannot hold is refused before anything is allocated for it.
     */
    public int readCount(int minBytesEach, int max) {
        int start = offset;
        int count = readInt();
        if (count < 0 || count > max) {
            offset = start;
            throw malformed("expected a count between 0 and " + max + ", found count " + count);
        }
        if ((long) count * Math.max(1, minBytesEach) > remaining()) {
            offset = start;
            throw malformed("expected " + count + " items of at least " + Math.max(1, minBytesEach)
                    + " bytes each after the count");
        }
        return count;
    }

    /**
     * The leading version byte of a message; anything but {@code supportedVersion} is refused
     * (this node cannot know another layout).
     */
    public int readVersion(int supportedVersion) {
        int version = readUnsignedByte();
        if (version != supportedVersion) {
            offset--;
            throw malformed("expected version " + supportedVersion + ", found version " + version);
        }
        return version;
    }

    /** Checks that everything was read: trailing bytes mean the sender wrote another layout. */
    public void expectEnd() {
        if (remaining() > 0) {
            throw malformed("expected the end, found " + bytes(remaining()) + " trailing");
        }
    }
}
