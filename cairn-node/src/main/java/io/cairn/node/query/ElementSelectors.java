package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.SetType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Selecting into a set or a map, as Cassandra 4+ allows: {@code m['k']} (a map's value for a
 * key, a set's element if present) and {@code m['a'..'z']} (the entries, or elements, whose keys
 * lie between the bounds, both included; an unset bound leaves that side open). A slice that
 * keeps nothing is an empty collection when the collection is frozen and null otherwise, as an
 * empty non-frozen collection is null in CQL. Lists refuse both, as in Cassandra.
 */
final class ElementSelectors {

    private ElementSelectors() {
    }

    /** The type the keys (maps) or elements (sets) of {@code type} have; refuses other types. */
    static CqlType keyType(CqlType type, String selected, String what) {
        if (type instanceof MapType map) {
            return map.keys();
        }
        if (type instanceof SetType set) {
            return set.element();
        }
        if (type instanceof io.cairn.cql.type.ListType) {
            throw CqlException.invalid(what + " selection is only allowed on sets and maps, but " + selected
                    + " is a list");
        }
        // Cassandra words the two differently: "v is of type ..." for an element, "v of type ..." for a slice.
        throw CqlException.invalid("Invalid " + what.toLowerCase(java.util.Locale.ROOT) + " selection: " + selected
                + (what.equals("Slice") ? " of type " : " is of type ")
                + (type instanceof io.cairn.cql.type.TupleType ? "frozen<" + type.asCql() + ">" : type.asCql())
                + " is not a collection");
    }

    /**
     * {@code collection[key]}: a map's value, or a set's element when it holds it
     * ({@code collection} of a type {@link #keyType} accepts; {@code name} names the selector).
     */
    static Selection.Output element(Selection.Output collection, BoundTerm key, String name) {
        CqlType type = collection.type();
        CqlType keyType = keyType(type, name, "Element");
        CqlType resultType = type instanceof MapType map ? map.values() : keyType;
        return new Selection.Output() {
            @Override
            public CqlType type() {
                return resultType;
            }

            @Override
            public ByteBuffer compute(RowView row, ExecutionContext context) {
                ByteBuffer wanted = bound(key, context, "element", name);
                ByteBuffer value = collection.compute(row, context);
                if (value == null) {
                    return null;
                }
                if (type instanceof MapType map) {
                    for (Map.Entry<ByteBuffer, ByteBuffer> entry : map.unpack(value)) {
                        if (keyType.compare(entry.getKey(), wanted) == 0) {
                            return entry.getValue();
                        }
                    }
                    return null;
                }
                for (ByteBuffer element : ((SetType) type).unpack(value)) {
                    if (keyType.compare(element, wanted) == 0) {
                        return element;
                    }
                }
                return null;
            }
        };
    }

    /** {@code collection[from..to]}: the part whose keys lie between the bounds (null: open). */
    static Selection.Output slice(Selection.Output collection, BoundTerm from, BoundTerm to, String name) {
        CqlType type = collection.type();
        CqlType keyType = keyType(type, name, "Slice");
        boolean frozen = !type.isMultiCell();
        return new Selection.Output() {
            @Override
            public CqlType type() {
                return type;
            }

            @Override
            public ByteBuffer compute(RowView row, ExecutionContext context) {
                ByteBuffer lower = from == null ? null : openIfUnset(from.bind(context), name);
                ByteBuffer upper = to == null ? null : openIfUnset(to.bind(context), name);
                ByteBuffer value = collection.compute(row, context);
                if (value == null) {
                    return null;
                }
                if (type instanceof MapType map) {
                    List<Map.Entry<ByteBuffer, ByteBuffer>> kept = new ArrayList<>();
                    for (Map.Entry<ByteBuffer, ByteBuffer> entry : map.unpack(value)) {
                        if (within(entry.getKey(), lower, upper)) {
                            kept.add(entry);
                        }
                    }
                    return kept.isEmpty() && !frozen ? null : map.pack(kept);
                }
                SetType set = (SetType) type;
                List<ByteBuffer> kept = new ArrayList<>();
                for (ByteBuffer element : set.unpack(value)) {
                    if (within(element, lower, upper)) {
                        kept.add(element);
                    }
                }
                return kept.isEmpty() && !frozen ? null : set.pack(kept);
            }

            private boolean within(ByteBuffer key, ByteBuffer lower, ByteBuffer upper) {
                return (lower == null || keyType.compare(key, lower) >= 0)
                        && (upper == null || keyType.compare(key, upper) <= 0);
            }
        };
    }

    /** A bound's value: null (open) when unset; refuses null. */
    private static ByteBuffer openIfUnset(ByteBuffer value, String name) {
        if (value == QueryOptions.UNSET) {
            return null;
        }
        if (value == null) {
            throw CqlException.invalid("Invalid null value for slice selection on " + name);
        }
        return value;
    }

    private static ByteBuffer bound(BoundTerm term, ExecutionContext context, String what, String name) {
        ByteBuffer value = term.bind(context);
        if (value == null) {
            throw CqlException.invalid("Invalid null value for " + what + " selection on " + name);
        }
        if (value == QueryOptions.UNSET) {
            throw CqlException.invalid("Invalid unset value for " + what + " selection on " + name);
        }
        return value;
    }
}
