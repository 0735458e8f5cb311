package io.cairn.common.encoding;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a value's CQL native-protocol serialization into its order-preserving key bytes: the one
 * place that defines the key order (the Java-value path serializes first, then comes here).
 * {@link OrderedDecoder} inverts it. Every encoding is prefix-free, and unsigned byte order of
 * encodings equals Cassandra 5.0's comparator order for the type:
 *
 * <ul>
 *   <li>{@code int, bigint, smallint, tinyint, timestamp}: big-endian with the sign bit flipped.
 *   <li>{@code date, time}: the serialized bytes; Cassandra compares both as unsigned bytes.
 *   <li>{@code boolean}: one byte, 0 for false, 1 for true (Cassandra reads any non-zero byte as
 *       true; this is the one type whose key keeps only the value, not the bytes, as drivers
 *       only ever send 0 or 1).
 *   <li>{@code float, double}: IEEE bits, NaNs made canonical; a positive value gets its sign bit
 *       set, a negative one every bit flipped. This gives Float.compare's order: -0.0 before 0.0,
 *       NaN after +Infinity. A NaN is followed by its own bits, so that every NaN decodes to
 *       the bits it was written with; NaNs differing only there are different keys, adjacent.
 *   <li>{@code text, ascii, blob}: the bytes with 0x00 written as 01 01 and 0x01 as 01 02, then a
 *       terminating 0x00. This order-preserving prefix code keeps unsigned lexicographic order,
 *       a string before its extensions.
 *   <li>{@code inet}: the first 4 bytes, then 0x00 for IPv4, or 0x01 and the other 12 bytes for
 *       IPv6: unsigned byte order with the 4-byte form before 16-byte forms it is a prefix of.
 *   <li>{@code uuid}: the version nibble, then for version 1 the 60-bit timestamp, for other
 *       versions the other 60 bits of the high half; then the low half (all unsigned).
 *   <li>{@code timeuuid}: the timestamp-first high half, then the low half with each byte's top bit
 *       flipped, because Cassandra compares those bytes signed.
 *   <li>{@code varint, decimal}: a value part ordering the number, then a form part recording
 *       how it was written (scale, redundant sign bytes); see {@link OrderedNumbers}.
 *   <li>tuples and UDTs: per component, 0x00 for null or 0x01 and the component's encoding.
 *   <li>vectors: the elements' encodings one after the other (there are always as many).
 *   <li>frozen list, set, map: per element (entry: key then value), 0x01 and its encoding; then
 *       0x00. Set elements and map keys are sorted and deduplicated first, as Cassandra stores them.
 * </ul>
 *
 * <p>Text is not checked for valid ASCII or UTF-8 here: values are validated where they enter
 * (as Cassandra validates them against their type), and the order is by bytes either way.
 *
 * <p>Empty (zero-byte) values, which Cassandra accepts for most non-string types and sorts first,
 * are refused: they have no Java value and would cost every key a byte to represent.
 */
final class OrderedEncoder {

    /** Precedes a present tuple component or each collection element. */
    static final int PRESENT = 0x01;
    /** Stands for a null tuple component, and ends a collection. */
    static final int ABSENT = 0x00;

    private static final long TIMEUUID_LOW_SIGN_FLIP = 0x8080808080808080L;

    private OrderedEncoder() {
    }

    /**
     * Appends the ascending encoding of the serialized value in {@code value[from, to)}, which must
     * be a big-endian buffer. Neither the buffer's position nor its limit is used.
     */
    static void encode(KeyType type, ByteBuffer value, int from, int to, ByteSink out) {
        if (type instanceof NativeKeyType) {
            encodeNative((NativeKeyType) type, value, from, to, true, out);
        } else if (type instanceof TupleKeyType) {
            encodeTuple((TupleKeyType) type, value, from, to, out);
        } else if (type instanceof ListKeyType) {
            encodeElements(((ListKeyType) type).elements(), null, false, type, value, from, to, out);
        } else if (type instanceof VectorKeyType) {
            encodeVector((VectorKeyType) type, value, from, to, out);
        } else if (type instanceof SetKeyType) {
            encodeElements(((SetKeyType) type).elements(), null, true, type, value, from, to, out);
        } else {
            MapKeyType map = (MapKeyType) type;
            encodeElements(map.keys(), map.values(), true, type, value, from, to, out);
        }
    }

    /**
     * Appends the part of the ascending encoding that every value equal to this one by
     * Cassandra's comparator shares, and that is a prefix of each of their encodings: the value
     * part of a varint, decimal or NaN (see {@link OrderedNumbers}), the whole encoding otherwise.
     */
    static void encodeValueOnly(KeyType type, ByteBuffer value, int from, int to, ByteSink out) {
        if (type instanceof NativeKeyType) {
            encodeNative((NativeKeyType) type, value, from, to, false, out);
        } else {
            encode(type, value, from, to, out);
        }
    }

    private static void encodeNative(NativeKeyType type, ByteBuffer value, int from, int to, boolean withForm, ByteSink out) {
        switch (type) {
            case ASCII:
            case TEXT:
            case BLOB:
                writeEscaped(value, from, to, out);
                break;
            case INT:
                requireSize(type, from, to, 4);
                out.writeInt(value.getInt(from) ^ Integer.MIN_VALUE);
                break;
            case BIGINT:
            case TIMESTAMP:
                requireSize(type, from, to, 8);
                out.writeLong(value.getLong(from) ^ Long.MIN_VALUE);
                break;
            case SMALLINT:
                requireSize(type, from, to, 2);
                out.writeShort(value.getShort(from) ^ 0x8000);
                break;
            case TINYINT:
                requireSize(type, from, to, 1);
                out.writeByte(value.get(from) ^ 0x80);
                break;
            case BOOLEAN:
                requireSize(type, from, to, 1);
                out.writeByte(value.get(from) == 0 ? 0 : 1);
                break;
            case FLOAT:
                requireSize(type, from, to, 4);
                int floatBits = value.getInt(from);
                out.writeInt(orderedFloatBits(floatBits));
                if (withForm && Float.isNaN(Float.intBitsToFloat(floatBits))) {
                    out.writeInt(floatBits);
                }
                break;
            case DOUBLE:
                requireSize(type, from, to, 8);
                long doubleBits = value.getLong(from);
                out.writeLong(orderedDoubleBits(doubleBits));
                if (withForm && Double.isNaN(Double.longBitsToDouble(doubleBits))) {
                    out.writeLong(doubleBits);
                }
                break;
            case DATE:
                requireSize(type, from, to, 4);
                out.writeInt(value.getInt(from));
                break;
            case TIME:
                requireSize(type, from, to, 8);
                out.writeLong(value.getLong(from));
                break;
            case UUID:
                requireSize(type, from, to, 16);
                out.writeLong(orderedUuidHigh(value.getLong(from)));
                out.writeLong(value.getLong(from + 8));
                break;
            case TIMEUUID:
                requireSize(type, from, to, 16);
                out.writeLong(timestampFirst(requireVersion1(value.getLong(from))));
                out.writeLong(value.getLong(from + 8) ^ TIMEUUID_LOW_SIGN_FLIP);
                break;
            case INET:
                encodeInet(value, from, to, out);
                break;
            case VARINT:
                OrderedNumbers.encodeVarint(value, from, to, withForm, out);
                break;
            case DECIMAL:
                OrderedNumbers.encodeDecimal(value, from, to, withForm, out);
                break;
            default:
                throw new AssertionError(type);
        }
    }

    /** Float.compare's order as unsigned int order. */
    static int orderedFloatBits(int bits) {
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            bits = 0x7FC00000; // Float.compare treats every NaN alike
        }
        return bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
    }

    /** Double.compare's order as unsigned long order. */
    static long orderedDoubleBits(long bits) {
        if ((bits & Long.MAX_VALUE) > 0x7FF0000000000000L) {
            bits = 0x7FF8000000000000L; // Double.compare treats every NaN alike
        }
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    /**
     * UUIDType's order of the high half as unsigned order: version first; for version 1 the
     * timestamp (hi, mid, low), otherwise the remaining bits in place.
     */
    static long orderedUuidHigh(long high) {
        long version = (high >>> 12) & 0xF;
        if (version == 1) {
            return timestampFirst(high);
        }
        return (version << 60) | ((high >>> 16) << 12) | (high & 0xFFF);
    }

    /** Moves a version 1 UUID's time_hi_and_version to the front, then time_mid, then time_low. */
    static long timestampFirst(long high) {
        return (high << 48) | ((high << 16) & 0xFFFF00000000L) | (high >>> 32);
    }

    private static long requireVersion1(long high) {
        long version = (high >>> 12) & 0xF;
        if (version != 1) {
            throw new IllegalArgumentException("timeuuid value has UUID version " + version + "; a timeuuid must be version 1");
        }
        return high;
    }

    private static void encodeInet(ByteBuffer value, int from, int to, ByteSink out) {
        int size = to - from;
        if (size != 4 && size != 16) {
            throw new IllegalArgumentException("inet value must be 4 or 16 bytes, got " + size);
        }
        out.writeBytes(value, from, from + 4);
        if (size == 4) {
            out.writeByte(0x00);
        } else {
            out.writeByte(0x01);
            out.writeBytes(value, from + 4, to);
        }
    }

    /** Writes the escaped bytes and terminator (see the class comment), copying unescaped runs whole. */
    static void writeEscaped(ByteBuffer value, int from, int to, ByteSink out) {
        int runStart = from;
        for (int i = from; i < to; i++) {
            int b = value.get(i) & 0xFF;
            if (b <= 0x01) {
                out.writeBytes(value, runStart, i);
                out.writeByte(0x01);
                out.writeByte(b + 1);
                runStart = i + 1;
            }
        }
        out.writeBytes(value, runStart, to);
        out.writeByte(0x00);
    }

    private static void encodeTuple(TupleKeyType type, ByteBuffer value, int from, int to, ByteSink out) {
        requireNotEmpty(type, from, to);
        List<KeyType> components = type.components();
        int position = from;
        for (int i = 0; i < components.size(); i++) {
            if (position == to) {
                out.writeByte(ABSENT); // a shorter tuple: the missing trailing components are null
                continue;
            }
            int length = readLength(type, value, position, to);
            position += 4;
            if (length < 0) {
                out.writeByte(ABSENT);
                continue;
            }
            out.writeByte(PRESENT);
            encode(components.get(i), value, position, position + length, out);
            position += length;
        }
        if (position != to) {
            throw new IllegalArgumentException(type.cqlName() + " value has more than its " + components.size() + " components");
        }
    }

    private static void encodeVector(VectorKeyType type, ByteBuffer value, int from, int to, ByteSink out) {
        requireNotEmpty(type, from, to);
        int fixed = type.elementLengthIfFixed();
        int position = from;
        for (int i = 0; i < type.dimension(); i++) {
            int length = fixed;
            if (fixed < 0) {
                long declared = UnsignedVInts.read(value, position, to);
                position += UnsignedVInts.sizeOf(declared);
                if (declared > to - position) {
                    throw new IllegalArgumentException(type.cqlName() + " value has an element of " + declared
                            + " bytes in " + (to - position));
                }
                length = (int) declared;
            } else if (length > to - position) {
                throw new IllegalArgumentException(type.cqlName() + " value has fewer than " + type.dimension()
                        + " elements");
            }
            encode(type.elements(), value, position, position + length, out);
            position += length;
        }
        if (position != to) {
            throw new IllegalArgumentException(type.cqlName() + " value has bytes after its " + type.dimension()
                    + " elements");
        }
    }

    /**
     * Encodes a serialized list or set ({@code values == null}) or map. For a set or map
     * ({@code isSorted}), elements or entries end up sorted by (key) encoding without duplicates;
     * a repeated map key keeps its last value, as Cassandra does when it stores a map.
     */
    private static void encodeElements(KeyType keys, KeyType values, boolean isSorted, KeyType type,
                                       ByteBuffer value, int from, int to, ByteSink out) {
        requireNotEmpty(type, from, to);
        if (to - from < 4) {
            throw new IllegalArgumentException(type.cqlName() + " value ends inside its element count");
        }
        int count = value.getInt(from);
        int bytesPerElement = values == null ? 4 : 8;
        if (count < 0 || count > (to - from - 4) / bytesPerElement) {
            throw new IllegalArgumentException(type.cqlName() + " value claims " + count + " elements in " + (to - from) + " bytes");
        }
        int[] bounds = isSorted ? new int[count + 1] : null;
        int[] keyEnds = isSorted && values != null ? new int[count] : null;
        boolean isInOrder = true;
        int position = from + 4;
        for (int i = 0; i < count; i++) {
            if (isSorted) {
                bounds[i] = out.size();
            }
            out.writeByte(PRESENT);
            position = encodeElement(keys, type, value, position, to, out);
            if (values != null) {
                if (isSorted) {
                    keyEnds[i] = out.size();
                }
                position = encodeElement(values, type, value, position, to, out);
            }
            if (isSorted && i > 0 && isInOrder) {
                int keyEnd = keyEnds == null ? out.size() : keyEnds[i];
                int previousKeyEnd = keyEnds == null ? bounds[i] : keyEnds[i - 1];
                isInOrder = Arrays.compareUnsigned(out.array(), bounds[i - 1] + 1, previousKeyEnd,
                        out.array(), bounds[i] + 1, keyEnd) < 0;
            }
        }
        if (position != to) {
            throw new IllegalArgumentException(type.cqlName() + " value has " + (to - position) + " bytes after its last element");
        }
        if (!isInOrder) {
            bounds[count] = out.size();
            new ElementSorter(out, bounds, keyEnds, count).sortAndDeduplicate();
        }
        out.writeByte(ABSENT);
    }

    private static int encodeElement(KeyType elementType, KeyType type, ByteBuffer value, int position, int to, ByteSink out) {
        int length = readLength(type, value, position, to);
        if (length < 0) {
            throw new IllegalArgumentException(type.cqlName() + " value contains a null element");
        }
        position += 4;
        encode(elementType, value, position, position + length, out);
        return position + length;
    }

    /** Reads a 4-byte length (negative meaning null) at {@code position} and checks that its bytes follow. */
    private static int readLength(KeyType type, ByteBuffer value, int position, int to) {
        if (to - position < 4) {
            throw new IllegalArgumentException(type.cqlName() + " value ends inside a length");
        }
        int length = value.getInt(position);
        if (length > to - position - 4) {
            throw new IllegalArgumentException(type.cqlName() + " value has a component of " + length
                    + " bytes but only " + (to - position - 4) + " remain");
        }
        return length;
    }

    private static void requireSize(NativeKeyType type, int from, int to, int size) {
        if (to - from != size) {
            requireNotEmpty(type, from, to);
            throw new IllegalArgumentException(type.cqlName() + " value must be " + size + " bytes, got " + (to - from));
        }
    }

    static void requireNotEmpty(KeyType type, int from, int to) {
        if (from == to) {
            throw new IllegalArgumentException("An empty " + type.cqlName() + " value cannot be part of a key");
        }
    }
}
