package io.cairn.node.query;

import io.cairn.cql.ast.Assignment;
import io.cairn.cql.ast.ColumnTarget;
import io.cairn.cql.ast.ComparisonOperator;
import io.cairn.cql.ast.DeleteStatement;
import io.cairn.cql.ast.InsertStatement;
import io.cairn.cql.ast.ModificationStatement;
import io.cairn.cql.ast.Relation;
import io.cairn.cql.ast.Term;
import io.cairn.cql.ast.UpdateStatement;
import io.cairn.cql.ast.UsingClause;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import io.cairn.node.coordinator.DataCoordinator;

import io.cairn.common.concurrent.AsyncLoop;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An analyzed INSERT, UPDATE or DELETE: the keys it writes and the column operations, which
 * at execution become one {@link PartitionUpdate} per partition key.
 */
final class ModificationPlan {

    private final TableMetadata table;
    private final Restrictions restrictions;
    private final List<ColumnOperation> operations;
    private final BoundTerm timestamp;
    private final BoundTerm ttl;
    private final Kind kind;
    /** The IF clause, or null for an unconditional statement. */
    private final ConditionPlan conditions;

    enum Kind { INSERT, UPDATE, DELETE }

    private ModificationPlan(TableMetadata table, Restrictions restrictions, List<ColumnOperation> operations,
                             BoundTerm timestamp, BoundTerm ttl, Kind kind, ConditionPlan conditions) {
        this.table = table;
        this.restrictions = restrictions;
        this.operations = operations;
        this.timestamp = timestamp;
        this.ttl = ttl;
        this.kind = kind;
        this.conditions = conditions;
        if (conditions != null && timestamp != null) {
            throw CqlException.invalid("Cannot provide custom timestamp for conditional updates");
        }
    }

    boolean isConditional() {
        return conditions != null;
    }

    ConditionPlan conditions() {
        return conditions;
    }

    Restrictions restrictions() {
        return restrictions;
    }

    Kind kind() {
        return kind;
    }

    /** Cassandra's rule: neither operations nor conditions touch a regular column, and one touches a static one. */
    boolean appliesOnlyToStaticColumns() {
        return appliesOnlyToStatic(kind, operations, conditions);
    }

    private static boolean appliesOnlyToStatic(Kind kind, List<ColumnOperation> operations, ConditionPlan conditions) {
        boolean regular = operationsApplyToRegularColumns(kind, operations)
                || (conditions != null && conditions.appliesToRegularColumns());
        boolean statics = operations.stream().anyMatch(op -> op.column().isStatic())
                || (conditions != null && conditions.appliesToStaticColumns());
        return !regular && statics;
    }

    /** A DELETE that names no column deletes whole rows: it applies to the regular columns. */
    static boolean operationsApplyToRegularColumns(Kind kind, List<ColumnOperation> operations) {
        return operations.stream().anyMatch(op -> !op.column().isStatic())
                || (kind == Kind.DELETE && operations.isEmpty());
    }

    /** Whether the statement writes regular rows: the table has no clustering, or the statement names some. */
    boolean updatesRegularRows() {
        return table.clustering().isEmpty() || restrictions.hasClusteringRestrictions();
    }

    boolean updatesStaticRow() {
        return operations.stream().anyMatch(op -> op.column().isStatic());
    }

    /** The columns whose current cells the operations read (list elements by index or value). */
    List<ColumnMetadata> readColumns(ExecutionContext context) {
        return operations.stream().filter(op -> op.readsCurrentCells(context)).map(ColumnOperation::column).toList();
    }

    TableMetadata table() {
        return table;
    }

    static ModificationPlan analyze(TableMetadata table, ModificationStatement statement, TermAnalyzer terms) {
        if (statement instanceof InsertStatement insert) {
            return insert(table, insert, terms);
        } else if (statement instanceof UpdateStatement update) {
            return update(table, update, terms);
        } else if (statement instanceof DeleteStatement delete) {
            return delete(table, delete, terms);
        }
        return insertJson(table, (io.cairn.cql.ast.InsertJsonStatement) statement, terms);
    }

    private static ColumnMetadata column(TableMetadata table, String name) {
        ColumnMetadata column = table.column(name);
        if (column == null) {
            throw CqlException.invalid("Undefined column name " + name + " in table " + table);
        }
        return column;
    }

    private static ResultColumn receiver(TableMetadata table, ColumnMetadata column) {
        return new ResultColumn(table.keyspace(), table.name(), column.name(), column.type());
    }

    private static ModificationPlan insert(TableMetadata table, InsertStatement insert, TermAnalyzer terms) {
        if (insert.columns().size() != insert.values().size()) {
            throw CqlException.invalid("Unmatched column names/values");
        }
        if (new HashSet<>(insert.columns()).size() != insert.columns().size()) {
            throw CqlException.invalid("The column names contains duplicates");
        }
        List<Relation> where = new ArrayList<>();
        List<ColumnOperation> operations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < insert.columns().size(); i++) {
            ColumnMetadata column = column(table, insert.columns().get(i));
            seen.add(column.name());
            Term value = insert.values().get(i);
            if (column.isPrimaryKey()) {
                where.add(new Relation.Comparison(column.name(), ComparisonOperator.EQ, value));
            } else {
                operations.add(ColumnOperation.set(column, terms.analyze(value, receiver(table, column))));
            }
        }
        for (ColumnMetadata column : table.partitionKey()) {
            if (!seen.contains(column.name())) {
                throw CqlException.invalid("Some partition key parts are missing: " + column.name());
            }
        }
        List<String> missingClustering = new ArrayList<>();
        for (ColumnMetadata column : table.clustering()) {
            if (!seen.contains(column.name())) {
                missingClustering.add(column.name());
            }
        }
        // A partition may hold only its static columns: an INSERT that names no clustering
        // column and sets only static columns writes the static row alone.
        boolean staticOnly = missingClustering.size() == table.clustering().size() && !operations.isEmpty()
                && operations.stream().allMatch(op -> op.column().isStatic());
        if (!missingClustering.isEmpty() && !staticOnly) {
            throw CqlException.invalid("Some clustering keys are missing: " + String.join(", ", missingClustering));
        }
        Restrictions restrictions = Restrictions.analyze(table, where, terms);
        return new ModificationPlan(table, restrictions, operations, timestamp(insert.using(), table, terms),
                ttl(insert.using(), table, terms), Kind.INSERT,
                insert.ifNotExists() ? ConditionPlan.ifNotExists() : null);
    }

    /**
     * INSERT JSON: one JSON object gives every column's value by name; columns it omits are
     * null (DEFAULT NULL) or left untouched (DEFAULT UNSET).
     */
    private static ModificationPlan insertJson(TableMetadata table, io.cairn.cql.ast.InsertJsonStatement insert,
                                               TermAnalyzer terms) {
        BoundTerm document = terms.analyze(insert.json(), new ResultColumn(table.keyspace(), table.name(), "[json]",
                NativeType.TEXT));
        Map<ColumnMetadata, BoundTerm> keys = new LinkedHashMap<>();
        List<ColumnOperation> operations = new ArrayList<>();
        for (ColumnMetadata column : table.columns()) {
            BoundTerm field = new JsonField(document, column, table, insert.isDefaultUnset() && !column.isPrimaryKey());
            if (column.isPrimaryKey()) {
                keys.put(column, field);
            } else {
                operations.add(ColumnOperation.set(column, field));
            }
        }
        return new ModificationPlan(table, Restrictions.forKeys(table, keys), operations,
                timestamp(insert.using(), table, terms), ttl(insert.using(), table, terms), Kind.INSERT,
                insert.ifNotExists() ? ConditionPlan.ifNotExists() : null);
    }

    private static ModificationPlan update(TableMetadata table, UpdateStatement update, TermAnalyzer terms) {
        ConditionPlan conditions = ConditionPlan.of(update.ifExists(), update.conditions(), update.using(), table,
                terms);
        Restrictions restrictions = writeRestrictions(table, update.where(), terms);
        List<ColumnOperation> operations = new ArrayList<>();
        for (Assignment assignment : update.assignments()) {
            ColumnMetadata column = column(table, assignment.column());
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("PRIMARY KEY part " + column.name() + " found in SET part");
            }
            operations.add(ColumnOperation.analyze(table, column, assignment, terms));
        }
        checkStaticOnly(restrictions, operations, conditions, "UPDATE");
        if (!restrictions.selectsWholeRows() && !operations.stream().allMatch(op -> op.column().isStatic())) {
            throw CqlException.invalid("Some clustering keys are missing: " + missingClustering(table, restrictions));
        }
        return new ModificationPlan(table, restrictions, operations, timestamp(update.using(), table, terms),
                ttl(update.using(), table, terms), Kind.UPDATE, conditions);
    }

    private static ModificationPlan delete(TableMetadata table, DeleteStatement delete, TermAnalyzer terms) {
        ConditionPlan conditions = ConditionPlan.of(delete.ifExists(), delete.conditions(), delete.using(), table,
                terms);
        if (delete.using().hasTtl()) {
            throw CqlException.invalid("A TTL is not allowed on DELETE statements");
        }
        Restrictions restrictions = writeRestrictions(table, delete.where(), terms);
        List<ColumnOperation> operations = new ArrayList<>();
        for (ColumnTarget target : delete.targets()) {
            ColumnMetadata column = column(table, target.column());
            if (column.isPrimaryKey()) {
                throw CqlException.invalid("Invalid identifier " + column.name() + " for deletion (should not be a "
                        + "PRIMARY KEY part)");
            }
            operations.add(ColumnOperation.delete(table, column, target, terms));
        }
        if (conditions != null) {
            ConditionPlan.checkConditionalDelete(table, restrictions, operationsApplyToRegularColumns(Kind.DELETE,
                    operations), conditions);
        }
        checkStaticOnly(restrictions, operations, conditions, "DELETE");
        if (!operations.isEmpty() && !restrictions.selectsWholeRows()
                && !operations.stream().allMatch(op -> op.column().isStatic())) {
            throw CqlException.invalid("Some clustering keys are missing: " + missingClustering(table, restrictions));
        }
        return new ModificationPlan(table, restrictions, operations, timestamp(delete.using(), table, terms), null,
                Kind.DELETE, conditions);
    }

    /** A statement that changes only static columns names the partition alone, as Cassandra requires. */
    private static void checkStaticOnly(Restrictions restrictions, List<ColumnOperation> operations,
                                        ConditionPlan conditions, String kind) {
        if (appliesOnlyToStatic(Kind.valueOf(kind), operations, conditions)
                && restrictions.hasClusteringRestrictions()) {
            throw CqlException.invalid("Invalid restrictions on clustering columns since the " + kind
                    + " statement modifies only static columns");
        }
    }

    private static String missingClustering(TableMetadata table, Restrictions restrictions) {
        List<String> missing = new ArrayList<>();
        for (int i = restrictions.clusteringPrefix().size(); i < table.clustering().size(); i++) {
            missing.add(table.clustering().get(i).name());
        }
        return String.join(", ", missing);
    }

    private static Restrictions writeRestrictions(TableMetadata table, List<Relation> where, TermAnalyzer terms) {
        for (Relation relation : where) {
            if (relation instanceof Relation.Comparison comparison) {
                ColumnMetadata column = table.column(comparison.column());
                if (column != null && !column.isPrimaryKey()) {
                    throw CqlException.invalid("Non PRIMARY KEY columns found in where clause: " + column.name());
                }
            }
        }
        Restrictions restrictions = Restrictions.analyze(table, where, terms);
        if (!restrictions.hasPartitionKeys()) {
            throw CqlException.invalid("Some partition key parts are missing: "
                    + String.join(", ", restrictions.missingPartitionKeyColumns()));
        }
        if (restrictions.isFilteringNeeded() || restrictions.hasTokenRestriction()) {
            throw CqlException.invalid("Invalid restrictions on a modification statement: only the primary key "
                    + "columns can be restricted, with = or IN (or a range on the last clustering column of a DELETE)");
        }
        return restrictions;
    }

    private static BoundTerm timestamp(UsingClause using, TableMetadata table, TermAnalyzer terms) {
        return WriteAttributes.timestamp(using, table, terms);
    }

    private static BoundTerm ttl(UsingClause using, TableMetadata table, TermAnalyzer terms) {
        return WriteAttributes.ttl(using, table, terms);
    }

    /** The microsecond timestamp of this execution's writes. */
    long timestampMicros(ExecutionContext context, long batchTimestamp) {
        return WriteAttributes.timestampMicros(timestamp, context, batchTimestamp);
    }

    boolean hasOwnTimestamp() {
        return timestamp != null;
    }

    int ttlSeconds(ExecutionContext context) {
        return WriteAttributes.ttlSeconds(ttl, table, context);
    }

    /**
     * The partition updates of one execution, at {@code batchTimestamp} unless the statement
     * has its own. List operations that need the current cells read them first, through
     * {@code data} at {@code consistency}; the others complete at once.
     */
    CompletionStage<List<PartitionUpdate>> updates(ExecutionContext context, long batchTimestamp,
                                                   DataCoordinator data, io.cairn.cql.ConsistencyLevel consistency) {
        long timestampMicros = timestampMicros(context, batchTimestamp);
        int ttlSeconds = kind == Kind.DELETE ? 0 : ttlSeconds(context);
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

    /**
     * This statement's update of partition {@code key} inside a lightweight transaction: at the
     * transaction's timestamp, with the current cells from its linearizable read.
     */
    PartitionUpdate update(PartitionKey key, ExecutionContext context, long timestampMicros, long nowSeconds,
                           CurrentCells current) {
        int ttlSeconds = kind == Kind.DELETE ? 0 : ttlSeconds(context);
        PartitionUpdate.Builder builder = PartitionUpdate.builder(key);
        WriteTime time = new WriteTime(timestampMicros, ttlSeconds, nowSeconds, current);
        switch (kind) {
            case INSERT, UPDATE -> write(builder, context, time);
            case DELETE -> delete(builder, context, time);
        }
        return builder.build();
    }

    private static final CurrentCells NOTHING_READ = (column, clustering) -> {
        throw new IllegalStateException("No operation was expected to read the current cells of " + column.name());
    };

    private void add(List<PartitionUpdate> updates, PartitionKey key, ExecutionContext context, WriteTime time) {
        PartitionUpdate.Builder builder = PartitionUpdate.builder(key);
        switch (kind) {
            case INSERT, UPDATE -> write(builder, context, time);
            case DELETE -> delete(builder, context, time);
        }
        PartitionUpdate update = builder.build();
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
        Row.Builder staticRow = null;
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
        for (ColumnOperation operation : operations) {
            if (operation.column().isStatic()) {
                if (staticRow == null) {
                    staticRow = Row.builder(Clustering.EMPTY);
                }
                operation.apply(staticRow, context, time);
            } else {
                for (Row.Builder row : rows.values()) {
                    operation.apply(row, context, time);
                }
            }
        }
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
        Row.Builder staticRow = null;
        List<Row.Builder> rows = new ArrayList<>();
        for (Clustering clustering : rowClusterings(context)) {
            rows.add(Row.builder(clustering));
        }
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
     * When and for how long a write lives, and the current cells of the columns that list
     * operations must know (set or delete by index, remove by value), read beforehand.
     */
    record WriteTime(long timestampMicros, int ttlSeconds, long nowSeconds, CurrentCells current) {
        long expirationSeconds() {
            return nowSeconds + ttlSeconds;
        }
    }

    /** The live cells of one column of one row (the static row for a static column), already read. */
    @FunctionalInterface
    interface CurrentCells {
        List<io.cairn.storage.Cell> of(ColumnMetadata column, Clustering clustering);
    }

}
