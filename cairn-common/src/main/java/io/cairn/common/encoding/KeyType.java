package io.cairn.common.encoding;

import java.util.List;

/**
 * The CQL type of a value that can be part of a partition or clustering key, as far as its
 * order-preserving key encoding ({@link KeyCodec}) is concerned.
 *
 * <p>The set is closed: the native types of {@link NativeKeyType}, tuples and frozen UDTs
 * ({@link TupleKeyType}), frozen lists, sets and maps, and vectors ({@link VectorKeyType}). Non-frozen collections and
 * {@code duration} cannot be keys in CQL, so they have no {@code KeyType}.
 *
 * <p>Types are immutable trees built from the schema. Their nesting is bounded by
 * {@link #MAX_NESTING_DEPTH}, which also bounds the recursion of encoding and decoding.
 */
public sealed interface KeyType permits NativeKeyType, TupleKeyType, ListKeyType, SetKeyType, MapKeyType, VectorKeyType {

    /** The deepest nesting of composite types accepted (a native type has depth 1). */
    int MAX_NESTING_DEPTH = 32;

    /** The type as CQL spells it, e.g. {@code frozen<map<text, int>>}. */
    String cqlName();

    /** 1 for a native type; 1 + the deepest component's depth for a composite type. */
    int nestingDepth();

    /**
     * The native type CQL calls {@code name} (case-insensitive; {@code varchar} is {@code text}).
     *
     * @throws IllegalArgumentException for {@code duration} and {@code counter}, which cannot be
     *     part of a key, and for names that are not CQL native types
     */
    static NativeKeyType ofNative(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "duration":
                return duration();
            case "counter":
                throw new IllegalArgumentException("counter values cannot be part of a key");
            case "varchar":
                return NativeKeyType.TEXT;
            default:
                for (NativeKeyType type : NativeKeyType.values()) {
                    if (type.cqlName().equals(lower)) {
                        return type;
                    }
                }
                throw new IllegalArgumentException("'" + name + "' is not a CQL native type that can be part of a key");
        }
    }

    /**
     * Always throws: a duration has no order (1 month and 30 days are incomparable), so CQL
     * refuses it in keys and there is no key encoding for it.
     */
    static NativeKeyType duration() {
        throw new IllegalArgumentException("duration values cannot be part of a key: they have no order");
    }

    /** {@code tuple<components...>}; components compare in order, a null before any value. */
    static TupleKeyType tuple(List<KeyType> components) {
        return new TupleKeyType(components, false);
    }

    /** A frozen user-defined type: compares like a tuple of its fields in declaration order. */
    static TupleKeyType udt(List<KeyType> fields) {
        return new TupleKeyType(fields, true);
    }

    /** {@code vector<elements, dimension>}: compares element by element. */
    static VectorKeyType vector(KeyType elements, int dimension) {
        return new VectorKeyType(elements, dimension);
    }

    static ListKeyType frozenList(KeyType elements) {
        return new ListKeyType(elements);
    }

    static SetKeyType frozenSet(KeyType elements) {
        return new SetKeyType(elements);
    }

    static MapKeyType frozenMap(KeyType keys, KeyType values) {
        return new MapKeyType(keys, values);
    }

    /** The depth of a composite type over {@code children}, checked against the bound. */
    static int nestingDepthOver(List<KeyType> children) {
        int deepest = 0;
        for (KeyType child : children) {
            deepest = Math.max(deepest, child.nestingDepth());
        }
        int depth = deepest + 1;
        if (depth > MAX_NESTING_DEPTH) {
            throw new IllegalArgumentException("Key type nests " + depth + " levels deep; at most "
                    + MAX_NESTING_DEPTH + " are supported");
        }
        return depth;
    }
}
