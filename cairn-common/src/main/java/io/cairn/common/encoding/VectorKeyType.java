package io.cairn.common.encoding;

import java.util.List;

/**
 * A {@code vector<T, n>} (Cassandra 5.0): exactly {@code dimension} non-null elements,
 * compared element by element as Cassandra's VectorType compares them. Serialized
 * (native_protocol_v5 §6.25) as the elements back to back when the element type has a fixed
 * size ({@link #elementLengthIfFixed}), else each element preceded by its length as an
 * unsigned vint ({@link UnsignedVInts}). Java values are {@code List<?>} of the elements.
 *
 * @param elements  the element type
 * @param dimension the number of elements; at least 1
 */
public record VectorKeyType(KeyType elements, int dimension) implements KeyType {

    public VectorKeyType {
        if (dimension <= 0) {
            throw new IllegalArgumentException("A vector needs a positive dimension, not " + dimension);
        }
        KeyType.nestingDepthOver(List.of(elements));
    }

    /**
     * The serialized size of every value of {@code type}, or -1 when values vary in size: the
     * types Cassandra's {@code valueLengthIfFixed} gives a size (boolean, int, bigint, float,
     * double, timestamp, uuid, timeuuid) and vectors of them. Empty values are not counted: a
     * vector's elements are never empty.
     */
    public static int lengthIfFixed(KeyType type) {
        if (type instanceof VectorKeyType vector) {
            int element = lengthIfFixed(vector.elements());
            return element < 0 ? -1 : element * vector.dimension();
        }
        if (!(type instanceof NativeKeyType nativeType)) {
            return -1;
        }
        switch (nativeType) {
            case BOOLEAN:
                return 1;
            case INT:
            case FLOAT:
                return 4;
            case BIGINT:
            case DOUBLE:
            case TIMESTAMP:
                return 8;
            case UUID:
            case TIMEUUID:
                return 16;
            default:
                return -1;
        }
    }

    /** The size of each element, or -1 when each is preceded by its length. */
    public int elementLengthIfFixed() {
        return lengthIfFixed(elements);
    }

    @Override
    public String cqlName() {
        return "vector<" + elements.cqlName() + ", " + dimension + ">";
    }

    @Override
    public int nestingDepth() {
        return elements.nestingDepth() + 1;
    }
}
