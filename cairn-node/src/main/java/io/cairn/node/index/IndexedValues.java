package io.cairn.node.index;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.SetType;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.Row;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What an index holds of a row: the encoded values ({@link IndexKeys}) of its column, each with
 * the cell it came from (null for a key column's value). The same code reads a write (to make
 * entries) and a row read back (to test it against an expression), so the two cannot disagree.
 */
final class IndexedValues {

    /** One value an index holds for a row, and the cell that holds it (null: a key column's). */
    record Value(byte[] encoded, Cell cell) {
    }

    private final TableMetadata table;
    private final IndexMetadata index;
    private final ColumnMetadata column;

    IndexedValues(TableMetadata table, IndexMetadata index) {
        this.table = table;
        this.index = index;
        this.column = table.column(index.column());
        if (column == null) {
            throw new IllegalStateException("Index " + index.name() + " of " + table + " names no column of it");
        }
    }

    IndexMetadata index() {
        return index;
    }

    ColumnMetadata column() {
        return column;
    }

    /** Whether the index answers nearest-neighbour searches (a storage-attached index of a vector). */
    boolean searchesNeighbours() {
        return index.searchesNeighbours(column);
    }

    /** Whether an entry names a partition (its static row or its key) rather than one row. */
    boolean isPartitionLevel() {
        return column.kind() == ColumnKind.PARTITION_KEY || column.isStatic();
    }

    /**
     * The values of {@code row} (a regular row, or for a static column the static row; for a
     * partition key column, any) that the index holds, live cells only. A partition key column's
     * value is the partition's, whatever the row.
     */
    List<Value> of(PartitionKey key, Row row) {
        List<Value> values = new ArrayList<>(1);
        switch (column.kind()) {
            case PARTITION_KEY -> values.add(new Value(encode(column.type(),
                    TableLayout.partitionKeyValues(table, key).get(column.position())), null));
            case CLUSTERING -> {
                if (row != null) {
                    List<ByteBuffer> clustering = TableLayout.clusteringValues(table, row.clustering());
                    if (column.position() < clustering.size()) {
                        values.add(new Value(encode(column.type(), clustering.get(column.position())), null));
                    }
                }
            }
            default -> {
                if (row != null) {
                    cells(row, values);
                }
            }
        }
        return values;
    }

    private void cells(Row row, List<Value> values) {
        CqlType type = column.type();
        for (Cell cell : row.cells()) {
            if (!cell.column().equals(column.name()) || cell.kind() == CellKind.TOMBSTONE) {
                continue;
            }
            ByteBuffer value = ByteBuffer.wrap(cell.value());
            switch (index.target()) {
                case VALUE, FULL -> {
                    if (cell.path() == null) {
                        values.add(new Value(encode(type, value), cell));
                    }
                }
                case VALUES -> {
                    if (cell.path() == null) {
                        continue;
                    }
                    if (type instanceof SetType set) {
                        values.add(new Value(encode(set.element(), TableLayout.elementOfPath(set.element(),
                                cell.path())), cell));
                    } else if (type instanceof ListType list) {
                        values.add(new Value(encode(list.element(), value), cell));
                    } else if (type instanceof MapType map) {
                        values.add(new Value(encode(map.values(), value), cell));
                    }
                }
                case KEYS -> {
                    if (cell.path() != null && type instanceof MapType map) {
                        values.add(new Value(encode(map.keys(), TableLayout.elementOfPath(map.keys(), cell.path())),
                                cell));
                    }
                }
                case ENTRIES -> {
                    if (cell.path() != null && type instanceof MapType map) {
                        ByteBuffer key = TableLayout.elementOfPath(map.keys(), cell.path());
                        values.add(new Value(IndexKeys.entryKey(map.keys(), analysed(map.keys(), key), map.values(),
                                analysed(map.values(), value)), cell));
                    }
                }
            }
        }
    }

    private ByteBuffer analysed(CqlType type, ByteBuffer value) {
        return index.analysed(type, value);
    }

    /** The encoded form of one value of what the index holds (an element, for a collection's). */
    byte[] encode(CqlType type, ByteBuffer value) {
        return IndexKeys.valueKey(type, analysed(type, value));
    }

    /** The type of each value the index holds (for ENTRIES, the map's). */
    CqlType valueType() {
        CqlType type = column.type();
        return switch (index.target()) {
            case VALUE, FULL, ENTRIES -> type;
            case KEYS -> ((MapType) type).keys();
            case VALUES -> type instanceof MapType map ? map.values() : type instanceof ListType list ? list.element()
                    : ((SetType) type).element();
        };
    }
}
