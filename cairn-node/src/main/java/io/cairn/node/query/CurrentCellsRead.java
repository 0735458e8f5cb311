package io.cairn.node.query;

import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The read before a write that list operations need (set or delete an element by index,
 * remove elements by value): the live cells of each column, in each row the update touches,
 * read in turn before the update is computed, so computing it never waits.
 *
 * @param consistency the statement's level; a serial one reads at QUORUM
 */
record CurrentCellsRead(TableMetadata table, DataCoordinator data, ConsistencyLevel consistency, long nowSeconds) {

    /** One column of one row (the static row, {@link Clustering#EMPTY}, for a static column). */
    record Cells(ColumnMetadata column, Clustering clustering) {
    }

    /** Reads each of {@code wanted} of partition {@code key}; the stage completes with all of them. */
    CompletionStage<ModificationPlan.CurrentCells> read(PartitionKey key, List<Cells> wanted) {
        Map<Cells, List<Cell>> read = new HashMap<>();
        Set<Cells> distinct = new LinkedHashSet<>(wanted);
        return AsyncLoop.forEach(distinct, cells -> read(key, cells.column(), cells.clustering())
                        .thenAccept(live -> read.put(cells, live)))
                .thenApply(done -> (column, clustering) -> {
                    List<Cell> cells = read.get(new Cells(column, clustering));
                    if (cells == null) {
                        throw new IllegalStateException("The current cells of " + column.name() + " at " + clustering
                                + " were not read before computing the update");
                    }
                    return cells;
                });
    }

    private CompletionStage<List<Cell>> read(PartitionKey key, ColumnMetadata column, Clustering clustering) {
        Slice slice = column.isStatic() || clustering.size() == 0 ? Slice.ALL : Slice.prefixedBy(clustering);
        ReadFilter filter = new ReadFilter(Set.of(column.name()), List.of(slice), false,
                column.isStatic() ? 1 : ReadFilter.NO_LIMIT, ReadFilter.NO_LIMIT, nowSeconds, table.droppedMicros());
        return data.read(table, key, filter, consistency.isSerial() ? ConsistencyLevel.QUORUM : consistency)
                .thenApply(current -> liveCells(current, column));
    }

    private List<Cell> liveCells(PartitionData current, ColumnMetadata column) {
        Row row = column.isStatic() ? current.staticRow() : current.rows().isEmpty() ? null : current.rows().get(0);
        List<Cell> cells = new ArrayList<>();
        if (row != null) {
            for (Cell cell : row.cells()) {
                if (cell.column().equals(column.name()) && cell.isLive(nowSeconds)) {
                    cells.add(cell);
                }
            }
        }
        return cells;
    }
}
