package io.cairn.node.schema;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.UserType;
import io.cairn.node.schema.TableLayout;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the rows of Cairn's own tables (system_schema, system.local …) directly
 * in storage, below the query layer: schema changes are written as rows so that drivers read
 * them with ordinary SELECTs, and loaded back from them at startup.
 */
public final class SchemaRows {

    private SchemaRows() {
    }

    /**
     * A row to write: every column by name (key columns included), values serialized. A
     * collection's elements are added to those it has.
     */
    public static PartitionUpdate row(TableMetadata table, Map<String, ByteBuffer> values, long timestampMicros) {
        return row(table, values, timestampMicros, java.util.Set.of());
    }

    /**
     * A row to write, whose collections named in {@code replaced} replace the ones before, as a
     * CQL INSERT's do: the elements written before (a moved node's old tokens, say) are deleted
     * just before the new ones (so a later write must have a later timestamp to replace these).
     */
    public static PartitionUpdate row(TableMetadata table, Map<String, ByteBuffer> values, long timestampMicros,
                                      java.util.Set<String> replaced) {
        return PartitionUpdate.builder(partitionKey(table, values))
                .row(rowOf(table, values, timestampMicros, replaced, 0)).build();
    }

    /** The partition key of a row given by column name, as {@link #row} takes it. */
    public static io.cairn.storage.PartitionKey partitionKey(TableMetadata table, Map<String, ByteBuffer> values) {
        return TableLayout.partitionKey(table, valuesOf(table.partitionKey(), values));
    }

    /**
     * A row given by column name (key columns included) whose cells and row marker expire
     * {@code ttlSeconds} after {@code timestampMicros}, as an INSERT ... USING TTL writes them.
     */
    public static Row expiringRow(TableMetadata table, Map<String, ByteBuffer> values, long timestampMicros,
                                  int ttlSeconds) {
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("An expiring row needs a positive TTL, not " + ttlSeconds);
        }
        return rowOf(table, values, timestampMicros, java.util.Set.of(), ttlSeconds);
    }

    /** @param ttlSeconds 0 for cells that never expire */
    private static Row rowOf(TableMetadata table, Map<String, ByteBuffer> values, long timestampMicros,
                             java.util.Set<String> replaced, int ttlSeconds) {
        long expiresAt = Math.floorDiv(timestampMicros, 1_000_000L) + ttlSeconds;
        Row.Builder row = Row.builder(TableLayout.clustering(table, valuesOf(table.clustering(), values)))
                .liveness(ttlSeconds == 0 ? Liveness.of(timestampMicros)
                        : Liveness.expiring(timestampMicros, ttlSeconds, expiresAt));
        for (ColumnMetadata column : table.columns()) {
            ByteBuffer value = values.get(column.name());
            if (column.isPrimaryKey() || value == null) {
                continue;
            }
            if (column.type().isMultiCell()) {
                if (replaced.contains(column.name())) {
                    row.deleteColumn(column.name(), new Deletion(timestampMicros - 1,
                            Math.floorDiv(timestampMicros, 1_000_000L)));
                }
                addElements(row, column, value, timestampMicros, ttlSeconds, expiresAt);
            } else {
                row.cell(cell(column.name(), bytes(value), timestampMicros, ttlSeconds, expiresAt));
            }
        }
        return row.build();
    }

    private static Cell cell(String column, byte[] value, long timestampMicros, int ttlSeconds, long expiresAt) {
        return ttlSeconds == 0 ? Cell.live(column, value, timestampMicros)
                : Cell.expiring(column, value, timestampMicros, ttlSeconds, expiresAt);
    }

    /** The values of {@code columns}, in order, from {@code values} by name. */
    private static List<ByteBuffer> valuesOf(List<ColumnMetadata> columns, Map<String, ByteBuffer> values) {
        List<ByteBuffer> selected = new ArrayList<>();
        for (ColumnMetadata column : columns) {
            selected.add(values.get(column.name()));
        }
        return selected;
    }

    private static void addElements(Row.Builder row, ColumnMetadata column, ByteBuffer value, long timestampMicros,
                                    int ttlSeconds, long expiresAt) {
        CqlType type = column.type();
        if (type instanceof SetType set) {
            for (ByteBuffer element : set.unpack(value)) {
                row.cell(cell(column.name(), new byte[0], timestampMicros, ttlSeconds, expiresAt)
                        .atPath(TableLayout.elementPath(set.element(), element)));
            }
        } else if (type instanceof MapType map) {
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : map.unpack(value)) {
                row.cell(cell(column.name(), bytes(entry.getValue()), timestampMicros, ttlSeconds, expiresAt)
                        .atPath(TableLayout.elementPath(map.keys(), entry.getKey())));
            }
        } else {
            throw new IllegalArgumentException("Cairn's own tables use no " + type.asCql() + " column");
        }
    }

    /** Deletes the row with these key columns (every one of the primary key, by name, serialized). */
    public static PartitionUpdate deleteRow(TableMetadata table, Map<String, ByteBuffer> keyValues,
                                            long timestampMicros, long nowSeconds) {
        Row row = Row.builder(TableLayout.clustering(table, valuesOf(table.clustering(), keyValues)))
                .delete(new Deletion(timestampMicros, nowSeconds)).build();
        return PartitionUpdate.builder(TableLayout.partitionKey(table, valuesOf(table.partitionKey(), keyValues)))
                .row(row).build();
    }

    /** Deletes the partition of {@code keyspaceName} in a table keyed by keyspace_name. */
    public static PartitionUpdate deletePartition(TableMetadata table, ByteBuffer key, long timestampMicros,
                                                  long nowSeconds) {
        return PartitionUpdate.builder(TableLayout.partitionKey(table, List.of(key)))
                .deletePartition(new Deletion(timestampMicros, nowSeconds)).build();
    }

    /** Every live row of a table, as column name → value (collections as their serialization). */
    public static List<Map<String, ByteBuffer>> readAll(StorageEngine storage, TableMetadata table, long nowSeconds) {
        List<Map<String, ByteBuffer>> rows = new ArrayList<>();
        ScanPosition position = null;
        ReadFilter filter = ReadFilter.all(nowSeconds).withRowLimit(1_000);
        while (true) {
            ScanPage page = storage.scan(table.tableId(), TokenRange.FULL, position, filter);
            for (PartitionData partition : page.partitions()) {
                for (Row row : partition.rows()) {
                    rows.add(values(table, partition.key(), row, nowSeconds));
                }
            }
            if (!page.hasMorePages()) {
                return rows;
            }
            position = page.next();
        }
    }

    private static Map<String, ByteBuffer> values(TableMetadata table, PartitionKey key, Row row, long nowSeconds) {
        Map<String, ByteBuffer> values = new HashMap<>();
        List<ByteBuffer> keyValues = TableLayout.partitionKeyValues(table, key);
        for (int i = 0; i < keyValues.size(); i++) {
            values.put(table.partitionKey().get(i).name(), keyValues.get(i));
        }
        List<ByteBuffer> clustering = TableLayout.clusteringValues(table, row.clustering());
        for (int i = 0; i < clustering.size(); i++) {
            values.put(table.clustering().get(i).name(), clustering.get(i));
        }
        Map<String, List<Cell>> cells = new HashMap<>();
        for (Cell cell : row.cells()) {
            if (cell.isLive(nowSeconds)) {
                cells.computeIfAbsent(cell.column(), c -> new ArrayList<>()).add(cell);
            }
        }
        for (Map.Entry<String, List<Cell>> entry : cells.entrySet()) {
            ColumnMetadata column = table.column(entry.getKey());
            if (column == null) {
                continue;
            }
            CqlType type = column.type();
            if (type instanceof SetType set && type.isMultiCell()) {
                List<ByteBuffer> elements = new ArrayList<>();
                for (Cell cell : entry.getValue()) {
                    elements.add(TableLayout.elementOfPath(set.element(), cell.path()));
                }
                values.put(column.name(), set.pack(elements));
            } else if (type instanceof MapType map && type.isMultiCell()) {
                List<Map.Entry<ByteBuffer, ByteBuffer>> entries = new ArrayList<>();
                for (Cell cell : entry.getValue()) {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(TableLayout.elementOfPath(map.keys(), cell.path()),
                            ByteBuffer.wrap(cell.value())));
                }
                values.put(column.name(), map.pack(entries));
            } else {
                values.put(column.name(), ByteBuffer.wrap(entry.getValue().get(0).value()));
            }
        }
        return values;
    }

    public static ByteBuffer text(String value) {
        return value == null ? null : ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
    }

    public static String text(ByteBuffer value) {
        return value == null ? null : StandardCharsets.UTF_8.decode(value.duplicate()).toString();
    }

    public static ByteBuffer textList(List<String> values) {
        List<ByteBuffer> elements = new ArrayList<>();
        for (String value : values) {
            elements.add(text(value));
        }
        return new ListType(NativeType.TEXT, true).pack(elements);
    }

    public static List<String> textList(ByteBuffer value) {
        List<String> result = new ArrayList<>();
        if (value != null) {
            for (ByteBuffer element : new ListType(NativeType.TEXT, true).unpack(value)) {
                result.add(text(element));
            }
        }
        return result;
    }

    public static ByteBuffer textMap(Map<String, String> map) {
        List<Map.Entry<ByteBuffer, ByteBuffer>> entries = new ArrayList<>();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(text(entry.getKey()), text(entry.getValue())));
        }
        return new MapType(NativeType.TEXT, NativeType.TEXT, true).pack(entries);
    }

    public static Map<String, String> textMap(ByteBuffer value) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        if (value != null) {
            for (Map.Entry<ByteBuffer, ByteBuffer> entry : new MapType(NativeType.TEXT, NativeType.TEXT, true).unpack(value)) {
                result.put(text(entry.getKey()), text(entry.getValue()));
            }
        }
        return result;
    }



    static byte[] bytes(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }
}
