package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code map<key, value>}; serialized as [int n][n × (key, value)], keys sorted and distinct. */
public record MapType(CqlType keys, CqlType values, boolean isFrozen) implements CqlType {

    @Override
    public boolean isMultiCell() {
        return !isFrozen;
    }

    @Override
    public CqlType freeze() {
        return new MapType(keys, values, true);
    }

    /** The serialization of these entries (no null key or value), sorted by key; a later duplicate key wins. */
    public ByteBuffer pack(List<Map.Entry<ByteBuffer, ByteBuffer>> entries) {
        throw new UnsupportedOperationException("pending");
    }

    /** The entries of a serialized map, in key order. */
    public List<Map.Entry<ByteBuffer, ByteBuffer>> unpack(ByteBuffer value) {
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
