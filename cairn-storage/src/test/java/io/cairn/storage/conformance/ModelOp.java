package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;

/**
 * One write of a random history: a single part of a partition update, which the reference
 * model interprets semantically and the engine receives as a {@link PartitionUpdate}.
 */
sealed interface ModelOp {

    PartitionKey partition();

    PartitionUpdate toUpdate();

    /** A cell written to a row, or to the static row when {@code clustering} is null. */
    record WriteCell(PartitionKey partition, Clustering clustering, Cell cell) implements ModelOp {
        @Override
        public PartitionUpdate toUpdate() {
            Row row = Row.builder(clustering == null ? Clustering.EMPTY : clustering).cell(cell).build();
            PartitionUpdate.Builder update = PartitionUpdate.builder(partition);
            return (clustering == null ? update.staticRow(row) : update.row(row)).build();
        }
    }

    record WriteMarker(PartitionKey partition, Clustering clustering, Liveness liveness) implements ModelOp {
        @Override
        public PartitionUpdate toUpdate() {
            return PartitionUpdate.builder(partition).row(Row.builder(clustering).liveness(liveness).build()).build();
        }
    }

    record DeleteRow(PartitionKey partition, Clustering clustering, Deletion deletion) implements ModelOp {
        @Override
        public PartitionUpdate toUpdate() {
            return PartitionUpdate.builder(partition).row(Row.builder(clustering).delete(deletion).build()).build();
        }
    }

    /** A whole-collection deletion in a row, or in the static row when {@code clustering} is null. */
    record DeleteColumn(PartitionKey partition, Clustering clustering, String column, Deletion deletion)
            implements ModelOp {
        @Override
        public PartitionUpdate toUpdate() {
            Row row = Row.builder(clustering == null ? Clustering.EMPTY : clustering).deleteColumn(column, deletion).build();
            PartitionUpdate.Builder update = PartitionUpdate.builder(partition);
            return (clustering == null ? update.staticRow(row) : update.row(row)).build();
        }
    }

    record DeleteRange(PartitionKey partition, Slice range, Deletion deletion) implements ModelOp {
        @Override
        public PartitionUpdate toUpdate() {
            return PartitionUpdate.builder(partition).deleteRange(range, deletion).build();
        }
    }

    record DeletePartition(PartitionKey partition, Deletion deletion) implements ModelOp {
        @Override
        public PartitionUpdate toUpdate() {
            return PartitionUpdate.builder(partition).deletePartition(deletion).build();
        }
    }
}
