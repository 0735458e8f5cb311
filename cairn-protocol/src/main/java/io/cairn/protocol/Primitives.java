package io.cairn.protocol;

import io.netty.buffer.ByteBuf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The protocol's notations (native_protocol_v5 §3): [int], [string], [bytes], [value] and the
 * rest, read from and written to Netty buffers, all big-endian. Every read checks what is left
 * first and throws {@link ProtocolException}, so a short or lying message never reads past its
 * body or allocates for a length it does not have.
 */
public final class Primitives {

    /** A [value] whose length is -2: the bound variable is unset and leaves its column untouched. */
    public static final ByteBuffer UNSET = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private Primitives() {
    }

    public static int readInt(ByteBuf in) {
        need(in, 4, "an [int]");
        return in.readInt();
    }

    public static long readLong(ByteBuf in) {
        need(in, 8, "a [long]");
        return in.readLong();
    }

    public static int readUnsignedShort(ByteBuf in) {
        need(in, 2, "a [short]");
        return in.readUnsignedShort();
    }

    public static int readUnsignedByte(ByteBuf in) {
        need(in, 1, "a [byte]");
        return in.readUnsignedByte();
    }

    public static String readString(ByteBuf in) {
        return utf8(in, readUnsignedShort(in), "[string]");
    }

    public static String readLongString(ByteBuf in) {
        int length = readInt(in);
        if (length < 0) {
            throw new ProtocolException("Negative length " + length + " for a [long string]");
        }
        return utf8(in, length, "[long string]");
    }

    /** A [bytes]: null when the length is negative. */
    public static ByteBuffer readBytes(ByteBuf in) {
        int length = readInt(in);
        if (length < 0) {
            return null;
        }
        return copy(in, length, "[bytes]");
    }

    /** A [value]: null for length -1, {@link #UNSET} for -2. */
    public static ByteBuffer readValue(ByteBuf in) {
        int length = readInt(in);
        if (length == -1) {
            return null;
        }
        if (length == -2) {
            return UNSET;
        }
        if (length < 0) {
            throw new ProtocolException("Invalid [value] length " + length);
        }
        return copy(in, length, "[value]");
    }

    public static byte[] readShortBytes(ByteBuf in) {
        int length = readUnsignedShort(in);
        need(in, length, "[short bytes]");
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    public static UUID readUuid(ByteBuf in) {
        need(in, 16, "a [uuid]");
        return new UUID(in.readLong(), in.readLong());
    }

    public static List<String> readStringList(ByteBuf in) {
        int count = readUnsignedShort(in);
        List<String> strings = new ArrayList<>(Math.min(count, in.readableBytes() / 2));
        for (int i = 0; i < count; i++) {
            strings.add(readString(in));
        }
        return strings;
    }

    public static Map<String, String> readStringMap(ByteBuf in) {
        int count = readUnsignedShort(in);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    public static Map<String, ByteBuffer> readBytesMap(ByteBuf in) {
        int count = readUnsignedShort(in);
        Map<String, ByteBuffer> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(readString(in), readBytes(in));
        }
        return map;
    }

    public static void writeString(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("A [string] holds at most 65535 bytes, got " + bytes.length);
        }
        out.writeShort(bytes.length);
        out.writeBytes(bytes);
    }

    public static void writeLongString(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    /** Writes a [bytes]; null is written as length -1. */
    public static void writeBytes(ByteBuf out, ByteBuffer value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.remaining());
        out.writeBytes(value.duplicate());
    }

    /** Writes a [value]: null as -1, {@link #UNSET} as -2. */
    public static void writeValue(ByteBuf out, ByteBuffer value) {
        if (value == UNSET) {
            out.writeInt(-2);
            return;
        }
        writeBytes(out, value);
    }

    public static void writeShortBytes(ByteBuf out, byte[] value) {
        out.writeShort(value.length);
        out.writeBytes(value);
    }

    public static void writeUuid(ByteBuf out, UUID value) {
        out.writeLong(value.getMostSignificantBits());
        out.writeLong(value.getLeastSignificantBits());
    }

    public static void writeStringList(ByteBuf out, List<String> values) {
        out.writeShort(values.size());
        for (String value : values) {
            writeString(out, value);
        }
    }

    public static void writeStringMap(ByteBuf out, Map<String, String> map) {
        out.writeShort(map.size());
        map.forEach((key, value) -> {
            writeString(out, key);
            writeString(out, value);
        });
    }

    public static void writeStringMultimap(ByteBuf out, Map<String, List<String>> map) {
        out.writeShort(map.size());
        map.forEach((key, values) -> {
            writeString(out, key);
            writeStringList(out, values);
        });
    }

    public static void writeBytesMap(ByteBuf out, Map<String, ByteBuffer> map) {
        out.writeShort(map.size());
        map.forEach((key, value) -> {
            writeString(out, key);
            writeBytes(out, value);
        });
    }

    /** An [inet]: address length, address bytes, port. */
    public static void writeInet(ByteBuf out, InetSocketAddress address) {
        byte[] bytes = address.getAddress().getAddress();
        out.writeByte(bytes.length);
        out.writeBytes(bytes);
        out.writeInt(address.getPort());
    }

    public static InetSocketAddress readInet(ByteBuf in) {
        int length = readUnsignedByte(in);
        if (length != 4 && length != 16) {
            throw new ProtocolException("Invalid [inet] address length " + length);
        }
        need(in, length + 4, "an [inet]");
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), in.readInt());
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new ProtocolException("Invalid [inet]: " + e.getMessage());
        }
    }

    private static void need(ByteBuf in, int bytes, String what) {
        if (in.readableBytes() < bytes) {
            throw new ProtocolException("Not enough bytes to read " + what + ": need " + bytes + ", have "
                    + in.readableBytes());
        }
    }

    private static ByteBuffer copy(ByteBuf in, int length, String what) {
        need(in, length, what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static String utf8(ByteBuf in, int length, String what) {
        need(in, length, what);
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), length);
        try {
            String value = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
            in.skipBytes(length);
            return value;
        } catch (CharacterCodingException e) {
            throw new ProtocolException("Invalid UTF-8 in a " + what);
        }
    }
}
