package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code tuple<t1, t2, ...>}, always frozen; serialized as a sequence of [int length][bytes], length -1 for null. */
public record TupleType(List<CqlType> components) implements CqlType {

    public TupleType {
        components = List.copyOf(components);
    }

    @Override
    public boolean isMultiCell() {
        return false;
    }

    @Override
    public CqlType freeze() {
        return this;
    }

    /** The serialization of these components (entries may be null). */
    public ByteBuffer pack(List<ByteBuffer> values) {
        throw new UnsupportedOperationException("pending");
    }

    /** The components of a serialized tuple; a shorter value leaves trailing components null. */
    public List<ByteBuffer> unpack(ByteBuffer value) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public void validate(ByteBuffer value) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public int compare(ByteBuffer left, ByteBuffer right) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public String toCqlLiteral(ByteBuffer value) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public String toText(ByteBuffer value) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public ByteBuffer fromString(String text) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public String toJson(ByteBuffer value) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public ByteBuffer fromJson(com.fasterxml.jackson.databind.JsonNode json) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public Object compose(ByteBuffer value) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public ByteBuffer decompose(Object value) {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public Optional<KeyType> keyType() {
        throw new UnsupportedOperationException("pending");
    }

    @Override
    public String asCql() {
        throw new UnsupportedOperationException("pending");
    }
}
