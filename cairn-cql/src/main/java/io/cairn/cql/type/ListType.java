package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code list<element>}, frozen or not; serialized as [int n][n × [int length][bytes]]. */
public record ListType(CqlType element, boolean isFrozen) implements CompositeType {

    @Override
    public boolean isMultiCell() {
        return !isFrozen;
    }

    @Override
    public CqlType freeze() {
        return new ListType(element, true);
    }

    /** The serialization of these values. */
    public ByteBuffer pack(List<ByteBuffer> elements) {
        return Composites.packCollection(elements);
    }

    /** The parts of a serialized value. */
    public List<ByteBuffer> unpack(ByteBuffer value) {
        return Composites.unpackCollection(value, 1);
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
        return Composites.compareLists(element, unpack(left), unpack(right));
    }

    @Override
    public String toCqlLiteral(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        List<String> parts = new java.util.ArrayList<>();
        for (ByteBuffer e : unpack(value)) {
            parts.add(element.toCqlLiteral(e));
        }
        return Composites.literal(parts, "[", "]");
    }

    @Override
    public Optional<KeyType> keyType() {
        return isFrozen ? element.keyType().map(KeyType::frozenList) : Optional.empty();
    }

    @Override
    public String asCql() {
        String inner = "list<" + element.asCql() + ">";
        return isFrozen ? "frozen<" + inner + ">" : inner;
    }

    @Override
    public String toJson(ByteBuffer value) {
        return value == null ? "null" : Json.array(element, unpack(value));
    }

    @Override
    public ByteBuffer fromJson(com.fasterxml.jackson.databind.JsonNode json) {
        return json == null || json.isNull() ? null : pack(Json.elements(this, element, json));
    }

}
