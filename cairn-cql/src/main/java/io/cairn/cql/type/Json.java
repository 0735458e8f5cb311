package io.cairn.cql.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cql.error.CqlException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON text of values, as {@code SELECT JSON}, {@code toJson()} and {@code INSERT JSON} use it. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Parses JSON text, refusing anything malformed with an INVALID error. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null) {
                throw CqlException.invalid("Could not decode JSON string: empty");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CqlException.invalid("Could not decode JSON string '" + text + "': " + e.getOriginalMessage());
        } catch (IOException e) {
            throw CqlException.invalid("Could not decode JSON string '" + text + "': " + e.getMessage());
        }
    }

    /**
     * Parses the JSON object of an {@code INSERT JSON}, refusing anything else as Cassandra
     * words it: the JSON parser's own error and the text.
     */
    public static JsonNode parseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                // Parsed a second time only to be refused in the words of the parser's object mapping.
                MAPPER.readValue(text, java.util.LinkedHashMap.class);
                throw CqlException.invalid("Could not decode JSON string as a map: " + text);
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CqlException.invalid("Could not decode JSON string as a map: " + e.getClass().getName() + ": "
                    + locatedAsCassandra(e) + ". (String was: " + text + ")");
        }
    }

    /**
     * The parser's message, its location where Cassandra's JSON parser puts it: after an
     * unrecognized token, where the parser stopped reading it (this one points at its start).
     */
    private static String locatedAsCassandra(com.fasterxml.jackson.core.JsonProcessingException e) {
        String message = e.getMessage();
        String original = e.getOriginalMessage();
        com.fasterxml.jackson.core.JsonLocation location = e.getLocation();
        String prefix = "Unrecognized token '";
        if (original == null || location == null || !original.startsWith(prefix)
                || original.indexOf('\'', prefix.length()) < 0) {
            return message;
        }
        int tokenLength = original.indexOf('\'', prefix.length()) - prefix.length();
        String column = ", column: " + location.getColumnNr() + "]";
        int at = message.lastIndexOf(column);
        if (at < 0) {
            return message;
        }
        return message.substring(0, at) + ", column: " + (location.getColumnNr() + tokenLength) + "]"
                + message.substring(at + column.length());
    }

    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String array(CqlType element, List<ByteBuffer> values) {
        List<String> parts = new ArrayList<>();
        for (ByteBuffer value : values) {
            parts.add(value == null ? "null" : element.toJson(value));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    static String components(List<CqlType> types, List<ByteBuffer> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            parts.add(values.get(i) == null ? "null" : types.get(i).toJson(values.get(i)));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    static String object(MapType map, List<Map.Entry<ByteBuffer, ByteBuffer>> entries) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : entries) {
            String key = map.keys().toJson(entry.getKey());
            if (!key.startsWith("\"")) {
                key = quote(key);
            }
            parts.add(key + ": " + map.values().toJson(entry.getValue()));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    static String udt(UserType type, List<ByteBuffer> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < type.fieldNames().size(); i++) {
            String name = type.fieldNames().get(i);
            String key = name.equals(name.toLowerCase(java.util.Locale.ROOT)) ? name : "\"" + name + "\"";
            ByteBuffer value = i < values.size() ? values.get(i) : null;
            parts.add(quote(key) + ": " + (value == null ? "null" : type.fieldTypes().get(i).toJson(value)));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /**
     * A collection, tuple or user type value given as a JSON string holds its JSON inside, as
     * Cassandra reads it: {@code "[1, 2]"} is the list [1, 2].
     */
    private static JsonNode decoded(JsonNode json) {
        if (!json.isTextual()) {
            return json;
        }
        try {
            JsonNode inner = MAPPER.readTree(json.textValue());
            return inner == null ? json : inner;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CqlException.invalid("Error decoding JSON string: " + locatedAsCassandra(e));
        } catch (IOException e) {
            throw CqlException.invalid("Error decoding JSON string: " + e.getMessage());
        }
    }

    static List<ByteBuffer> elements(CqlType type, CqlType element, JsonNode given) {
        JsonNode json = decoded(given);
        if (!json.isArray()) {
            throw CqlException.invalid("Expected a list (representing a " + type.asCql() + "), but got a "
                    + json.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ": " + json);
        }
        List<ByteBuffer> values = new ArrayList<>();
        for (JsonNode node : json) {
            if (node.isNull()) {
                throw CqlException.invalid("Invalid null element in " + type.asCql());
            }
            values.add(element.fromJson(node));
        }
        return values;
    }

    /**
     * A vector's elements from a JSON array (or a string holding one), with Cassandra's
     * messages for an array of another size or with a null.
     */
    static List<ByteBuffer> vector(VectorType type, JsonNode given) {
        JsonNode json = decoded(given);
        if (!json.isArray()) {
            throw CqlException.invalid("Expected a list, but got a " + javaClassName(json) + ": " + json);
        }
        if (json.size() != type.dimension()) {
            List<String> shown = new ArrayList<>();
            for (JsonNode node : json) {
                shown.add(node.isTextual() ? node.asText() : node.toString());
            }
            throw CqlException.invalid("List had incorrect size: expected " + type.dimension() + " but given "
                    + json.size() + "; [" + String.join(", ", shown) + "]");
        }
        List<ByteBuffer> values = new ArrayList<>();
        for (JsonNode node : json) {
            if (node.isNull()) {
                throw CqlException.invalid("Invalid null element in list");
            }
            values.add(type.element().fromJson(node));
        }
        return values;
    }

    /** The Java class Cassandra's JSON decoder gives a value of this kind, as its messages name it. */
    private static String javaClassName(JsonNode json) {
        if (json.isObject()) {
            return "LinkedHashMap";
        }
        if (json.isTextual()) {
            return "String";
        }
        if (json.isBoolean()) {
            return "Boolean";
        }
        if (json.isInt()) {
            return "Integer";
        }
        if (json.isLong()) {
            return "Long";
        }
        if (json.isBigInteger()) {
            return "BigInteger";
        }
        return json.isNumber() ? "Double" : json.getNodeType().name();
    }

    static List<Map.Entry<ByteBuffer, ByteBuffer>> entries(MapType map, JsonNode given) {
        JsonNode json = decoded(given);
        if (!json.isObject()) {
            throw CqlException.invalid("Expected a map, but got a "
                    + json.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ": " + json);
        }
        List<Map.Entry<ByteBuffer, ByteBuffer>> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode key = map.keys() == NativeType.TEXT || map.keys() == NativeType.ASCII
                    ? com.fasterxml.jackson.databind.node.TextNode.valueOf(field.getKey()) : keyNode(field.getKey());
            if (field.getValue().isNull()) {
                throw CqlException.invalid("Invalid null value in map for key " + field.getKey());
            }
            entries.add(new AbstractMap.SimpleImmutableEntry<>(map.keys().fromJson(key),
                    map.values().fromJson(field.getValue())));
        }
        return entries;
    }

    private static JsonNode keyNode(String key) {
        try {
            JsonNode node = MAPPER.readTree(key);
            return node == null ? com.fasterxml.jackson.databind.node.TextNode.valueOf(key) : node;
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(key);
        }
    }

    static List<ByteBuffer> tuple(TupleType type, JsonNode given) {
        JsonNode json = decoded(given);
        if (!json.isArray() || json.size() > type.components().size()) {
            throw CqlException.invalid("Expected a list of at most " + type.components().size()
                    + " components for " + type.asCql() + ", but got " + json);
        }
        List<ByteBuffer> values = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            values.add(json.get(i).isNull() ? null : type.components().get(i).fromJson(json.get(i)));
        }
        return values;
    }

    static List<ByteBuffer> fields(UserType type, JsonNode given) {
        JsonNode json = decoded(given);
        if (!json.isObject()) {
            throw CqlException.invalid("Expected a map for user type " + type.name() + ", but got " + json);
        }
        ByteBuffer[] values = new ByteBuffer[type.fieldNames().size()];
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey().startsWith("\"") && field.getKey().endsWith("\"") && field.getKey().length() > 1
                    ? field.getKey().substring(1, field.getKey().length() - 1)
                    : field.getKey().toLowerCase(java.util.Locale.ROOT);
            int index = type.fieldIndex(name);
            if (index < 0) {
                throw CqlException.invalid("Unknown field '" + name + "' in value of user defined type " + type.name());
            }
            values[index] = field.getValue().isNull() ? null : type.fieldTypes().get(index).fromJson(field.getValue());
        }
        return java.util.Arrays.asList(values);
    }
}
