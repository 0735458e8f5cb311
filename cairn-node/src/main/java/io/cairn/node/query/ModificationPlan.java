package io.cairn.node.query;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.ast.ModificationStatement;
import io.cairn.cql.error.CqlException;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * An analyzed INSERT, UPDATE or DELETE: the keys it writes and the column operations, which
 * at execution become one {@link PartitionUpdate} per partition key. {@link ModificationAnalyzer}
 * makes it from a statement; {@link ModificationUpdates} builds the updates.
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
    private final ModificationUpdates updates;

    enum Kind { INSERT, UPDATE, DELETE }

    ModificationPlan(TableMetadata table, Restrictions restrictions, List<ColumnOperation> operations,
                             BoundTerm timestamp, BoundTerm ttl, Kind kind, ConditionPlan conditions) {
        this.table = table;
        this.restrictions = restrictions;
        this.operations = operations;
        this.timestamp = timestamp;
        this.ttl = ttl;
        this.kind = kind;
        this.conditions = conditions;
        this.updates = new ModificationUpdates(table, restrictions, operations, kind);
        if (conditions != null && table.isCounter()) {
            throw CqlException.invalid("Conditional updates are not supported on counter tables");
        }
        if (conditions != null && timestamp != null) {
            throw CqlException.invalid("Cannot provide custom timestamp for conditional updates");
        }
        if (table.isCounter() && timestamp != null) {
            throw CqlException.invalid("Cannot provide custom timestamp for counter updates");
        }
        if (table.isCounter() && ttl != null) {
            throw CqlException.invalid("Cannot provide custom TTL for counter updates");
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

    static boolean appliesOnlyToStatic(Kind kind, List<ColumnOperation> operations, ConditionPlan conditions) {
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
        return ModificationAnalyzer.analyze(table, statement, terms);
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
                                                   DataCoordinator data, ConsistencyLevel consistency) {
        long timestampMicros = timestampMicros(context, batchTimestamp);
        int ttlSeconds = kind == Kind.DELETE ? 0 : ttlSeconds(context);
        return updates.updates(context, timestampMicros, ttlSeconds, data, consistency)
                .thenApply(computed -> IndexedValueSizes.check(table, computed));
    }

    /**
     * This statement's update of partition {@code key} inside a lightweight transaction: at the
     * transaction's timestamp, with the current cells from its linearizable read.
     */
    PartitionUpdate update(PartitionKey key, ExecutionContext context, long timestampMicros, long nowSeconds,
                           CurrentCells current) {
        int ttlSeconds = kind == Kind.DELETE ? 0 : ttlSeconds(context);
        return updates.update(key, context, new WriteTime(timestampMicros, ttlSeconds, nowSeconds, current));
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
        List<Cell> of(ColumnMetadata column, Clustering clustering);
    }

}
