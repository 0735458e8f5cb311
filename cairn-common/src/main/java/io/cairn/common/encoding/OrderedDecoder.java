package io.cairn.common.encoding;

import java.util.List;

/**
 * Inverts {@link OrderedEncoder}: reads one value's ascending key encoding from a
 * {@link KeyReader} (which un-complements descending bytes) and writes the value's CQL
 * native-protocol serialization. The layouts are described on {@link OrderedEncoder}.
 *
 * <p>The serialized form is exactly the one encoded (a decimal keeps its scale, a varint its
 * redundant sign bytes, a NaN its bits), except that boolean true is always 0x01.
 */
final class OrderedDecoder {

    private OrderedDecoder() {
    }

    static void decode(KeyType type, KeyReader in, ByteSink out) {
        if (type instanceof NativeKeyType) {
            decodeNative((NativeKeyType) type, in, out);
        } else if (type instanceof TupleKeyType) {
            decodeTuple((TupleKeyType) type, in, out);
        } else if (type instanceof ListKeyType) {
            decodeElements(((ListKeyType) type).elements(), null, in, out);
        } else if (type instanceof VectorKeyType) {
            decodeVector((VectorKeyType) type, in, out);
        } else if (type instanceof SetKeyType) {
            decodeElements(((SetKeyType) type).elements(), null, in, out);
        } else {
            MapKeyType map = (MapKeyType) type;
            decodeElements(map.keys(), map.values(), in, out);
        }
    }

    private static void decodeNative(NativeKeyType type, KeyReader in, ByteSink out) {
        switch (type) {
            case ASCII:
            case TEXT:
            case BLOB:
                readEscaped(in, out);
                break;
            case INT:
                out.writeInt(in.readInt() ^ Integer.MIN_VALUE);
                break;
            case BIGINT:
            case TIMESTAMP:
                out.writeLong(in.readLong() ^ Long.MIN_VALUE);
                break;
            case SMALLINT:
                out.writeShort(((in.readUnsignedByte() << 8) | in.readUnsignedByte()) ^ 0x8000);
                break;
            case TINYINT:
                out.writeByte(in.readUnsignedByte() ^ 0x80);
                break;
            case BOOLEAN:
                int bool = in.readUnsignedByte();
                if (bool > 1) {
                    throw in.malformed("0x" + Integer.toHexString(bool) + " is not a boolean");
                }
                out.writeByte(bool);
                break;
            case FLOAT:
                int floatBits = in.readInt();
                if (floatBits == OrderedEncoder.orderedFloatBits(Float.floatToRawIntBits(Float.NaN))) {
                    int nanBits = in.readInt();
                    if (!Float.isNaN(Float.intBitsToFloat(nanBits))) {
                        throw in.malformed("float NaN followed by the bits of a number");
                    }
                    out.writeInt(nanBits);
                } else {
                    out.writeInt(floatBits < 0 ? floatBits ^ Integer.MIN_VALUE : ~floatBits);
                }
                break;
            case DOUBLE:
                long doubleBits = in.readLong();
                if (doubleBits == OrderedEncoder.orderedDoubleBits(Double.doubleToRawLongBits(Double.NaN))) {
                    long nanBits = in.readLong();
                    if (!Double.isNaN(Double.longBitsToDouble(nanBits))) {
                        throw in.malformed("double NaN followed by the bits of a number");
                    }
                    out.writeLong(nanBits);
                } else {
                    out.writeLong(doubleBits < 0 ? doubleBits ^ Long.MIN_VALUE : ~doubleBits);
                }
                break;
            case DATE:
                out.writeInt(in.readInt());
                break;
            case TIME:
                out.writeLong(in.readLong());
                break;
            case UUID:
                out.writeLong(uuidHigh(in.readLong()));
                out.writeLong(in.readLong());
                break;
            case TIMEUUID:
                long ordered = in.readLong();
                if (ordered >>> 60 != 1) {
                    throw in.malformed("timeuuid of version " + (ordered >>> 60));
                }
                out.writeLong(timestampLast(ordered));
                out.writeLong(in.readLong() ^ 0x8080808080808080L);
                break;
            case INET:
                decodeInet(in, out);
                break;
            case VARINT:
                OrderedNumbers.decodeVarint(in, out);
                break;
            case DECIMAL:
                OrderedNumbers.decodeDecimal(in, out);
                break;
            default:
                throw new AssertionError(type);
        }
    }

    /** Inverts {@link OrderedEncoder#orderedUuidHigh(long)}. */
    private static long uuidHigh(long ordered) {
        long version = ordered >>> 60;
        if (version == 1) {
            return timestampLast(ordered);
        }
        return ((ordered & 0x0FFFFFFFFFFFF000L) << 4) | (version << 12) | (ordered & 0xFFF);
    }

    /** Inverts {@link OrderedEncoder#timestampFirst(long)}. */
    private static long timestampLast(long ordered) {
        return (ordered << 32) | ((ordered >>> 16) & 0xFFFF0000L) | (ordered >>> 48);
    }

    private static void decodeInet(KeyReader in, ByteSink out) {
        in.copyTo(out, 4);
        int family = in.readUnsignedByte();
        if (family == 0x01) {
            in.copyTo(out, 12);
        } else if (family != 0x00) {
            throw in.malformed("0x" + Integer.toHexString(family) + " is not an inet family marker");
        }
    }

    private static void readEscaped(KeyReader in, ByteSink out) {
        for (int b = in.readUnsignedByte(); b != 0x00; b = in.readUnsignedByte()) {
            if (b == 0x01) {
                int escaped = in.readUnsignedByte();
                if (escaped != 0x01 && escaped != 0x02) {
                    throw in.malformed("0x01 0x" + Integer.toHexString(escaped) + " is not an escape");
                }
                out.writeByte(escaped - 1);
            } else {
                out.writeByte(b);
            }
        }
    }

    private static void decodeTuple(TupleKeyType type, KeyReader in, ByteSink out) {
        List<KeyType> components = type.components();
        for (int i = 0; i < components.size(); i++) {
            if (readPresence(in)) {
                decodeWithLength(components.get(i), in, out);
            } else {
                out.writeInt(-1); // native_protocol_v5 §5.21: a tuple component of length -1 is null
            }
        }
    }

    private static void decodeVector(VectorKeyType type, KeyReader in, ByteSink out) {
        boolean isFixed = type.elementLengthIfFixed() >= 0;
        ByteSink element = isFixed ? out : new ByteSink(out.maxBytes());
        for (int i = 0; i < type.dimension(); i++) {
            if (isFixed) {
                decode(type.elements(), in, out);
                continue;
            }
            element.reset();
            decode(type.elements(), in, element);
            UnsignedVInts.write(out, element.size());
            out.writeBytes(element.toByteArray(), 0, element.size());
        }
    }

    private static void decodeElements(KeyType keys, KeyType values, KeyReader in, ByteSink out) {
        int countAt = out.size();
        out.writeInt(0);
        int count = 0;
        while (readPresence(in)) {
            decodeWithLength(keys, in, out);
            if (values != null) {
                decodeWithLength(values, in, out);
            }
            count++;
        }
        out.setInt(countAt, count);
    }

    /** Writes the [int length][bytes] of one component or element. */
    private static void decodeWithLength(KeyType type, KeyReader in, ByteSink out) {
        int lengthAt = out.size();
        out.writeInt(0);
        decode(type, in, out);
        out.setInt(lengthAt, out.size() - lengthAt - 4);
    }

    private static boolean readPresence(KeyReader in) {
        int marker = in.readUnsignedByte();
        if (marker > OrderedEncoder.PRESENT) {
            throw in.malformed("0x" + Integer.toHexString(marker) + " is neither a present nor an absent marker");
        }
        return marker == OrderedEncoder.PRESENT;
    }
}
