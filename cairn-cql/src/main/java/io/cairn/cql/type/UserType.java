package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A user-defined type of a keyspace; serialized like a tuple of its fields in declaration order. */
public record UserType(String keyspace, String name, List<String> fieldNames, List<CqlType> fieldTypes,
                       boolean isFrozen) implements CompositeType {

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

    /** The serialization of these values. */
    public ByteBuffer pack(List<ByteBuffer> values) {
        return Composites.packTuple(values);
    }

    /** The parts of a serialized value. */
    public List<ByteBuffer> unpack(ByteBuffer value) {
        return Composites.unpackTuple(value, fieldTypes.size());
    }

    @Override
    public List<ByteBuffer> parts(ByteBuffer value) {
        return unpack(value);
    }

    @Override
    public void validate(ByteBuffer value) {
        List<ByteBuffer> values = unpack(value);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null) {
                fieldTypes.get(i).validate(values.get(i));
            }
        }
    }

    @Override
    public int compare(ByteBuffer left, ByteBuffer right) {
        return Composites.compareComponents(fieldTypes, unpack(left), unpack(right));
    }

    @Override
    public String toCqlLiteral(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        List<ByteBuffer> values = unpack(value);
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            parts.add(CqlTypes.quote(fieldNames.get(i)) + ": " + fieldTypes.get(i).toCqlLiteral(values.get(i)));
        }
        return Composites.literal(parts, "{", "}");
    }

    @Override
    public Optional<KeyType> keyType() {
        if (!isFrozen) {
            return Optional.empty();
        }
        // A frozen value is frozen all the way down: a list field is a frozen list's bytes.
        List<KeyType> keyTypes = Composites.keyTypes(fieldTypes.stream().map(CqlType::freeze).toList());
        return keyTypes == null ? Optional.empty() : Optional.of(KeyType.udt(keyTypes));
    }

    @Override
    public String asCql() {
        String quoted = CqlTypes.quote(name);
        return isFrozen ? "frozen<" + quoted + ">" : quoted;
    }

    @Override
    public String toJson(ByteBuffer value) {
        return value == null ? "null" : Json.udt(this, unpack(value));
    }

    @Override
    public ByteBuffer fromJson(com.fasterxml.jackson.databind.JsonNode json) {
        return json == null || json.isNull() ? null : pack(Json.fields(this, json));
    }

}
