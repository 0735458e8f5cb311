package io.cairn.cql.type;

import io.cairn.cql.error.CqlException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Collections, tuples, user types and vectors: values made of serialized parts. */
public sealed interface CompositeType extends CqlType permits ListType, SetType, MapType, TupleType, UserType, VectorType {

    /** The serialized parts of a value in order (a map's keys and values alternate); nulls for absent parts. */
    List<ByteBuffer> parts(ByteBuffer value);

    @Override
    default String toText(ByteBuffer value) {
        return toCqlLiteral(value);
    }

    @Override
    default ByteBuffer fromString(String text) {
        throw CqlException.invalid("Values of type " + asCql() + " cannot be parsed from a string");
    }

    /** The serialized parts as a list (Java values of parts are not composed). */
    @Override
    default Object compose(ByteBuffer value) {
        return value == null ? null : new ArrayList<>(parts(value));
    }

    @Override
    default ByteBuffer decompose(Object value) {
        throw new UnsupportedOperationException("Build " + asCql() + " values with pack()");
    }

    @Override
    default boolean acceptsEmptyValue() {
        return false;
    }
}
