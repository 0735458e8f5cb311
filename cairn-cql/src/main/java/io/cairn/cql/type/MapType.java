package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code map<key, value>}; serialized as [int n][n × (key, value)], keys sorted and distinct. */
public record MapType(CqlType keys, CqlType values, boolean isFrozen) implements CompositeType {

    @Override
    public boolean isMultiCell() {
        return !isFrozen;
    }

    @Override
    public CqlType freeze() {
        return new MapType(keys, values, true);
    }

    /** The serialization of these values. */
    public ByteBuffer pack(List<Map.Entry<ByteBuffer, ByteBuffer>> entries) {
        java.util.TreeMap<ByteBuffer, ByteBuffer> sorted = new java.util.TreeMap<>(keys::compare);
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : entries) {
            sorted.put(entry.getKey(), entry.getValue());
        }
        List<ByteBuffer> flat = new java.util.ArrayList<>(sorted.size() * 2);
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : sorted.entrySet()) {
            flat.add(entry.getKey());
            flat.add(entry.getValue());
        }
        ByteBuffer packed = Composites.packCollection(flat);
        packed.putInt(0, sorted.size());
        return packed;
    }

    /** The entries of a serialized map, in key order. */
    public List<Map.Entry<ByteBuffer, ByteBuffer>> unpack(ByteBuffer value) {
        List<ByteBuffer> flat = Composites.unpackCollection(value, 2);
        List<Map.Entry<ByteBuffer, ByteBuffer>> entries = new java.util.ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
            entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(flat.get(i), flat.get(i + 1)));
        }
        return entries;
    }

    @Override
    public List<ByteBuffer> parts(ByteBuffer value) {
        return Composites.unpackCollection(value, 2);
    }

    @Override
    public void validate(ByteBuffer value) {
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : unpack(value)) {
            keys.validate(entry.getKey());
            values.validate(entry.getValue());
        }
    }

    @Override
    public int compare(ByteBuffer left, ByteBuffer right) {
        List<Map.Entry<ByteBuffer, ByteBuffer>> a = unpack(left);
        List<Map.Entry<ByteBuffer, ByteBuffer>> b = unpack(right);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int cmp = keys.compare(a.get(i).getKey(), b.get(i).getKey());
            if (cmp == 0) {
                cmp = values.compare(a.get(i).getValue(), b.get(i).getValue());
            }
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public String toCqlLiteral(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        List<String> parts = new java.util.ArrayList<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : unpack(value)) {
            parts.add(keys.toCqlLiteral(entry.getKey()) + ": " + values.toCqlLiteral(entry.getValue()));
        }
        return Composites.literal(parts, "{", "}");
    }

    @Override
    public Optional<KeyType> keyType() {
        if (!isFrozen) {
            return Optional.empty();
        }
        Optional<KeyType> k = keys.keyType();
        Optional<KeyType> v = values.keyType();
        return k.isPresent() && v.isPresent() ? Optional.of(KeyType.frozenMap(k.get(), v.get())) : Optional.empty();
    }

    @Override
    public String asCql() {
        String inner = "map<" + keys.asCql() + ", " + values.asCql() + ">";
        return isFrozen ? "frozen<" + inner + ">" : inner;
    }

    @Override
    public String toJson(ByteBuffer value) {
        return value == null ? "null" : Json.object(this, unpack(value));
    }

    @Override
    public ByteBuffer fromJson(com.fasterxml.jackson.databind.JsonNode json) {
        return json == null || json.isNull() ? null : pack(Json.entries(this, json));
    }

}
