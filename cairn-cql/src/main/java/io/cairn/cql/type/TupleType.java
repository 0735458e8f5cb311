package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code tuple<t1, t2, ...>}, always frozen; serialized as a sequence of [int length][bytes], length -1 for null. */
public record TupleType(List<CqlType> components) implements CompositeType {

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

    /** The serialization of these values. */
    public ByteBuffer pack(List<ByteBuffer> values) {
        return Composites.packTuple(values);
    }

    /** The parts of a serialized value. */
    public List<ByteBuffer> unpack(ByteBuffer value) {
        return Composites.unpackTuple(value, components.size());
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
                components.get(i).validate(values.get(i));
            }
        }
    }

    @Override
    public int compare(ByteBuffer left, ByteBuffer right) {
        return Composites.compareComponents(components, unpack(left), unpack(right));
    }

    @Override
    public String toCqlLiteral(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        List<ByteBuffer> values = unpack(value);
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            parts.add(components.get(i).toCqlLiteral(values.get(i)));
        }
        return Composites.literal(parts, "(", ")");
    }

    @Override
    public Optional<KeyType> keyType() {
        List<KeyType> keyTypes = Composites.keyTypes(components);
        return keyTypes == null ? Optional.empty() : Optional.of(KeyType.tuple(keyTypes));
    }

    @Override
    public String asCql() {
        List<String> parts = new java.util.ArrayList<>();
        for (CqlType component : components) {
            parts.add(component.asCql());
        }
        return "tuple<" + String.join(", ", parts) + ">";
    }

    @Override
    public String toJson(ByteBuffer value) {
        return value == null ? "null" : Json.components(components, unpack(value));
    }

    @Override
    public ByteBuffer fromJson(com.fasterxml.jackson.databind.JsonNode json) {
        return json == null || json.isNull() ? null : pack(Json.tuple(this, json));
    }

}
