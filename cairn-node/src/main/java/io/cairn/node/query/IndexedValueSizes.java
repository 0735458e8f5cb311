package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;

import java.util.List;

/**
 * Refuses a write whose value an index could not key, as Cassandra refuses it: an index's entry
 * is keyed by the value it indexes (encoded, up to twice its size), which storage limits to
 * 64 KiB. A vector index keys nothing by value, but compares by cosine refuse a zero vector,
 * which has no direction to compare (Cassandra fails such a write).
 */
final class IndexedValueSizes {

    /** The largest value a secondary index takes. */
    static final int MAX_INDEXED_VALUE_BYTES = 32_767;

    private IndexedValueSizes() {
    }

    static List<PartitionUpdate> check(TableMetadata table, List<PartitionUpdate> updates) {
        if (table.indexes().isEmpty()) {
            return updates;
        }
        for (IndexMetadata index : table.indexes().values()) {
            ColumnMetadata column = table.column(index.column());
            if (column.isPrimaryKey()) {
                continue;   // keys have limits of their own
            }
            for (PartitionUpdate update : updates) {
                if (update.staticRow() != null) {
                    check(table, index, column, update.staticRow());
                }
                for (Row row : update.rows()) {
                    check(table, index, column, row);
                }
            }
        }
        return updates;
    }

    private static void check(TableMetadata table, IndexMetadata index, ColumnMetadata column, Row row) {
        boolean neighbours = index.searchesNeighbours(column);
        for (Cell cell : row.cells()) {
            if (cell.kind() == CellKind.TOMBSTONE || !cell.column().equals(column.name())) {
                continue;
            }
            if (neighbours) {
                if (!io.cairn.node.index.VectorSimilarity.comparable(index.similarityFunction(), cell.value())) {
                    throw CqlException.invalid(io.cairn.node.index.VectorSimilarity.ZERO_VECTOR_REFUSAL);
                }
                continue;
            }
            int size = Math.max(cell.value().length, cell.path() == null ? 0 : cell.path().length);
            if (size > MAX_INDEXED_VALUE_BYTES) {
                throw CqlException.invalid("Cannot index value of size " + size + " for index " + index.name()
                        + " on " + table + "(" + column.name() + ") (maximum allowed size="
                        + MAX_INDEXED_VALUE_BYTES + ")");
            }
        }
    }
}
