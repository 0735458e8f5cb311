package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cassandra 5.0's collection functions, typed by their argument as they are called:
 * {@code map_keys} (a set of the map's keys) and {@code map_values} (a list of its values, in
 * key order), {@code collection_count} of any collection, and {@code collection_min},
 * {@code _max}, {@code _sum} and {@code _avg} of a set or list's elements, which aggregate the
 * elements as {@code min}, {@code max}, {@code sum} and {@code avg} aggregate rows (in the
 * elements' type; the average of integers is an integer).
 */
final class CollectionFunctions {

    private static final Set<String> NAMES = Set.of("map_keys", "map_values", "collection_count", "collection_min",
            "collection_max", "collection_sum", "collection_avg");

    private CollectionFunctions() {
    }

    static boolean isCollectionFunction(String name) {
        return NAMES.contains(name);
    }

    /**
     * The function {@code name} for an argument of {@code argumentTypes}' one type, named
     * {@code argumentText} in messages.
     */
    static ScalarFunction resolve(String name, List<CqlType> argumentTypes, String argumentText) {
        if (argumentTypes.size() != 1) {
            throw CqlException.invalid("Invalid number of arguments for function system." + name + ": 1 required but "
                    + argumentTypes.size() + " provided");
        }
        CqlType type = argumentTypes.get(0);
        if (type == null) {
            throw CqlException.invalid("Cannot infer type of argument " + (argumentText != null ? argumentText : "?")
                    + " in call to function system." + name + ": use type casts to disambiguate");
        }
        String text = argumentText != null ? argumentText : type.asCql();
        switch (name) {
            case "map_keys", "map_values" -> {
                if (!(type instanceof MapType map)) {
                    throw refused(name, "a map", text, type);
                }
                if (name.equals("map_keys")) {
                    SetType keys = new SetType(map.keys(), false);
                    return function(name, type, keys,
                            v -> keys.pack(map.unpack(v).stream().map(Map.Entry::getKey).toList()));
                }
                ListType values = new ListType(map.values(), false);
                return function(name, type, values,
                        v -> values.pack(map.unpack(v).stream().map(Map.Entry::getValue).toList()));
            }
            case "collection_count" -> {
                if (type instanceof MapType map) {
                    return function(name, type, NativeType.INT, v -> NativeType.INT.decompose(map.unpack(v).size()));
                }
                CqlType element = element(type);
                if (element == null) {
                    throw refused(name, "a collection", text, type);
                }
                return function(name, type, NativeType.INT, v -> NativeType.INT.decompose(elements(type, v).size()));
            }
            default -> {
                CqlType element = element(type);
                boolean numeric = name.equals("collection_sum") || name.equals("collection_avg");
                if (element == null || numeric && !Operators.NUMERIC.contains(element)) {
                    throw refused(name, numeric ? "a numeric set/list" : "a set or list", text, type);
                }
                return function(name, type, element, v -> aggregate(name, element, elements(type, v)));
            }
        }
    }

    private static CqlException refused(String name, String required, String text, CqlType type) {
        return CqlException.invalid("Function system." + name + " requires " + required + " argument, but found "
                + "argument " + text + " of type " + type.asCql());
    }

    private interface Body {
        ByteBuffer apply(ByteBuffer collection);
    }

    private static ScalarFunction function(String name, CqlType argument, CqlType result, Body body) {
        return new ScalarFunction(name, List.of(argument), result, (c, a) -> body.apply(a.get(0)));
    }

    /** A set's or list's element type; null for any other type. */
    private static CqlType element(CqlType type) {
        return type instanceof SetType set ? set.element() : type instanceof ListType list ? list.element() : null;
    }

    private static List<ByteBuffer> elements(CqlType type, ByteBuffer value) {
        return type instanceof SetType set ? set.unpack(value) : ((ListType) type).unpack(value);
    }

    private static ByteBuffer aggregate(String name, CqlType element, List<ByteBuffer> elements) {
        if (name.equals("collection_min") || name.equals("collection_max")) {
            ByteBuffer extreme = null;
            for (ByteBuffer value : elements) {
                int order = extreme == null ? 0 : element.compare(value, extreme);
                if (extreme == null || (name.equals("collection_min") ? order < 0 : order > 0)) {
                    extreme = value;
                }
            }
            return extreme;
        }
        NativeType type = (NativeType) element;
        NumericAggregate aggregate = NumericAggregate.of(type, name.equals("collection_avg"));
        for (ByteBuffer value : elements) {
            if (value.remaining() > 0) {
                aggregate.add((Number) type.compose(value));
            }
        }
        return type.decompose(aggregate.result());
    }
}
