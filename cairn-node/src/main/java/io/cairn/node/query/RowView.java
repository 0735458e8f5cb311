package io.cairn.node.query;

import io.cairn.node.schema.TableLayout;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.UserType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.Row;

import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CQL row as read from storage: key column values decoded from the partition key and
 * clustering, and each regular or static column's value (multi-cell collections reassembled
 * from their element cells) with its write time and TTL.
 */
final class RowView {

    private final TableMetadata table;
    private final List<ByteBuffer> partitionKeyValues;
    private final List<ByteBuffer> clusteringValues;
    private final Map<String, List<Cell>> cells = new HashMap<>();
    private final long nowSeconds;

    RowView(TableMetadata table, PartitionKey key, List<ByteBuffer> partitionKeyValues, Row staticRow, Row row,
            long nowSeconds) {
        this.table = table;
        this.partitionKeyValues = partitionKeyValues;
        this.clusteringValues = row == null ? List.of() : TableLayout.clusteringValues(table, row.clustering());
        this.nowSeconds = nowSeconds;
        if (staticRow != null) {
            collect(staticRow);
        }
        if (row != null) {
            collect(row);
        }
    }

    private void collect(Row row) {
        for (Cell cell : row.cells()) {
            if (cell.isLive(nowSeconds) && !table.isDropped(cell.column(), cell.timestampMicros())) {
                cells.computeIfAbsent(cell.column(), c -> new ArrayList<>(1)).add(cell);
            }
        }
    }

    /** The column's value; null when it has none (an empty multi-cell collection is null). */
    ByteBuffer value(ColumnMetadata column) {
        switch (column.kind()) {
            case PARTITION_KEY:
                return partitionKeyValues.get(column.position()).duplicate();
            case CLUSTERING:
                return column.position() < clusteringValues.size() ? clusteringValues.get(column.position()) : null;
            default:
                break;
        }
        List<Cell> columnCells = cells.get(column.name());
        if (columnCells == null || columnCells.isEmpty()) {
            return null;
        }
        CqlType type = column.type();
        if (type == io.cairn.cql.type.NativeType.COUNTER) {
            return ByteBuffer.allocate(Long.BYTES).putLong(0, io.cairn.node.counter.CounterCells.total(columnCells));
        }
        if (!type.isMultiCell()) {
            return ByteBuffer.wrap(columnCells.get(0).value());
        }
        if (type instanceof ListType list) {
            List<ByteBuffer> elements = new ArrayList<>(columnCells.size());
            for (Cell cell : columnCells) {
                elements.add(ByteBuffer.wrap(cell.value()));
            }
            return list.pack(elements);
        }
        if (type instanceof SetType set) {
            List<ByteBuffer> elements = new ArrayList<>(columnCells.size());
            for (Cell cell : columnCells) {
                elements.add(TableLayout.elementOfPath(set.element(), cell.path()));
            }
            return set.pack(elements);
        }
        if (type instanceof MapType map) {
            List<Map.Entry<ByteBuffer, ByteBuffer>> entries = new ArrayList<>(columnCells.size());
            for (Cell cell : columnCells) {
                entries.add(new AbstractMap.SimpleImmutableEntry<>(
                        TableLayout.elementOfPath(map.keys(), cell.path()), ByteBuffer.wrap(cell.value())));
            }
            return map.pack(entries);
        }
        UserType udt = (UserType) type;
        List<ByteBuffer> fields = new ArrayList<>();
        for (int i = 0; i < udt.fieldTypes().size(); i++) {
            fields.add(null);
        }
        for (Cell cell : columnCells) {
            int index = TableLayout.fieldOfPath(cell.path());
            if (index < fields.size()) {
                fields.set(index, ByteBuffer.wrap(cell.value()));
            }
        }
        return udt.pack(fields);
    }

    /** The write time of a single-cell column (a counter's latest shard's), or null when it has no value. */
    Long writetime(ColumnMetadata column) {
        List<Cell> columnCells = cells.get(column.name());
        if (columnCells == null || columnCells.isEmpty()) {
            return null;
        }
        long latest = columnCells.get(0).timestampMicros();
        for (Cell cell : columnCells) {
            latest = Math.max(latest, cell.timestampMicros());
        }
        return latest;
    }

    /** The remaining TTL of a single-cell column in seconds, or null when it has no TTL. */
    Integer ttl(ColumnMetadata column) {
        List<Cell> columnCells = cells.get(column.name());
        if (columnCells == null || columnCells.isEmpty()) {
            return null;
        }
        Cell cell = columnCells.get(0);
        if (cell.ttlSeconds() == 0) {
            return null;
        }
        return (int) Math.max(0, cell.localDeletionTimeSeconds() - nowSeconds);
    }

    TableMetadata table() {
        return table;
    }
}
