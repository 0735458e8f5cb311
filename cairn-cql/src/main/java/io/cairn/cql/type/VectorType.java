package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;
import io.cairn.common.encoding.UnsignedVInts;
import io.cairn.cql.error.CqlException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code vector<element, dimension>} (Cassandra 5.0), always frozen: exactly {@code dimension}
 * non-null elements. native_protocol_v5 §6.25: the elements back to back when the element type
 * has a fixed size (boolean, int, bigint, float, double, timestamp, uuid, timeuuid, and vectors
 * of them), else each preceded by its length as an unsigned vint. Compared element by element;
 * a vector may be part of a primary key.
 */
public record VectorType(CqlType element, int dimension) implements CompositeType {

    /** The largest dimension accepted, as a bound on what a schema can make us allocate per value. */
    public static final int MAX_DIMENSION = 1 << 20;

    public VectorType {
        if (dimension <= 0) {
            throw CqlException.invalid("vectors may only have positive dimensions; given " + dimension);
        }
        if (dimension > MAX_DIMENSION) {
            throw CqlException.invalid("vectors may have at most " + MAX_DIMENSION + " dimensions; given " + dimension);
        }
    }

    /** The serialized size of every element, or -1 when each is preceded by its length. */
    public int elementLengthIfFixed() {
        return lengthIfFixed(element);
    }

    private static int lengthIfFixed(CqlType type) {
        if (type instanceof VectorType vector) {
            int inner = lengthIfFixed(vector.element());
            return inner < 0 ? -1 : inner * vector.dimension();
        }
        if (!(type instanceof NativeType nativeType)) {
            return -1;
        }
        return switch (nativeType) {
            case BOOLEAN -> 1;
            case INT, FLOAT -> 4;
            case BIGINT, DOUBLE, TIMESTAMP -> 8;
            case UUID, TIMEUUID -> 16;
            default -> -1;
        };
    }

    @Override
    public boolean isMultiCell() {
        return false;
    }

    @Override
    public CqlType freeze() {
        return this;
    }

    /**
     * The serialization of these elements.
     *
     * @throws CqlException INVALID if there are not {@code dimension} of them, or one is null
     */
    public ByteBuffer pack(List<ByteBuffer> elements) {
        if (elements.size() != dimension) {
            throw CqlException.invalid("Required " + dimension + " elements, but saw " + elements.size());
        }
        int fixed = elementLengthIfFixed();
        int size = 0;
        for (int i = 0; i < elements.size(); i++) {
            ByteBuffer e = elements.get(i);
            if (e == null) {
                throw CqlException.invalid("null is not supported inside vectors");
            }
            if (fixed >= 0 && e.remaining() != fixed) {
                throw CqlException.invalid("Element at index " + i + " of a " + asCql() + " value has "
                        + e.remaining() + " bytes, not " + fixed);
            }
            size += e.remaining() + (fixed >= 0 ? 0 : UnsignedVInts.sizeOf(e.remaining()));
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer e : elements) {
            if (fixed < 0) {
                UnsignedVInts.write(out, e.remaining());
            }
            out.put(e.duplicate());
        }
        return out.flip();
    }

    /**
     * The elements of a serialized value.
     *
     * @throws CqlException INVALID if the value does not hold exactly {@code dimension} elements
     */
    public List<ByteBuffer> unpack(ByteBuffer value) {
        int fixed = elementLengthIfFixed();
        int position = value.position();
        int limit = value.limit();
        List<ByteBuffer> elements = new ArrayList<>(Math.min(dimension, 1024));
        for (int i = 0; i < dimension; i++) {
            int length = fixed;
            if (fixed < 0) {
                long declared;
                try {
                    declared = UnsignedVInts.read(value, position, limit);
                } catch (IllegalArgumentException e) {
                    throw CqlException.invalid("Not enough bytes to read a " + asCql() + " value");
                }
                position += UnsignedVInts.sizeOf(declared);
                if (declared > limit - position) {
                    throw CqlException.invalid("Not enough bytes to read element " + i + " of a " + asCql() + " value");
                }
                length = (int) declared;
            } else if (length > limit - position) {
                throw CqlException.invalid("Not enough bytes to read a " + asCql() + " value");
            }
            elements.add(value.slice(position, length));
            position += length;
        }
        if (position != limit) {
            throw CqlException.invalid("Unexpected extraneous bytes after vector value");
        }
        return elements;
    }

    @Override
    public List<ByteBuffer> parts(ByteBuffer value) {
        return unpack(value);
    }

    @Override
    public void validate(ByteBuffer value) {
        for (ByteBuffer e : unpack(value)) {
            element.validate(e);
        }
    }

    @Override
    public int compare(ByteBuffer left, ByteBuffer right) {
        return Composites.compareComponents(java.util.Collections.nCopies(dimension, element), unpack(left),
                unpack(right));
    }

    @Override
    public String toCqlLiteral(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        List<String> parts = new ArrayList<>(dimension);
        for (ByteBuffer e : unpack(value)) {
            parts.add(element.toCqlLiteral(e));
        }
        return Composites.literal(parts, "[", "]");
    }

    @Override
    public Optional<KeyType> keyType() {
        return element.keyType().map(elements -> KeyType.vector(elements, dimension));
    }

    @Override
    public String asCql() {
        return "vector<" + element.asCql() + ", " + dimension + ">";
    }

    /**
     * The class name drivers see for this type in result metadata, where the native protocol
     * carries vectors as custom types: {@code org.apache.cassandra.db.marshal.VectorType(
     * org.apache.cassandra.db.marshal.FloatType,3)}.
     */
    public String marshalClassName() {
        return MarshalNames.of(this);
    }

    @Override
    public String toJson(ByteBuffer value) {
        return value == null ? "null" : Json.array(element, unpack(value));
    }

    @Override
    public ByteBuffer fromJson(com.fasterxml.jackson.databind.JsonNode json) {
        return json == null || json.isNull() ? null : pack(Json.vector(this, json));
    }
}
