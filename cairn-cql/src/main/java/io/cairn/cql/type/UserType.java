package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A user-defined type of a keyspace; serialized like a tuple of its fields in declaration order. */
public record UserType(String keyspace, String name, List<String> fieldNames, List<CqlType> fieldTypes,
                       boolean isFrozen) implements CqlType {

    public UserType {
        fieldNames = List.copyOf(fieldNames);
        fieldTypes = List.copyOf(fieldTypes);
    }

    @Override
    public boolean isMultiCell() {
        return !isFrozen;
    }

    @Override
    public CqlType freeze() {
        return new UserType(keyspace, name, fieldNames, fieldTypes, true);
    }

    /** The position of a field, or -1. */
    public int fieldIndex(String fieldName) {
        return fieldNames.indexOf(fieldName);
    }

    /** The serialization of these field values (entries may be null). */
    public ByteBuffer pack(List<ByteBuffer> values) {
        throw new UnsupportedOperationException("pending");
    }

    /** The field values of a serialized UDT value; missing trailing fields are null. */
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
