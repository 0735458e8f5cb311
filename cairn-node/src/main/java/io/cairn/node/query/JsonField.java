package io.cairn.node.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.Json;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/** One column's value out of an INSERT JSON document. */
final class JsonField implements BoundTerm {

    private final BoundTerm document;
    private final ColumnMetadata column;
    private final TableMetadata table;
    private final boolean isDefaultUnset;

    JsonField(BoundTerm document, ColumnMetadata column, TableMetadata table, boolean isDefaultUnset) {
        this.document = document;
        this.column = column;
        this.table = table;
        this.isDefaultUnset = isDefaultUnset;
    }

    @Override
    public CqlType type() {
        return column.type();
    }

    @Override
    public ByteBuffer bind(ExecutionContext context) {
        ByteBuffer text = document.bind(context);
        if (text == null || text == QueryOptions.UNSET) {
            throw CqlException.invalid("Got null for INSERT JSON values");
        }
        JsonNode json = Json.parseObject((String) NativeType.TEXT.compose(text));
        JsonNode value = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String name = key.length() > 1 && key.startsWith("\"") && key.endsWith("\"")
                    ? key.substring(1, key.length() - 1) : key.toLowerCase(java.util.Locale.ROOT);
            if (table.column(name) == null) {
                throw CqlException.invalid("JSON values map contains unrecognized column: " + name);
            }
            if (name.equals(column.name())) {
                value = field.getValue();
            }
        }
        if (value == null) {
            return isDefaultUnset ? QueryOptions.UNSET : null;
        }
        if (value.isNull()) {
            return null;
        }
        if (column.type() == NativeType.TIMESTAMP && value.isTextual() && value.textValue().equalsIgnoreCase("now")) {
            // As in Cassandra, "now" is a timestamp's current time in JSON too.
            return NativeType.TIMESTAMP.decompose(Instant.ofEpochMilli(context.nowMillis()));
        }
        try {
            ByteBuffer converted = column.type().fromJson(value);
            column.type().validate(converted);
            return converted;
        } catch (CqlException e) {
            throw CqlException.invalid("Error decoding JSON value for " + column.name() + ": " + e.getMessage());
        }
    }
}
