package io.cairn.node.query;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.cairn.cql.type.NativeType.ASCII;
import static io.cairn.cql.type.NativeType.BIGINT;
import static io.cairn.cql.type.NativeType.BOOLEAN;
import static io.cairn.cql.type.NativeType.COUNTER;
import static io.cairn.cql.type.NativeType.DATE;
import static io.cairn.cql.type.NativeType.DECIMAL;
import static io.cairn.cql.type.NativeType.DOUBLE;
import static io.cairn.cql.type.NativeType.FLOAT;
import static io.cairn.cql.type.NativeType.INET;
import static io.cairn.cql.type.NativeType.INT;
import static io.cairn.cql.type.NativeType.SMALLINT;
import static io.cairn.cql.type.NativeType.TEXT;
import static io.cairn.cql.type.NativeType.TIME;
import static io.cairn.cql.type.NativeType.TIMESTAMP;
import static io.cairn.cql.type.NativeType.TIMEUUID;
import static io.cairn.cql.type.NativeType.TINYINT;
import static io.cairn.cql.type.NativeType.UUID;
import static io.cairn.cql.type.NativeType.VARINT;

/**
 * The functions behind {@code CAST(x AS type)}, {@code system.cast_as_<type>}, with the
 * overloads Cassandra 5.0 defines (listed in the order its messages list them). A cast
 * resolves among them like any call, so a value its parameter can read (an int as a date, a
 * timestamp as a bigint) is cast as that type. There are none to the types missing here.
 */
final class CastFunctions {

    /** Function name prefix; the target type's name follows, as the statement wrote it. */
    static final String PREFIX = "cast_as_";

    private static final Map<NativeType, List<NativeType>> SOURCES = Map.of(
            TEXT, List.of(BIGINT, TINYINT, UUID, TIMESTAMP, TIME, SMALLINT, INT, DOUBLE, DECIMAL, ASCII, VARINT, DATE,
                    FLOAT, COUNTER, INET, BOOLEAN, TIMEUUID),
            ASCII, List.of(VARINT, DOUBLE, BOOLEAN, FLOAT, DATE, TIME, INET, TIMESTAMP, DECIMAL, INT, TINYINT, TIMEUUID,
                    SMALLINT, COUNTER, UUID, BIGINT),
            TINYINT, List.of(SMALLINT, DECIMAL, DOUBLE, INT, BIGINT, VARINT, FLOAT, COUNTER),
            SMALLINT, List.of(TINYINT, INT, BIGINT, VARINT, FLOAT, DECIMAL, COUNTER, DOUBLE),
            INT, List.of(FLOAT, DECIMAL, COUNTER, TINYINT, SMALLINT, VARINT, BIGINT, DOUBLE),
            BIGINT, List.of(TINYINT, FLOAT, COUNTER, SMALLINT, VARINT, DOUBLE, INT, DECIMAL),
            FLOAT, List.of(VARINT, INT, BIGINT, DOUBLE, SMALLINT, DECIMAL, COUNTER, TINYINT),
            DOUBLE, List.of(TINYINT, DECIMAL, COUNTER, FLOAT, SMALLINT, VARINT, INT, BIGINT),
            DECIMAL, List.of(VARINT, INT, BIGINT, DOUBLE, SMALLINT, COUNTER, TINYINT, FLOAT),
            VARINT, List.of(DECIMAL, INT, BIGINT, DOUBLE, TINYINT, FLOAT, COUNTER, SMALLINT));
    private static final List<NativeType> TARGETS = List.of(TEXT, ASCII, TINYINT, SMALLINT, INT, BIGINT, FLOAT,
            DOUBLE, DECIMAL, VARINT, TIMESTAMP, DATE);
    private static final Map<NativeType, List<NativeType>> TEMPORAL_SOURCES = Map.of(
            TIMESTAMP, List.of(DATE, TIMEUUID),
            DATE, List.of(TIMEUUID, TIMESTAMP));

    @FunctionalInterface
    interface Registry {
        void add(String name, List<CqlType> arguments, CqlType returnType, ScalarFunction.Body body);
    }

    private CastFunctions() {
    }

    static void forEach(Registry registry) {
        for (NativeType target : TARGETS) {
            List<NativeType> sources = SOURCES.containsKey(target) ? SOURCES.get(target) : TEMPORAL_SOURCES.get(target);
            for (NativeType source : sources) {
                registry.add(name(target.asCql()), List.of(source), target,
                        (c, a) -> Casts.cast(source, target, a.get(0)));
            }
        }
    }

    /** The cast function's name for a target type as written ({@code varchar} has none). */
    static String name(String targetType) {
        return PREFIX + targetType.toLowerCase(Locale.ROOT);
    }
}
