package io.cairn.cql.type;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Types as Cassandra names them by their comparator class ({@code AbstractType.toString()}):
 * the form the native protocol carries for custom types, which is how it carries vectors.
 */
final class MarshalNames {

    private static final String PACKAGE = "org.apache.cassandra.db.marshal.";

    private MarshalNames() {
    }

    static String of(CqlType type) {
        if (type instanceof NativeType nativeType) {
            return PACKAGE + nativeClass(nativeType);
        }
        if (type instanceof VectorType vector) {
            // TypeParser.stringifyVectorParameters: "(element , dimension)".
            return PACKAGE + "VectorType(" + of(vector.element()) + " , " + vector.dimension() + ")";
        }
        if (type instanceof ListType list) {
            return frozen(PACKAGE + "ListType(" + of(list.element()) + ")", list.isFrozen());
        }
        if (type instanceof SetType set) {
            return frozen(PACKAGE + "SetType(" + of(set.element()) + ")", set.isFrozen());
        }
        if (type instanceof MapType map) {
            return frozen(PACKAGE + "MapType(" + of(map.keys()) + "," + of(map.values()) + ")", map.isFrozen());
        }
        if (type instanceof TupleType tuple) {
            StringBuilder name = new StringBuilder(PACKAGE).append("TupleType(");
            for (int i = 0; i < tuple.components().size(); i++) {
                name.append(i == 0 ? "" : ",").append(of(tuple.components().get(i)));
            }
            return name.append(')').toString();
        }
        UserType user = (UserType) type;
        StringBuilder name = new StringBuilder(PACKAGE).append("UserType(").append(user.keyspace()).append(',')
                .append(hex(user.name()));
        for (int i = 0; i < user.fieldNames().size(); i++) {
            name.append(',').append(hex(user.fieldNames().get(i))).append(':').append(of(user.fieldTypes().get(i)));
        }
        return frozen(name.append(')').toString(), !user.isMultiCell());
    }

    private static String frozen(String name, boolean isFrozen) {
        return isFrozen ? PACKAGE + "FrozenType(" + name + ")" : name;
    }

    private static String hex(String name) {
        return HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String nativeClass(NativeType type) {
        return switch (type) {
            case ASCII -> "AsciiType";
            case BIGINT -> "LongType";
            case BLOB -> "BytesType";
            case BOOLEAN -> "BooleanType";
            case COUNTER -> "CounterColumnType";
            case DECIMAL -> "DecimalType";
            case DOUBLE -> "DoubleType";
            case FLOAT -> "FloatType";
            case INT -> "Int32Type";
            case TIMESTAMP -> "TimestampType";
            case UUID -> "UUIDType";
            case TEXT -> "UTF8Type";
            case VARINT -> "IntegerType";
            case TIMEUUID -> "TimeUUIDType";
            case INET -> "InetAddressType";
            case DATE -> "SimpleDateType";
            case TIME -> "TimeType";
            case SMALLINT -> "ShortType";
            case TINYINT -> "ByteType";
            case DURATION -> "DurationType";
        };
    }
}
