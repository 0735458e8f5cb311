package io.cairn.common.encoding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a Java value (in the representation {@link NativeKeyType} documents) in its CQL
 * native-protocol serialization, as a driver would send it. The Java-value side of
 * {@link KeyCodec} goes through here so that the key order is defined once, on serialized bytes.
 */
final class ValueSerializer {

    private ValueSerializer() {
    }

    static void serialize(KeyType type, Object value, ByteSink out) {
        if (value == null) {
            throw new IllegalArgumentException("A " + type.cqlName() + " key value cannot be null");
        }
        if (type instanceof NativeKeyType) {
            serializeNative((NativeKeyType) type, value, out);
        } else if (type instanceof TupleKeyType) {
            serializeTuple((TupleKeyType) type, as(List.class, type, value), out);
        } else if (type instanceof ListKeyType) {
            serializeElements(((ListKeyType) type).elements(), as(List.class, type, value), out);
        } else if (type instanceof VectorKeyType) {
            serializeVector((VectorKeyType) type, as(List.class, type, value), out);
        } else if (type instanceof SetKeyType) {
            serializeElements(((SetKeyType) type).elements(), as(Set.class, type, value), out);
        } else {
            MapKeyType mapType = (MapKeyType) type;
            Map<?, ?> map = as(Map.class, type, value);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                serializeWithLength(mapType.keys(), entry.getKey(), out);
                serializeWithLength(mapType.values(), entry.getValue(), out);
            }
        }
    }

    private static void serializeNative(NativeKeyType type, Object value, ByteSink out) {
        if (type == NativeKeyType.BLOB && value instanceof ByteBuffer) {
            ByteBuffer blob = (ByteBuffer) value;
            out.writeBytes(blob, blob.position(), blob.limit());
            return;
        }
        Object typed = as(type.javaClass(), type, value);
        switch (type) {
            case ASCII:
                writeAscii((String) typed, out);
                break;
            case TEXT:
                byte[] utf8 = ((String) typed).getBytes(StandardCharsets.UTF_8);
                out.writeBytes(utf8, 0, utf8.length);
                break;
            case BLOB:
                byte[] blob = (byte[]) typed;
                out.writeBytes(blob, 0, blob.length);
                break;
            case INT:
                out.writeInt((Integer) typed);
                break;
            case BIGINT:
            case TIME:
                out.writeLong((Long) typed);
                break;
            case SMALLINT:
                out.writeShort((Short) typed);
                break;
            case TINYINT:
                out.writeByte((Byte) typed);
                break;
            case BOOLEAN:
                out.writeByte((Boolean) typed ? 1 : 0);
                break;
            case FLOAT:
                out.writeInt(Float.floatToRawIntBits((Float) typed));
                break;
            case DOUBLE:
                out.writeLong(Double.doubleToRawLongBits((Double) typed));
                break;
            case VARINT:
                byte[] varint = ((BigInteger) typed).toByteArray();
                out.writeBytes(varint, 0, varint.length);
                break;
            case DECIMAL:
                BigDecimal decimal = (BigDecimal) typed;
                byte[] unscaled = decimal.unscaledValue().toByteArray();
                out.writeInt(decimal.scale());
                out.writeBytes(unscaled, 0, unscaled.length);
                break;
            case UUID:
            case TIMEUUID:
                UUID uuid = (UUID) typed;
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
                break;
            case TIMESTAMP:
                out.writeLong(epochMillis((Instant) typed));
                break;
            case DATE:
                out.writeInt(cassandraDays((LocalDate) typed));
                break;
            case INET:
                byte[] address = ((InetAddress) typed).getAddress();
                out.writeBytes(address, 0, address.length);
                break;
            default:
                throw new AssertionError(type);
        }
    }

    private static void writeAscii(String text, ByteSink out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                throw new IllegalArgumentException("ascii value has the non-ASCII character U+"
                        + String.format(java.util.Locale.ROOT, "%04X", (int) c) + " at index " + i);
            }
            out.writeByte(c);
        }
    }

    private static long epochMillis(Instant timestamp) {
        if (timestamp.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("timestamp " + timestamp
                    + " is finer than the milliseconds CQL stores; truncate it to ChronoUnit.MILLIS");
        }
        try {
            return timestamp.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp " + timestamp + " is outside the range of 64-bit milliseconds", e);
        }
    }

    /** CQL's date: days since 1970-01-01 as an unsigned 32-bit number centred on 2^31. */
    private static int cassandraDays(LocalDate date) {
        long days = date.toEpochDay();
        if (days != (int) days) {
            throw new IllegalArgumentException("date " + date + " is more than 2^31 days from 1970-01-01, outside CQL's range");
        }
        return (int) days ^ Integer.MIN_VALUE;
    }

    /** A list shorter than the tuple stands for one whose missing trailing components are null. */
    private static void serializeTuple(TupleKeyType type, List<?> components, ByteSink out) {
        if (components.size() > type.components().size()) {
            throw new IllegalArgumentException(type.cqlName() + " value has " + components.size() + " components");
        }
        for (int i = 0; i < type.components().size(); i++) {
            Object component = i < components.size() ? components.get(i) : null;
            if (component == null) {
                out.writeInt(-1); // native_protocol_v5 §5.21: length -1 is a null component
            } else {
                serializeWithLength(type.components().get(i), component, out);
            }
        }
    }

    private static void serializeVector(VectorKeyType type, List<?> elements, ByteSink out) {
        if (elements.size() != type.dimension()) {
            throw new IllegalArgumentException("A " + type.cqlName() + " value needs " + type.dimension()
                    + " elements, not " + elements.size());
        }
        boolean isFixed = type.elementLengthIfFixed() >= 0;
        for (Object element : elements) {
            if (isFixed) {
                serialize(type.elements(), element, out);
                continue;
            }
            ByteSink bytes = new ByteSink(out.maxBytes());
            serialize(type.elements(), element, bytes);
            UnsignedVInts.write(out, bytes.size());
            out.writeBytes(bytes.toByteArray(), 0, bytes.size());
        }
    }

    private static void serializeElements(KeyType elementType, Collection<?> elements, ByteSink out) {
        out.writeInt(elements.size());
        for (Object element : elements) {
            serializeWithLength(elementType, element, out);
        }
    }

    private static void serializeWithLength(KeyType type, Object value, ByteSink out) {
        int lengthAt = out.size();
        out.writeInt(0);
        serialize(type, value, out);
        out.setInt(lengthAt, out.size() - lengthAt - 4);
    }

    private static <T> T as(Class<T> javaClass, KeyType type, Object value) {
        if (!javaClass.isInstance(value)) {
            throw new IllegalArgumentException("A " + type.cqlName() + " value must be a " + javaClass.getName()
                    + ", got " + value.getClass().getName());
        }
        return javaClass.cast(value);
    }
}
