package io.cairn.common.encoding;

import org.apache.cassandra.cql3.FieldIdentifier;
import org.apache.cassandra.db.marshal.AbstractType;
import org.apache.cassandra.db.marshal.AsciiType;
import org.apache.cassandra.db.marshal.BooleanType;
import org.apache.cassandra.db.marshal.ByteType;
import org.apache.cassandra.db.marshal.BytesType;
import org.apache.cassandra.db.marshal.DecimalType;
import org.apache.cassandra.db.marshal.DoubleType;
import org.apache.cassandra.db.marshal.FloatType;
import org.apache.cassandra.db.marshal.InetAddressType;
import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.IntegerType;
import org.apache.cassandra.db.marshal.ListType;
import org.apache.cassandra.db.marshal.LongType;
import org.apache.cassandra.db.marshal.MapType;
import org.apache.cassandra.db.marshal.SetType;
import org.apache.cassandra.db.marshal.ShortType;
import org.apache.cassandra.db.marshal.SimpleDateType;
import org.apache.cassandra.db.marshal.TimeType;
import org.apache.cassandra.db.marshal.TimeUUIDType;
import org.apache.cassandra.db.marshal.TimestampType;
import org.apache.cassandra.db.marshal.TupleType;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.db.marshal.UUIDType;
import org.apache.cassandra.db.marshal.UserType;
import org.apache.cassandra.serializers.CollectionSerializer;
import org.apache.cassandra.serializers.SimpleDateSerializer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The test oracle: Apache Cassandra 5.0's own types ({@code cassandra-all}, test scope only).
 * Values are serialized with Cassandra's serializers, frozen sets and maps normalized the way
 * Cassandra normalizes them before storing (sorted by its comparator, duplicates dropped, the
 * last value of a repeated map key kept), and compared with {@code AbstractType.compare}.
 * Nothing here uses the code under test.
 */
final class CassandraOracle {

    private CassandraOracle() {
    }

    /** Cassandra's comparator on the two values' serializations. */
    static int compare(KeyType type, Object left, Object right) {
        return cassandraType(type).compare(serialize(type, left), serialize(type, right));
    }

    static int compareSerialized(KeyType type, ByteBuffer left, ByteBuffer right) {
        return cassandraType(type).compare(left, right);
    }

    /** Cassandra's type for a key type; UDT fields are named f0, f1, ... */
    static AbstractType<?> cassandraType(KeyType type) {
        if (type instanceof NativeKeyType) {
            return nativeType((NativeKeyType) type);
        }
        if (type instanceof TupleKeyType) {
            TupleKeyType tuple = (TupleKeyType) type;
            List<AbstractType<?>> components = new ArrayList<>();
            List<FieldIdentifier> names = new ArrayList<>();
            for (KeyType component : tuple.components()) {
                names.add(FieldIdentifier.forInternalString("f" + names.size()));
                components.add(cassandraType(component));
            }
            return tuple.isUserType()
                    ? new UserType("ks", ByteBuffer.wrap("udt".getBytes(StandardCharsets.UTF_8)), names, components, false)
                    : new TupleType(components);
        }
        if (type instanceof ListKeyType) {
            return ListType.getInstance(cassandraType(((ListKeyType) type).elements()), false);
        }
        if (type instanceof SetKeyType) {
            return SetType.getInstance(cassandraType(((SetKeyType) type).elements()), false);
        }
        MapKeyType map = (MapKeyType) type;
        return MapType.getInstance(cassandraType(map.keys()), cassandraType(map.values()), false);
    }

    private static AbstractType<?> nativeType(NativeKeyType type) {
        switch (type) {
            case ASCII: return AsciiType.instance;
            case TEXT: return UTF8Type.instance;
            case INT: return Int32Type.instance;
            case BIGINT: return LongType.instance;
            case SMALLINT: return ShortType.instance;
            case TINYINT: return ByteType.instance;
            case VARINT: return IntegerType.instance;
            case DECIMAL: return DecimalType.instance;
            case FLOAT: return FloatType.instance;
            case DOUBLE: return DoubleType.instance;
            case BOOLEAN: return BooleanType.instance;
            case BLOB: return BytesType.instance;
            case UUID: return UUIDType.instance;
            case TIMEUUID: return TimeUUIDType.instance;
            case TIMESTAMP: return TimestampType.instance;
            case DATE: return SimpleDateType.instance;
            case TIME: return TimeType.instance;
            case INET: return InetAddressType.instance;
            default: throw new AssertionError(type);
        }
    }

    /** The value as Cassandra serializes and (for sets and maps) normalizes it; tuples padded with nulls. */
    static ByteBuffer serialize(KeyType type, Object value) {
        if (type instanceof NativeKeyType) {
            return serializeNative((NativeKeyType) type, value);
        }
        if (type instanceof TupleKeyType) {
            List<KeyType> types = ((TupleKeyType) type).components();
            List<?> values = (List<?>) value;
            ByteBuffer[] components = new ByteBuffer[types.size()];
            for (int i = 0; i < values.size(); i++) {
                components[i] = values.get(i) == null ? null : serialize(types.get(i), values.get(i));
            }
            return TupleType.buildValue(components);
        }
        if (type instanceof ListKeyType) {
            List<ByteBuffer> elements = new ArrayList<>();
            for (Object element : (List<?>) value) {
                elements.add(serialize(((ListKeyType) type).elements(), element));
            }
            return CollectionSerializer.pack(elements, elements.size());
        }
        if (type instanceof SetKeyType) {
            KeyType elementType = ((SetKeyType) type).elements();
            SortedSet<ByteBuffer> elements = new TreeSet<>(cassandraType(elementType));
            for (Object element : (Set<?>) value) {
                elements.add(serialize(elementType, element));
            }
            return CollectionSerializer.pack(elements, elements.size());
        }
        MapKeyType mapType = (MapKeyType) type;
        SortedMap<ByteBuffer, ByteBuffer> entries = new TreeMap<>(cassandraType(mapType.keys()));
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            entries.put(serialize(mapType.keys(), entry.getKey()), serialize(mapType.values(), entry.getValue()));
        }
        List<ByteBuffer> packed = new ArrayList<>();
        entries.forEach((k, v) -> {
            packed.add(k);
            packed.add(v);
        });
        return CollectionSerializer.pack(packed, entries.size());
    }

    private static ByteBuffer serializeNative(NativeKeyType type, Object value) {
        switch (type) {
            case ASCII: return AsciiType.instance.decompose((String) value);
            case TEXT: return UTF8Type.instance.decompose((String) value);
            case INT: return Int32Type.instance.decompose((Integer) value);
            case BIGINT: return LongType.instance.decompose((Long) value);
            case SMALLINT: return ShortType.instance.decompose((Short) value);
            case TINYINT: return ByteType.instance.decompose((Byte) value);
            case VARINT: return IntegerType.instance.decompose((BigInteger) value);
            case DECIMAL: return DecimalType.instance.decompose((BigDecimal) value);
            case FLOAT: return FloatType.instance.decompose((Float) value);
            case DOUBLE: return DoubleType.instance.decompose((Double) value);
            case BOOLEAN: return BooleanType.instance.decompose((Boolean) value);
            case BLOB: return BytesType.instance.decompose(ByteBuffer.wrap((byte[]) value));
            case UUID:
            case TIMEUUID: return UUIDType.instance.decompose((UUID) value);
            case TIMESTAMP: return TimestampType.instance.decompose(Date.from((Instant) value));
            case DATE:
                long millis = ((LocalDate) value).toEpochDay() * 86_400_000L;
                return SimpleDateType.instance.decompose(SimpleDateSerializer.timeInMillisToDay(millis));
            case TIME: return TimeType.instance.decompose((Long) value);
            case INET: return InetAddressType.instance.decompose((InetAddress) value);
            default: throw new AssertionError(type);
        }
    }
}
