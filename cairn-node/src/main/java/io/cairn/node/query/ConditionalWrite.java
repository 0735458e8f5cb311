package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.type.NativeType;
import io.cairn.node.coordinator.CasRequest;
import io.cairn.node.coordinator.CasResult;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * A lightweight transaction: one conditional statement, or a conditional BATCH, on one
 * partition. Binds the statements, gathers their conditions per row (the static row apart),
 * hands the coordinator a {@link CasRequest} that evaluates them on a linearizable read and
 * builds the update, and turns the outcome into Cassandra's result: {@code [applied]}, then,
 * when not applied, the rows the conditions were evaluated on.
 */
final class ConditionalWrite {

    static final String APPLIED = "[applied]";

    /** One statement of the transaction, with its bound values. */
    record Part(ModificationPlan plan, ExecutionContext context) {
    }

    /** What the conditions require of one row. */
    private static final class RowConditions {
        ConditionPlan.Kind kind;
        final List<ConditionPlan.Bound> conditions = new ArrayList<>();
    }

    private final TableMetadata table;
    private final PartitionKey key;
    private final List<Part> parts;
    private final boolean isBatch;
    private final long nowSeconds;
    private RowConditions staticConditions;
    private final TreeMap<Clustering, RowConditions> rowConditions = new TreeMap<>();
    /** What the read returns, as Cassandra: every column of the kinds of row written, and the condition columns. */
    private boolean updatesRegularRows;
    private boolean updatesStaticRow;
    private final Set<ColumnMetadata> conditionColumns = new LinkedHashSet<>();

    private ConditionalWrite(TableMetadata table, PartitionKey key, List<Part> parts, boolean isBatch,
                             long nowSeconds) {
        this.table = table;
        this.key = key;
        this.parts = parts;
        this.isBatch = isBatch;
        this.nowSeconds = nowSeconds;
    }

    /** Whether any of the statements has conditions: the whole batch is then a transaction. */
    static boolean isConditional(List<ModificationPlan> plans) {
        return plans.stream().anyMatch(ModificationPlan::isConditional);
    }

    /**
     * Runs the transaction at the request's serial consistency, committing at its consistency.
     *
     * @param isBatch whether the statements came in a BATCH (its result also names each row's key)
     */
    static CompletionStage<QueryResult> execute(DataCoordinator data, List<Part> parts, QueryOptions options,
                                                boolean isBatch) {
        ConditionalWrite write = prepare(parts, isBatch);
        checkLevels(options);
        return data.cas(write.table, write.key, write.request(), options.serialConsistency(), options.consistency())
                .thenApply(write::result);
    }

    private static void checkLevels(QueryOptions options) {
        if (!options.serialConsistency().isSerial()) {
            throw CqlException.invalid("Invalid consistency for conditional update. Must be one of SERIAL or "
                    + "LOCAL_SERIAL");
        }
        if (options.consistency().isSerial()) {
            throw CqlException.invalid(options.consistency() + " is not supported as conditional update commit "
                    + "consistency. Use ANY if you mean \"make sure it is accepted but I don't care how many "
                    + "replicas commit it for non-SERIAL reads\"");
        }
    }

    private static ConditionalWrite prepare(List<Part> parts, boolean isBatch) {
        ConditionalWrite write = null;
        for (Part part : parts) {
            ModificationPlan plan = part.plan();
            Restrictions restrictions = plan.restrictions();
            List<PartitionKey> keys = BoundKeys.partitionKeys(plan.table(), restrictions, part.context());
            boolean keyIsIn = restrictions.partitionKeyValues().stream().anyMatch(ConditionalWrite::isIn);
            String statementKind = plan.kind() == ModificationPlan.Kind.DELETE ? "deletions" : "updates";
            if (keyIsIn) {
                if (isBatch) {
                    // Cassandra fails this one with an IllegalArgumentException: a server error.
                    throw new CqlException(ErrorCode.SERVER_ERROR, "java.lang.IllegalArgumentException: Batch with "
                            + "conditions cannot span multiple partitions (you cannot use IN on the partition key)");
                }
                throw CqlException.invalid("IN on the partition key is not supported with conditional "
                        + statementKind);
            }
            if (keys.size() != 1) {
                throw CqlException.invalid("A conditional statement must name exactly one partition");
            }
            if (write == null) {
                write = new ConditionalWrite(plan.table(), keys.get(0), parts, isBatch, part.context().nowSeconds());
            } else if (!write.key.equals(keys.get(0))) {
                throw CqlException.invalid("Batch with conditions cannot span multiple partitions");
            }
            if (restrictions.clusteringPrefix().stream().anyMatch(ConditionalWrite::isIn)
                    || restrictions.clusteringTuples().stream().anyMatch(ConditionalWrite::isIn)) {
                throw CqlException.invalid("IN on the clustering key columns is not supported with conditional "
                        + statementKind);
            }
            write.updatesRegularRows |= plan.updatesRegularRows();
            write.conditionColumns.addAll(plan.readColumns(part.context()));
            if (plan.isConditional()) {
                write.updatesStaticRow |= plan.updatesStaticRow();
                write.conditionColumns.addAll(plan.conditions().columns());
                write.addConditions(part);
            }
        }
        return write;
    }

    private static boolean isIn(Restrictions.KeyValues values) {
        return values.listMarker() != null || values.values().size() > 1;
    }

    /** A multi-column IN of one tuple names one row, as an equality does. */
    private static boolean isIn(Restrictions.ClusteringTuples tuples) {
        return tuples.listMarker() != null || tuples.tuples().size() > 1;
    }

    /** The row a statement's conditions are about: null for the static row. */
    private Clustering conditionRow(Part part) {
        ModificationPlan plan = part.plan();
        Restrictions restrictions = plan.restrictions();
        if (!restrictions.hasClusteringRestrictions()) {
            return plan.appliesOnlyToStaticColumns() ? null : Clustering.EMPTY;
        }
        List<Clustering> clusterings = BoundKeys.clusteringPrefixes(table, restrictions, part.context());
        return clusterings.isEmpty() ? Clustering.EMPTY : clusterings.get(0);
    }

    private void addConditions(Part part) {
        ConditionPlan conditions = part.plan().conditions();
        Clustering row = conditionRow(part);
        if (conditions.kind() != ConditionPlan.Kind.COLUMNS) {
            addExists(row, conditions.kind());
            return;
        }
        List<ConditionPlan.Bound> regular = new ArrayList<>();
        List<ConditionPlan.Bound> statics = new ArrayList<>();
        for (ConditionPlan.Bound bound : conditions.bind(part.context())) {
            (bound.column().isStatic() ? statics : regular).add(bound);
        }
        if (!regular.isEmpty()) {
            columnConditions(row == null ? Clustering.EMPTY : row).addAll(regular);
        }
        if (!statics.isEmpty()) {
            columnConditions(null).addAll(statics);
        }
    }

    private RowConditions conditionsOf(Clustering row) {
        return row == null ? staticConditions : rowConditions.get(row);
    }

    private RowConditions create(Clustering row, ConditionPlan.Kind kind) {
        RowConditions created = new RowConditions();
        created.kind = kind;
        if (row == null) {
            staticConditions = created;
        } else {
            rowConditions.put(row, created);
        }
        return created;
    }

    private void addExists(Clustering row, ConditionPlan.Kind kind) {
        RowConditions previous = conditionsOf(row);
        if (previous == null) {
            create(row, kind);
        } else if (previous.kind != kind) {
            boolean isNot = kind == ConditionPlan.Kind.NOT_EXISTS;
            throw CqlException.invalid(previous.kind != ConditionPlan.Kind.COLUMNS
                    ? "Cannot mix IF EXISTS and IF NOT EXISTS conditions for the same row"
                    : "Cannot mix IF conditions and IF " + (isNot ? "NOT " : "") + "EXISTS for the same row");
        }
    }

    private List<ConditionPlan.Bound> columnConditions(Clustering row) {
        RowConditions previous = conditionsOf(row);
        if (previous == null) {
            return create(row, ConditionPlan.Kind.COLUMNS).conditions;
        }
        if (previous.kind != ConditionPlan.Kind.COLUMNS) {
            throw CqlException.invalid("Cannot mix IF conditions and IF NOT EXISTS for the same row");
        }
        return previous.conditions;
    }

    /**
     * The rows to read: those with conditions; with only static conditions, the partition's
     * first row, which tells a partition without static values from one that does not exist.
     */
    private ReadFilter readFilter() {
        Set<String> columns = new HashSet<>();
        for (ColumnMetadata column : updatesStaticRow ? table.statics() : List.<ColumnMetadata>of()) {
            columns.add(column.name());
        }
        for (ColumnMetadata column : updatesRegularRows ? table.regulars() : List.<ColumnMetadata>of()) {
            columns.add(column.name());
        }
        for (ColumnMetadata column : conditionColumns) {
            columns.add(column.name());
        }
        if (rowConditions.isEmpty()) {
            return new ReadFilter(columns, List.of(Slice.ALL), false, 1, ReadFilter.NO_LIMIT, nowSeconds,
                    table.droppedMicros());
        }
        List<Slice> slices = new ArrayList<>();
        for (Clustering row : rowConditions.keySet()) {
            slices.add(row.size() == 0 ? Slice.ALL : Slice.prefixedBy(row));
        }
        return new ReadFilter(columns, slices, false, ReadFilter.NO_LIMIT, ReadFilter.NO_LIMIT, nowSeconds,
                table.droppedMicros());
    }

    private CasRequest request() {
        ReadFilter filter = readFilter();
        return new CasRequest() {
            @Override
            public ReadFilter readFilter() {
                return filter;
            }

            @Override
            public PartitionUpdate decide(PartitionData current, long timestampMicros, long now) {
                return appliesTo(current) ? update(current, timestampMicros, now) : null;
            }
        };
    }

    private boolean appliesTo(PartitionData current) {
        List<ByteBuffer> keyValues = TableLayout.partitionKeyValues(table, key);
        if (staticConditions != null) {
            RowView view = current.staticRow() == null ? null
                    : new RowView(table, key, keyValues, current.staticRow(), null, nowSeconds);
            if (!holds(staticConditions, view)) {
                return false;
            }
        }
        for (Map.Entry<Clustering, RowConditions> entry : rowConditions.entrySet()) {
            Row row = rowOf(current, entry.getKey());
            RowView view = row == null ? null
                    : new RowView(table, key, keyValues, current.staticRow(), row, nowSeconds);
            if (!holds(entry.getValue(), view)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(RowConditions conditions, RowView row) {
        switch (conditions.kind) {
            case EXISTS:
                return row != null;
            case NOT_EXISTS:
                return row == null;
            default:
                for (ConditionPlan.Bound condition : conditions.conditions) {
                    if (!condition.appliesTo(row)) {
                        return false;
                    }
                }
                return true;
        }
    }

    private static Row rowOf(PartitionData current, Clustering clustering) {
        for (Row row : current.rows()) {
            if (row.clustering().equals(clustering)) {
                return row;
            }
        }
        return null;
    }

    /** Every statement's update, at {@code timestampMicros}, as one update of the partition. */
    private PartitionUpdate update(PartitionData current, long timestampMicros, long now) {
        ModificationPlan.CurrentCells cells = (column, clustering) -> liveCells(current, column, clustering, now);
        UpdateMerger merged = new UpdateMerger(key);
        for (Part part : parts) {
            merged.add(part.plan().update(key, part.context(), timestampMicros, now, cells));
        }
        return merged.build();
    }

    private static List<Cell> liveCells(PartitionData current, ColumnMetadata column, Clustering clustering,
                                        long now) {
        Row row = column.isStatic() ? current.staticRow() : rowOf(current, clustering);
        List<Cell> cells = new ArrayList<>();
        if (row != null) {
            for (Cell cell : row.cells()) {
                if (cell.column().equals(column.name()) && cell.isLive(now)) {
                    cells.add(cell);
                }
            }
        }
        return cells;
    }

    /** Cassandra's answer: [applied], then, when not applied, the rows read with the columns the conditions name. */
    private QueryResult result(CasResult outcome) {
        ResultColumn applied = new ResultColumn(table.keyspace(), table.name(), APPLIED, NativeType.BOOLEAN);
        ByteBuffer flag = NativeType.BOOLEAN.decompose(outcome.applied());
        if (outcome.applied()) {
            return new QueryResult.Rows(List.of(applied), List.of(List.of(flag)), null);
        }
        PartitionData current = outcome.current();
        List<ByteBuffer> keyValues = TableLayout.partitionKeyValues(table, key);
        List<RowView> rows = new ArrayList<>();
        for (Row row : current.rows()) {
            rows.add(new RowView(table, key, keyValues, current.staticRow(), row, nowSeconds));
        }
        if (rows.isEmpty() && current.staticRow() != null) {
            rows.add(new RowView(table, key, keyValues, current.staticRow(), null, nowSeconds));
        }
        if (rows.isEmpty()) {
            return new QueryResult.Rows(List.of(applied), List.of(List.of(flag)), null);
        }
        List<ColumnMetadata> selected = resultColumns();
        List<ResultColumn> columns = new ArrayList<>();
        columns.add(applied);
        for (ColumnMetadata column : selected) {
            columns.add(new ResultColumn(table.keyspace(), table.name(), column.name(), column.type()));
        }
        List<List<ByteBuffer>> values = new ArrayList<>();
        for (RowView row : rows) {
            List<ByteBuffer> value = new ArrayList<>(columns.size());
            value.add(flag.duplicate());
            for (ColumnMetadata column : selected) {
                value.add(row.value(column));
            }
            values.add(value);
        }
        return new QueryResult.Rows(columns, values, null);
    }

    /**
     * Every column when a statement has IF [NOT] EXISTS; otherwise the columns of the
     * conditions in their order, after the primary key in a batch (to tell its rows apart).
     */
    private List<ColumnMetadata> resultColumns() {
        LinkedHashSet<ColumnMetadata> columns = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part.plan().isConditional() && part.plan().conditions().kind() != ConditionPlan.Kind.COLUMNS) {
                return table.columns();
            }
        }
        if (isBatch) {
            columns.addAll(table.partitionKey());
            columns.addAll(table.clustering());
        }
        for (Part part : parts) {
            if (part.plan().isConditional()) {
                columns.addAll(part.plan().conditions().columns());
            }
        }
        return new ArrayList<>(columns);
    }
}
