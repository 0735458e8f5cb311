package io.cairn.common.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Order-preserving, prefix-free, decodable byte encodings of CQL key values: for two values of
 * one {@link KeyType}, {@code Arrays.compareUnsigned} of their encodings has the sign of
 * Apache Cassandra 5.0's comparator ({@code AbstractType.compare}) on their serializations.
 *
 * <p>Because no encoding is a proper prefix of another of the same type, a clustering is the
 * plain concatenation of its components' encodings, and a {@link KeyOrder#DESCENDING} component
 * is its ascending encoding with every byte complemented. To split a concatenation, decode each
 * component in turn from one {@link KeyReader}.
 *
 * <p>Two entry points with one definition of order: the query layer passes CQL native-protocol
 * serialized values ({@link #encodeSerialized}); tools and tests pass Java values
 * ({@link #encode}, representations per {@link NativeKeyType}), which are serialized first.
 * Decoding gives back the serialized bytes that were encoded (a decimal keeps its scale, a
 * varint its redundant sign bytes), except where the key needs one form: a frozen set or map
 * comes back sorted and without duplicates, a tuple with all its components, boolean true as 0x01.
 *
 * <p>Values that Cassandra's comparator finds equal but that are written differently (the
 * decimals 1.0 and 1.00, NaNs with different bits) are different keys, adjacent in key order.
 * Cassandra keeps one clustering for them (the form written first); here each form is its own
 * row. {@link #encodeSerializedValueOnly} gives the prefix they share, for key-range bounds.
 *
 * <p>Stateless and thread-safe; the {@link ByteSink} and {@link KeyReader} passed in are not.
 */
public final class KeyCodec {

    /** Serialized values are at most this many times the size of the key bytes they decode from. */
    private static final int MAX_SERIALIZED_EXPANSION = 8;

    private KeyCodec() {
    }

    /** The ascending encoding of a Java value. */
    public static byte[] encode(KeyType type, Object value) {
        ByteSink out = new ByteSink();
        encode(type, value, KeyOrder.ASCENDING, out);
        return out.toByteArray();
    }

    /** The descending encoding of a Java value: its ascending encoding, every byte complemented. */
    public static byte[] encodeDescending(KeyType type, Object value) {
        ByteSink out = new ByteSink();
        encode(type, value, KeyOrder.DESCENDING, out);
        return out.toByteArray();
    }

    /**
     * Appends the encoding of a Java value to {@code out}.
     *
     * @throws IllegalArgumentException if the value is null, not of the type's Java class, or not
     *     representable in CQL (see {@link NativeKeyType}); {@code out} is then unchanged
     */
    public static void encode(KeyType type, Object value, KeyOrder order, ByteSink out) {
        ByteSink serialized = new ByteSink(boundedProduct(out.maxBytes(), MAX_SERIALIZED_EXPANSION));
        ValueSerializer.serialize(type, value, serialized);
        encodeSerialized(type, serialized.view(0), order, out);
    }

    /**
     * Appends the encoding of a value given in its CQL native-protocol serialization (the bytes of
     * a protocol {@code [value]}, without its length) between the buffer's position and limit.
     * The buffer's position is not moved. Set elements and map keys may come in any order; a
     * repeated map key keeps its last value, as in Cassandra.
     *
     * @throws IllegalArgumentException if the bytes are not a valid serialization of the type, or
     *     are an empty value (zero bytes) of a type other than text, ascii or blob; {@code out}
     *     is then unchanged
     */
    public static void encodeSerialized(KeyType type, ByteBuffer serialized, KeyOrder order, ByteSink out) {
        ByteBuffer value = serialized.order() == ByteOrder.BIG_ENDIAN
                ? serialized
                : serialized.duplicate().order(ByteOrder.BIG_ENDIAN);
        int start = out.size();
        try {
            OrderedEncoder.encode(type, value, value.position(), value.limit(), out);
        } catch (RuntimeException e) {
            out.truncate(start);
            throw e;
        }
        if (order == KeyOrder.DESCENDING) {
            out.complementFrom(start);
        }
    }

    /**
     * Appends the part of the encoding that every value equal to this one by Cassandra's
     * comparator shares, whatever its form (1.0, 1.00, 1E+0): a prefix of each of their
     * encodings, so that a key-range bound on it takes in, or leaves out, all of them. Only
     * varint, decimal, float and double have forms; for other types this is the whole encoding.
     *
     * @throws IllegalArgumentException as {@link #encodeSerialized}; {@code out} is then unchanged
     */
    public static void encodeSerializedValueOnly(KeyType type, ByteBuffer serialized, KeyOrder order, ByteSink out) {
        ByteBuffer value = serialized.order() == ByteOrder.BIG_ENDIAN
                ? serialized
                : serialized.duplicate().order(ByteOrder.BIG_ENDIAN);
        int start = out.size();
        try {
            OrderedEncoder.encodeValueOnly(type, value, value.position(), value.limit(), out);
        } catch (RuntimeException e) {
            out.truncate(start);
            throw e;
        }
        if (order == KeyOrder.DESCENDING) {
            out.complementFrom(start);
        }
    }

    /** Decodes a whole array holding one ascending encoding. */
    public static Object decode(KeyType type, byte[] encoded) {
        return decodeWhole(type, KeyOrder.ASCENDING, encoded);
    }

    /** Decodes a whole array holding one descending encoding. */
    public static Object decodeDescending(KeyType type, byte[] encoded) {
        return decodeWhole(type, KeyOrder.DESCENDING, encoded);
    }

    /** Decodes the value encoded at the reader's position, leaving the reader just after it. */
    public static Object decode(KeyType type, KeyOrder order, KeyReader in) {
        ByteSink serialized = new ByteSink(boundedProduct(in.remaining(), MAX_SERIALIZED_EXPANSION) + 64);
        decodeSerialized(type, order, in, serialized);
        return ValueDeserializer.deserialize(type, serialized.view(0), 0, serialized.size());
    }

    /**
     * Decodes the value encoded at the reader's position into its CQL native-protocol
     * serialization, appended to {@code out}; leaves the reader just after the value.
     *
     * @throws IllegalArgumentException if the bytes are not a valid encoding of the type
     */
    public static void decodeSerialized(KeyType type, KeyOrder order, KeyReader in, ByteSink out) {
        in.setMask(order.mask());
        try {
            OrderedDecoder.decode(type, in, out);
        } finally {
            in.setMask(KeyOrder.ASCENDING.mask());
        }
    }

    /** Like {@link #decodeSerialized(KeyType, KeyOrder, KeyReader, ByteSink)}, into a new buffer. */
    public static ByteBuffer decodeSerialized(KeyType type, KeyOrder order, KeyReader in) {
        ByteSink out = new ByteSink(boundedProduct(in.remaining(), MAX_SERIALIZED_EXPANSION) + 64);
        decodeSerialized(type, order, in, out);
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static Object decodeWhole(KeyType type, KeyOrder order, byte[] encoded) {
        KeyReader in = new KeyReader(encoded);
        Object value = decode(type, order, in);
        if (in.hasRemaining()) {
            throw in.malformed((encoded.length - in.position()) + " bytes follow the " + type.cqlName() + " value");
        }
        return value;
    }

    private static int boundedProduct(int size, int factor) {
        return (int) Math.min(Integer.MAX_VALUE - 64, (long) size * factor);
    }
}
