package io.cairn.node.query;

import io.cairn.storage.Cell;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.Row;
import io.cairn.storage.Clustering;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several statements' updates of one partition as one update, so that a conditional batch is
 * proposed and applied as a single mutation: rows of the same clustering become one row.
 * Every part carries the same timestamp, so which of two equal-time deletions is kept does
 * not matter.
 */
final class UpdateMerger {

    private final PartitionKey key;
    private Deletion partitionDeletion;
    private final List<RangeDeletion> rangeDeletions = new ArrayList<>();
    private Row staticRow;
    private final Map<Clustering, Row> rows = new LinkedHashMap<>();

    UpdateMerger(PartitionKey key) {
        this.key = key;
    }

    void add(PartitionUpdate update) {
        if (!update.key().equals(key)) {
            throw new IllegalArgumentException("Merging an update of partition " + update.key() + " into " + key);
        }
        if (update.partitionDeletion() != null) {
            partitionDeletion = update.partitionDeletion();
        }
        rangeDeletions.addAll(update.rangeDeletions());
        if (update.staticRow() != null) {
            staticRow = staticRow == null ? update.staticRow() : merge(staticRow, update.staticRow());
        }
        for (Row row : update.rows()) {
            rows.merge(row.clustering(), row, UpdateMerger::merge);
        }
    }

    private static Row merge(Row first, Row second) {
        Row.Builder merged = Row.builder(first.clustering());
        merged.liveness(second.liveness() != null ? second.liveness() : first.liveness());
        merged.delete(second.deletion() != null ? second.deletion() : first.deletion());
        for (Row row : List.of(first, second)) {
            for (ColumnDeletion deletion : row.columnDeletions()) {
                merged.deleteColumn(deletion.column(), deletion.deletion());
            }
            for (Cell cell : row.cells()) {
                merged.cell(cell);
            }
        }
        return merged.build();
    }

    PartitionUpdate build() {
        return new PartitionUpdate(key, partitionDeletion, rangeDeletions, staticRow, new ArrayList<>(rows.values()));
    }
}
