package io.cairn.common.encoding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a CQL native-protocol serialization back into the Java representation that
 * {@link NativeKeyType} documents. Only fed the well-formed serializations that
 * {@link OrderedDecoder} writes. Collections come back unmodifiable, sets and maps iterating in
 * key order; a tuple always has all its components, null where absent.
 */
final class ValueDeserializer {

    private ValueDeserializer() {
    }

    /** The value serialized in {@code value[from, to)} (absolute indices of a big-endian buffer). */
    static Object deserialize(KeyType type, ByteBuffer value, int from, int to) {
        if (type instanceof NativeKeyType) {
            return deserializeNative((NativeKeyType) type, value, from, to);
        }
        if (type instanceof TupleKeyType) {
            List<KeyType> components = ((TupleKeyType) type).components();
            Object[] tuple = new Object[components.size()];
            int position = from;
            for (int i = 0; i < tuple.length; i++) {
                int length = value.getInt(position);
                position += 4;
                if (length >= 0) {
                    tuple[i] = deserialize(components.get(i), value, position, position + length);
                    position += length;
                }
            }
            return Collections.unmodifiableList(Arrays.asList(tuple));
        }
        if (type instanceof VectorKeyType) {
            VectorKeyType vector = (VectorKeyType) type;
            int fixed = vector.elementLengthIfFixed();
            List<Object> elements = new ArrayList<>(vector.dimension());
            int position = from;
            for (int i = 0; i < vector.dimension(); i++) {
                int length = fixed;
                if (fixed < 0) {
                    length = (int) UnsignedVInts.read(value, position, to);
                    position += UnsignedVInts.sizeOf(length);
                }
                elements.add(deserialize(vector.elements(), value, position, position + length));
                position += length;
            }
            return Collections.unmodifiableList(elements);
        }
        int count = value.getInt(from);
        int position = from + 4;
        if (type instanceof MapKeyType) {
            MapKeyType mapType = (MapKeyType) type;
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                int keyLength = value.getInt(position);
                Object key = deserialize(mapType.keys(), value, position + 4, position + 4 + keyLength);
                position += 4 + keyLength;
                int valueLength = value.getInt(position);
                map.put(key, deserialize(mapType.values(), value, position + 4, position + 4 + valueLength));
                position += 4 + valueLength;
            }
            return Collections.unmodifiableMap(map);
        }
        boolean isSet = type instanceof SetKeyType;
        KeyType elementType = isSet ? ((SetKeyType) type).elements() : ((ListKeyType) type).elements();
        List<Object> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = value.getInt(position);
            elements.add(deserialize(elementType, value, position + 4, position + 4 + length));
            position += 4 + length;
        }
        return isSet ? Collections.unmodifiableSet(new LinkedHashSet<>(elements)) : Collections.unmodifiableList(elements);
    }

    private static Object deserializeNative(NativeKeyType type, ByteBuffer value, int from, int to) {
        switch (type) {
            case ASCII:
                return new String(bytes(value, from, to), StandardCharsets.US_ASCII);
            case TEXT:
                return new String(bytes(value, from, to), StandardCharsets.UTF_8);
            case BLOB:
                return bytes(value, from, to);
            case INT:
                return value.getInt(from);
            case BIGINT:
            case TIME:
                return value.getLong(from);
            case SMALLINT:
                return value.getShort(from);
            case TINYINT:
                return value.get(from);
            case BOOLEAN:
                return value.get(from) != 0;
            case FLOAT:
                return value.getFloat(from);
            case DOUBLE:
                return value.getDouble(from);
            case VARINT:
                return new BigInteger(bytes(value, from, to));
            case DECIMAL:
                return new BigDecimal(new BigInteger(bytes(value, from + 4, to)), value.getInt(from));
            case UUID:
            case TIMEUUID:
                return new UUID(value.getLong(from), value.getLong(from + 8));
            case TIMESTAMP:
                return Instant.ofEpochMilli(value.getLong(from));
            case DATE:
                return LocalDate.ofEpochDay(value.getInt(from) ^ Integer.MIN_VALUE);
            case INET:
                return inetAddress(bytes(value, from, to));
            default:
                throw new AssertionError(type);
        }
    }

    /** Keeps a 16-byte IPv4-mapped address as IPv6, since its bytes, not its meaning, order it. */
    private static InetAddress inetAddress(byte[] address) {
        try {
            return address.length == 16 ? Inet6Address.getByAddress(null, address, -1) : InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("inet value must be 4 or 16 bytes, got " + address.length, e);
        }
    }

    private static byte[] bytes(ByteBuffer value, int from, int to) {
        byte[] bytes = new byte[to - from];
        value.get(from, bytes);
        return bytes;
    }
}
