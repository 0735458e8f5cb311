package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code list<element>}, frozen or not; serialized as [int n][n × [int length][bytes]]. */
public record ListType(CqlType element, boolean isFrozen) implements CqlType {

    @Override
    public boolean isMultiCell() {
        return !isFrozen;
    }

    @Override
    public CqlType freeze() {
        return new ListType(element, true);
    }

    /** The serialization of these elements (none null). */
    public ByteBuffer pack(List<ByteBuffer> elements) {
        throw new UnsupportedOperationException("pending");
    }

    /** The elements of a serialized list. */
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
