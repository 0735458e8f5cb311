package io.cairn.node.query;

import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.query.ModificationPlan.CurrentCells;
import io.cairn.node.query.ModificationPlan.Kind;
import io.cairn.node.query.ModificationPlan.WriteTime;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a {@link ModificationPlan}'s column operations become rows: the static row, the rows its
 * clustering keys name (with a row marker for an INSERT), row and range tombstones or a
 * partition deletion, gathered into one {@link PartitionUpdate} per partition key.
 */
final class ModificationUpdates {

    private static final CurrentCells NOTHING_READ = (column, clustering) -> {
        throw new IllegalStateException("No operation was expected to read the current cells of " + column.name());
    };

    private final TableMetadata table;
    private final Restrictions restrictions;
    private final List<ColumnOperation> operations;
    private final Kind kind;

    ModificationUpdates(TableMetadata table, Restrictions restrictions, List<ColumnOperation> operations, Kind kind) {
        this.table = table;
        this.restrictions = restrictions;
        this.operations = operations;
        this.kind = kind;
    }

    /**
     * The non-empty updates of the partitions the statement names. List operations that need the
     * current cells read them first, through {@code data} at {@code consistency}; the others
     * complete at once.
     */
    CompletionStage<List<PartitionUpdate>> updates(ExecutionContext context, long timestampMicros, int ttlSeconds,
                                                   DataCoordinator data, ConsistencyLevel consistency) {
        List<PartitionKey> keys = BoundKeys.partitionKeys(table, restrictions, context);
        List<PartitionUpdate> updates = new ArrayList<>(keys.size());
        List<CurrentCellsRead.Cells> wanted = keys.isEmpty() ? List.of() : cellsToRead(context);
        if (wanted.isEmpty()) {
            for (PartitionKey key : keys) {
                add(updates, key, context, new WriteTime(timestampMicros, ttlSeconds, context.nowSeconds(),
                        NOTHING_READ));
            }
            return CompletableFuture.completedFuture(updates);
        }
        CurrentCellsRead reads = new CurrentCellsRead(table, data, consistency, context.nowSeconds());
        return AsyncLoop.forEach(keys, key -> reads.read(key, wanted).thenAccept(current -> add(updates, key, context,
                        new WriteTime(timestampMicros, ttlSeconds, context.nowSeconds(), current))))
                .thenApply(done -> updates);
    }

    /** The update of partition {@code key}, empty or not. */
    PartitionUpdate update(PartitionKey key, ExecutionContext context, WriteTime time) {
        PartitionUpdate.Builder builder = PartitionUpdate.builder(key);
        switch (kind) {
            case INSERT, UPDATE -> write(builder, context, time);
            case DELETE -> delete(builder, context, time);
        }
        return builder.build();
    }

    private void add(List<PartitionUpdate> updates, PartitionKey key, ExecutionContext context, WriteTime time) {
        PartitionUpdate update = update(key, context, time);
        if (!update.isEmpty()) {
            updates.add(update);
        }
    }

    /** The columns, in each row of a partition, whose current cells the operations will ask for. */
    private List<CurrentCellsRead.Cells> cellsToRead(ExecutionContext context) {
        List<CurrentCellsRead.Cells> wanted = new ArrayList<>();
        for (ColumnOperation operation : operations) {
            if (!operation.readsCurrentCells(context)) {
                continue;
            }
            ColumnMetadata column = operation.column();
            for (Clustering clustering : column.isStatic() ? List.of(Clustering.EMPTY) : rowClusterings(context)) {
                wanted.add(new CurrentCellsRead.Cells(column, clustering));
            }
        }
        return wanted;
    }

    /** The rows that the operations on regular columns apply to, in each partition. */
    private List<Clustering> rowClusterings(ExecutionContext context) {
        List<Clustering> clusterings = restrictions.selectsWholeRows()
                ? BoundKeys.clusteringPrefixes(table, restrictions, context) : List.of();
        if (kind != Kind.DELETE && table.clustering().isEmpty() && clusterings.isEmpty()) {
            return List.of(Clustering.EMPTY);
        }
        return clusterings;
    }

    private void write(PartitionUpdate.Builder builder, ExecutionContext context, WriteTime time) {
        Map<Clustering, Row.Builder> rows = new LinkedHashMap<>();
        for (Clustering clustering : rowClusterings(context)) {
            Row.Builder row = Row.builder(clustering);
            if (kind == Kind.INSERT) {
                row.liveness(time.ttlSeconds() > 0
                        ? Liveness.expiring(time.timestampMicros(), time.ttlSeconds(), time.expirationSeconds())
                        : Liveness.of(time.timestampMicros()));
            }
            rows.put(clustering, row);
        }
        Row.Builder staticRow = applyOperations(rows.values(), context, time);
        if (staticRow != null) {
            Row built = staticRow.build();
            if (!built.cells().isEmpty() || !built.columnDeletions().isEmpty()) {
                builder.staticRow(built);
            }
        }
        boolean onlyStatic = !operations.isEmpty() && operations.stream().allMatch(op -> op.column().isStatic())
                && kind == Kind.UPDATE;
        if (!onlyStatic) {
            for (Row.Builder row : rows.values()) {
                Row built = row.build();
                if (built.liveness() != null || !built.cells().isEmpty() || !built.columnDeletions().isEmpty()) {
                    builder.row(built);
                }
            }
        }
    }

    private void delete(PartitionUpdate.Builder builder, ExecutionContext context, WriteTime time) {
        Deletion deletion = new Deletion(time.timestampMicros(), time.nowSeconds());
        if (operations.isEmpty()) {
            if (!restrictions.hasClusteringRestrictions()) {
                builder.deletePartition(deletion);
                return;
            }
            if (restrictions.selectsWholeRows() && restrictions.clusteringSlice() == null) {
                for (Clustering clustering : BoundKeys.clusteringPrefixes(table, restrictions, context)) {
                    builder.row(Row.builder(clustering).delete(deletion).build());
                }
                return;
            }
            for (Slice slice : BoundKeys.slices(table, restrictions, context)) {
                builder.deleteRange(slice, deletion);
            }
            return;
        }
        List<Row.Builder> rows = new ArrayList<>();
        for (Clustering clustering : rowClusterings(context)) {
            rows.add(Row.builder(clustering));
        }
        Row.Builder staticRow = applyOperations(rows, context, time);
        if (staticRow != null) {
            builder.staticRow(staticRow.build());
        }
        for (Row.Builder row : rows) {
            Row built = row.build();
            if (!built.cells().isEmpty() || !built.columnDeletions().isEmpty()) {
                builder.row(built);
            }
        }
    }

    /**
     * Applies each operation, in order, to the static row or to every one of {@code rows}.
     * Returns the static row, made when an operation first touches it, or null.
     */
    private Row.Builder applyOperations(Collection<Row.Builder> rows, ExecutionContext context, WriteTime time) {
        Row.Builder staticRow = null;
        for (ColumnOperation operation : operations) {
            if (operation.column().isStatic()) {
                if (staticRow == null) {
                    staticRow = Row.builder(Clustering.EMPTY);
                }
                operation.apply(staticRow, context, time);
            } else {
                for (Row.Builder row : rows) {
                    operation.apply(row, context, time);
                }
            }
        }
        return staticRow;
    }
}
