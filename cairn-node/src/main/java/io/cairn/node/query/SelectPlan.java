package io.cairn.node.query;

import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.node.schema.TableLayout;

import io.cairn.cql.ast.Ordering;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.Slice;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.storage.TokenRange;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An analyzed SELECT: which partitions (keys, a token range or all), which rows of each
 * (clustering slices, filters), what to compute from them, and how to page.
 *
 * <p>Reads go to storage in chunks of at most {@link #READ_CHUNK_ROWS} rows, so memory stays
 * bounded by the page, whatever the partition or table size. Each chunk is read only once the
 * previous one has been answered and collected, through stages: no thread waits for a replica.
 */
final class SelectPlan {

    static final int READ_CHUNK_ROWS = 1_000;
    /** An unpaged, unlimited query still stops here, with a clear error, rather than exhaust memory. */
    static final int MAX_UNPAGED_ROWS = 1_000_000;

    private static final CompletionStage<Boolean> STOP = CompletableFuture.completedFuture(false);
    private static final CompletionStage<Void> NOTHING_TO_READ = CompletableFuture.completedFuture(null);

    private final TableMetadata table;
    private final Restrictions restrictions;
    private final Selection selection;
    private final RowFilter filter;
    private final boolean reversed;
    /** ORDER BY over several partitions: their rows are merged after reading; null otherwise. */
    private final PostQueryOrdering postOrdering;
    private final boolean isDistinct;
    private final boolean isJson;
    private final BoundTerm limit;
    private final BoundTerm perPartitionLimit;
    /** GROUP BY, or null. */
    private final GroupBy groupBy;
    /** The secondary index a scan reads by, or null. */
    private final IndexChoice index;
    /** ORDER BY ... ANN OF: the nearest-neighbour search, or null. */
    private final AnnOrdering ann;

    SelectPlan(TableMetadata table, SelectStatement statement, TermAnalyzer terms, NativeFunctions functions) {
        this.table = table;
        this.restrictions = Restrictions.analyze(table, statement.where(), terms);
        this.ann = AnnOrdering.analyze(table, statement, restrictions, terms);
        this.index = IndexChoice.of(table, restrictions);
        if (index != null && !statement.orderings().isEmpty() && ann == null) {
            throw CqlException.invalid("ORDER BY with 2ndary indexes is not supported, except for ANN queries.");
        }
        if (ann == null && (index != null ? index.needsFiltering() : restrictions.isFilteringNeeded())
                && !statement.allowsFiltering()) {
            if (restrictions.unfilteredRefusal() != null) {
                throw CqlException.invalid(restrictions.unfilteredRefusal());
            }
            throw CqlException.invalid("Cannot execute this query as it might involve data filtering and thus may "
                    + "have unpredictable performance. If you want to execute this query despite the performance "
                    + "unpredictability, use ALLOW FILTERING");
        }
        if (!restrictions.hasPartitionKeys() && restrictions.hasClusteringRestrictions() && !statement.allowsFiltering()
                && !restrictions.hasTokenRestriction() && index == null && ann == null) {
            throw CqlException.invalid("Cannot execute this query as it might involve data filtering and thus may "
                    + "have unpredictable performance. If you want to execute this query despite the performance "
                    + "unpredictability, use ALLOW FILTERING");
        }
        this.isDistinct = statement.isDistinct();
        this.isJson = statement.isJson();
        this.selection = statement.isWildcard() ? Selection.wildcard(table)
                : Selection.analyze(table, statement.selectors(), functions, terms);
        if (isDistinct) {
            checkDistinct(statement);
        }
        this.groupBy = GroupBy.analyze(table, restrictions, statement.groupBy(), isDistinct);
        if (groupBy == null && selection.isAggregate() && statement.perPartitionLimit() != null) {
            throw CqlException.invalid("PER PARTITION LIMIT is not allowed with aggregate queries.");
        }
        this.filter = new RowFilter(table, restrictions.filters());
        this.reversed = ann == null && ordering(statement.orderings());
        this.postOrdering = ann == null && readsSeveralPartitions() && !statement.orderings().isEmpty()
                ? new PostQueryOrdering(table, statement.orderings(), reversed) : null;
        if (isDistinct && postOrdering != null) {
            // Cassandra selects the ORDER BY columns to sort by them, which DISTINCT does not allow.
            throw CqlException.invalid("SELECT DISTINCT queries must only request partition key columns and/or "
                    + "static columns (not " + table.column(statement.orderings().get(0).column()).name() + ")");
        }
        this.limit = statement.limit() == null ? null : terms.analyze(statement.limit(),
                new ResultColumn(table.keyspace(), table.name(), "[limit]", NativeType.INT));
        this.perPartitionLimit = statement.perPartitionLimit() == null ? null : terms.analyze(
                statement.perPartitionLimit(), new ResultColumn(table.keyspace(), table.name(),
                        "[per_partition_limit]", NativeType.INT));
    }

    private void checkDistinct(SelectStatement statement) {
        if (statement.isWildcard()) {
            throw CqlException.invalid("SELECT DISTINCT queries must only request partition key columns and/or "
                    + "static columns (not *)");
        }
        for (ColumnMetadata column : selection.referencedColumns()) {
            if (column.kind() != io.cairn.node.schema.ColumnKind.PARTITION_KEY && !column.isStatic()) {
                throw CqlException.invalid("SELECT DISTINCT queries must only request partition key columns and/or "
                        + "static columns (not " + column.name() + ")");
            }
        }
        boolean onRows = restrictions.filters().stream().anyMatch(filter -> !filter.column().isStatic()
                && filter.column().kind() != io.cairn.node.schema.ColumnKind.PARTITION_KEY);
        if (restrictions.hasClusteringRestrictions() || onRows && index != null) {
            throw CqlException.invalid("SELECT DISTINCT with WHERE clause only supports restriction by partition "
                    + "key and/or static columns.");
        }
    }

    private boolean ordering(List<Ordering> orderings) {
        if (orderings.isEmpty()) {
            return false;
        }
        if (!restrictions.hasPartitionKeys()) {
            throw CqlException.invalid("ORDER BY is only supported when the partition key is restricted by an EQ or "
                    + "an IN.");
        }
        Boolean reverse = null;
        int i = 0;
        for (Ordering ordering : orderings) {
            ColumnMetadata column = table.column(ordering.column());
            if (column == null) {
                throw CqlException.invalid("Undefined column name " + ordering.column());
            }
            if (column.kind() != io.cairn.node.schema.ColumnKind.CLUSTERING) {
                throw CqlException.invalid("Order by is currently only supported on the clustered columns of the "
                        + "PRIMARY KEY, got " + column.name());
            }
            if (column.position() != i) {
                throw CqlException.invalid("Order by currently only supports the ordering of columns following their "
                        + "declared order in the PRIMARY KEY");
            }
            boolean columnReversed = ordering.isDescending() != column.isDescending();
            if (reverse != null && reverse != columnReversed) {
                throw CqlException.invalid("Unsupported order by relation");
            }
            reverse = columnReversed;
            i++;
        }
        return reverse;
    }

    /** Whether an IN on the partition key may name several partitions. */
    private boolean readsSeveralPartitions() {
        for (Restrictions.KeyValues values : restrictions.partitionKeyValues()) {
            if (values.listMarker() != null || values.values().size() > 1) {
                return true;
            }
        }
        return false;
    }

    TableMetadata table() {
        return table;
    }

    List<ResultColumn> resultColumns() {
        if (isJson) {
            return List.of(new ResultColumn(table.keyspace(), table.name(), "[json]", NativeType.TEXT));
        }
        return selection.columns();
    }

    /** SELECT JSON: each row as one JSON object of the selected columns. */
    private QueryResult.Rows asJson(QueryResult.Rows rows) {
        List<List<ByteBuffer>> objects = new ArrayList<>(rows.rows().size());
        List<ResultColumn> columns = rows.columns();
        for (List<ByteBuffer> row : rows.rows()) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < columns.size(); i++) {
                String name = columns.get(i).name();
                // As Cassandra: a name (of a column, an alias or a selector's text) with capitals
                // is written in double quotes, any other as it is.
                boolean quoted = !name.equals(name.toLowerCase(java.util.Locale.ROOT));
                String key = quoted ? "\"" + name + "\"" : name;
                json.append(i == 0 ? "" : ", ").append(io.cairn.cql.type.Json.quote(key)).append(": ")
                        .append(row.get(i) == null ? "null" : columns.get(i).type().toJson(row.get(i)));
            }
            objects.add(List.of(NativeType.TEXT.decompose(json.append('}').toString())));
        }
        return new QueryResult.Rows(resultColumns(), objects, rows.pagingState());
    }

    /**
     * Reads and computes the page. Errors found before the first read (bad LIMIT, a refused
     * ORDER BY with IN) are thrown; later ones fail the stage.
     */
    CompletionStage<QueryResult.Rows> execute(DataCoordinator storage, ExecutionContext context) {
        return executeRows(storage, context).thenApply(rows -> isJson ? asJson(rows) : rows);
    }

    private CompletionStage<QueryResult.Rows> executeRows(DataCoordinator storage, ExecutionContext context) {
        if (ann != null) {
            int userLimit = limitValue(limit, context, "LIMIT");
            AnnOrdering.checkExecution(userLimit, limitValue(perPartitionLimit, context, "PER PARTITION LIMIT"),
                    selection.isAggregate() || groupBy != null, context.options().consistency());
            // The nearest rows come as one page, whatever the page size (Cassandra raises it to LIMIT).
            Collector collector = new Collector(userLimit, Integer.MAX_VALUE, Integer.MAX_VALUE, context, null, null);
            return searchNeighbours(storage, context, collector, userLimit)
                    .thenApply(ignored -> page(collector, context, 0));
        }
        if (context.options().consistency().isSerial() && restrictions.hasPartitionKeys()
                && BoundKeys.product(restrictions.partitionKeyValues(), context).size() > 1) {
            // A linearizable read is one Paxos round on one partition. (Cassandra 5.0 scans a
            // range at SERIAL as a plain read of that level: so does the scan below.)
            throw CqlException.invalid("SERIAL/LOCAL_SERIAL consistency may only be requested for one partition at a "
                    + "time");
        }
        int userLimit = limitValue(limit, context, "LIMIT");
        int partitionLimit = limitValue(perPartitionLimit, context, "PER PARTITION LIMIT");
        int pageSize = context.options().pageSize();
        // Aggregates without GROUP BY make one row of every row read, whatever the page size.
        boolean aggregate = selection.isAggregate() && groupBy == null;
        if (postOrdering != null && pageSize > 0
                && !BoundKeys.product(restrictions.partitionKeyValues(), context).isEmpty()) {
            // Refused even when the IN names one partition; an empty IN selects nothing, without error.
            throw CqlException.invalid("Cannot page queries with both ORDER BY and a IN restriction on the partition "
                    + "key; you must either remove the ORDER BY or the IN and sort client side, or disable paging "
                    + "for this query");
        }
        PagingState state = !aggregate && context.options().pagingState() != null
                ? PagingState.deserialize(context.options().pagingState()) : null;
        // Groups sorted across partitions are cut at LIMIT once all are read.
        boolean sortedGroups = groupBy != null && postOrdering != null;
        Collector collector = new Collector(aggregate || sortedGroups ? Integer.MAX_VALUE
                : state != null ? state.remaining() : userLimit,
                partitionLimit, aggregate || pageSize <= 0 ? Integer.MAX_VALUE : pageSize, context,
                aggregate ? selection.newAccumulators() : null, state);
        CompletionStage<Void> read;
        if (postOrdering != null) {
            read = readPartitionsInOrder(storage, context, collector, aggregate ? Integer.MAX_VALUE : userLimit);
        } else if (restrictions.hasPartitionKeys()) {
            read = readPartitions(storage, context, collector, state);
        } else {
            read = scan(storage, context, collector, state);
        }
        return read.thenApply(ignored -> page(collector, context, pageSize));
    }

    private QueryResult.Rows page(Collector collector, ExecutionContext context, int pageSize) {
        if (groupBy != null) {
            collector.finishGroup();
            ByteBuffer paging = collector.groupsFull && collector.remaining > 0 ? collector.stoppedAt.serialize() : null;
            return new QueryResult.Rows(selection.columns(), collector.rows, paging);
        }
        if (collector.accumulators != null) {
            List<ByteBuffer> row = new ArrayList<>();
            for (Selection.Output accumulator : collector.accumulators) {
                row.add(accumulator.result(context));
            }
            return new QueryResult.Rows(selection.columns(), List.of(row), null);
        }
        if (pageSize <= 0 && collector.rows.size() >= MAX_UNPAGED_ROWS) {
            throw CqlException.invalid("The query returns more than " + MAX_UNPAGED_ROWS + " rows; use paging or LIMIT");
        }
        ByteBuffer paging = collector.isPageFull() && collector.stoppedAt != null ? collector.stoppedAt.serialize() : null;
        return new QueryResult.Rows(selection.columns(), collector.rows, paging);
    }

    private static int limitValue(BoundTerm term, ExecutionContext context, String what) {
        if (term == null) {
            return Integer.MAX_VALUE;
        }
        ByteBuffer value = term.bind(context);
        if (value == null) {
            throw CqlException.invalid("Invalid null value of " + what.toLowerCase(java.util.Locale.ROOT));
        }
        if (value == QueryOptions.UNSET) {
            return Integer.MAX_VALUE;
        }
        int limit = (Integer) NativeType.INT.compose(value);
        if (limit <= 0) {
            // Cassandra says LIMIT for PER PARTITION LIMIT too.
            throw CqlException.invalid("LIMIT must be strictly positive");
        }
        return limit;
    }

    /**
     * Accumulates the page: rows (or GROUP BY groups), counts against LIMIT and the page size,
     * and where it stopped.
     */
    private final class Collector {
        final List<List<ByteBuffer>> rows = new ArrayList<>();
        /** The clustering of each row (null for a partition's static row), when rows are sorted after reading. */
        List<Clustering> clusterings;
        final List<Selection.Output> accumulators;
        final ExecutionContext context;
        final int partitionLimit;
        final int pageSize;
        int remaining;
        int remainingInPartition;
        PagingState stoppedAt;
        /** GROUP BY: the group being read, or null. */
        private GroupBy.Group group;
        /** GROUP BY: the partition of the last group opened, and how many of its groups were closed. */
        private PartitionKey groupPartition;
        private int groupsInPartition;
        /** GROUP BY: a row of a new group came when the page or LIMIT was full; reading stops there. */
        boolean groupsFull;

        Collector(int remaining, int partitionLimit, int pageSize, ExecutionContext context,
                  List<Selection.Output> accumulators, PagingState resumed) {
            this.remaining = remaining;
            this.partitionLimit = partitionLimit;
            this.pageSize = pageSize;
            this.context = context;
            this.accumulators = accumulators;
            if (resumed != null && groupBy != null) {
                // The partition the previous page stopped in may have more groups, under its limit.
                groupPartition = resumed.partition();
                groupsInPartition = partitionLimit - resumed.remainingInPartition();
            }
        }

        boolean isDone() {
            return remaining <= 0 || rows.size() >= pageSize;
        }

        boolean isPageFull() {
            return rows.size() >= pageSize && remaining > 0;
        }

        /** Where a next page starts when {@code key} was read to its end (unless the groups filled the page). */
        void partitionDone(PartitionKey key) {
            if (!groupsFull) {
                stoppedAt = new PagingState(key, null, remaining, 0);
            }
        }

        /** Adds a row if it passes the filters; returns whether it counted. */
        boolean offer(RowView row, PartitionKey partition, Clustering clustering) {
            if (!filter.test(row, context)) {
                return false;
            }
            if (groupBy != null) {
                return offerToGroup(row, partition, clustering);
            }
            if (accumulators != null) {
                for (Selection.Output accumulator : accumulators) {
                    accumulator.add(row, context);
                }
            } else {
                rows.add(selection.compute(row, context));
                if (clusterings != null) {
                    clusterings.add(clustering);
                }
            }
            remaining--;
            remainingInPartition--;
            stoppedAt = new PagingState(partition, remainingInPartition > 0 ? clustering : null, remaining,
                    remainingInPartition);
            checkUnpagedSize();
            return true;
        }

        /**
         * GROUP BY: the row joins the group being read, or closes it and opens the next; a row
         * of a group past the page, LIMIT or the partition's limit is refused.
         */
        private boolean offerToGroup(RowView row, PartitionKey partition, Clustering clustering) {
            if (group != null && group.contains(row, partition)) {
                group.add(row, clustering, context);
                return true;
            }
            if (group != null) {
                closeGroup();
                if (remaining <= 0 || rows.size() >= pageSize) {
                    groupsFull = true;
                    return false;
                }
            }
            if (!partition.equals(groupPartition)) {
                groupPartition = partition;
                groupsInPartition = 0;
            }
            if (groupsInPartition >= partitionLimit) {
                remainingInPartition = 0;   // the reader goes on with the next partition
                return false;
            }
            group = groupBy.open(row, partition, clustering, selection.newAccumulators(), context);
            return true;
        }

        private void closeGroup() {
            rows.add(group.result(context));
            if (clusterings != null) {
                clusterings.add(group.first());
            }
            remaining--;
            groupsInPartition++;
            stoppedAt = new PagingState(group.partition(), group.last(), remaining, partitionLimit - groupsInPartition);
            group = null;
            checkUnpagedSize();
        }

        /** GROUP BY: every row was read, so the group being read is complete. */
        void finishGroup() {
            if (group != null) {
                closeGroup();
            }
        }

        private void checkUnpagedSize() {
            if (rows.size() >= MAX_UNPAGED_ROWS && pageSize == Integer.MAX_VALUE && accumulators == null) {
                throw CqlException.invalid("The query returns more than " + MAX_UNPAGED_ROWS
                        + " rows; use paging or LIMIT");
            }
        }
    }

    private CompletionStage<Void> readPartitions(DataCoordinator storage, ExecutionContext context,
                                                 Collector collector, PagingState state) {
        List<PartitionKey> keys = BoundKeys.partitionKeys(table, restrictions, context);
        List<Slice> slices = BoundKeys.slices(table, restrictions, context);
        if (slices.isEmpty()) {
            return NOTHING_TO_READ;
        }
        Iterator<PartitionKey> remaining = keys.iterator();
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean(state == null);
        return AsyncLoop.whileTrue(() -> {
            while (remaining.hasNext()) {
                if (collector.isDone()) {
                    return STOP;
                }
                PartitionKey key = remaining.next();
                Clustering resumeAfter = null;
                if (!started.get()) {
                    if (!key.equals(state.partition())) {
                        continue;
                    }
                    started.set(true);
                    if (state.lastRow() == null) {
                        continue;
                    }
                    resumeAfter = state.lastRow();
                    collector.remainingInPartition = state.remainingInPartition();
                } else {
                    collector.remainingInPartition = collector.partitionLimit;
                }
                return readPartition(storage, key, slices, resumeAfter, context, collector).thenApply(read -> true);
            }
            return STOP;
        });
    }

    /**
     * ORDER BY with an IN on the partition key (unpaged, as Cassandra requires): reads up to
     * LIMIT rows of each partition, then keeps the first LIMIT of them in ORDER BY order.
     */
    private CompletionStage<Void> readPartitionsInOrder(DataCoordinator storage, ExecutionContext context,
                                                        Collector collector, int userLimit) {
        collector.clusterings = new ArrayList<>();
        List<Slice> slices = BoundKeys.slices(table, restrictions, context);
        if (slices.isEmpty()) {
            return NOTHING_TO_READ;
        }
        List<PartitionKey> keys = BoundKeys.partitionKeys(table, restrictions, context);
        return AsyncLoop.forEach(keys, key -> {
            if (groupBy == null) {
                collector.remaining = userLimit;
            }
            collector.remainingInPartition = collector.partitionLimit;
            return readPartition(storage, key, slices, null, context, collector);
        }).thenRun(() -> sortAcrossPartitions(collector, userLimit));
    }

    private void sortAcrossPartitions(Collector collector, int userLimit) {
        if (collector.accumulators != null) {
            return;
        }
        collector.finishGroup();
        List<List<ByteBuffer>> sorted = postOrdering.sort(collector.rows, collector.clusterings, userLimit);
        collector.rows.clear();
        collector.rows.addAll(sorted);
        collector.remaining = userLimit - sorted.size();
    }

    private ReadFilter baseFilter(List<Slice> slices, ExecutionContext context) {
        Set<String> columns = selection.readColumns() == null ? null : new HashSet<>(selection.readColumns());
        if (columns != null) {
            if (isDistinct || !restrictions.hasClusteringRestrictions()) {
                // A partition holding only static columns is returned as one row (or counted, or
                // listed by DISTINCT), whatever is selected: its static row must be read to be seen.
                for (ColumnMetadata column : table.columns()) {
                    if (column.isStatic()) {
                        columns.add(column.name());
                    }
                }
            }
            for (Restrictions.Filter f : restrictions.filters()) {
                if (!f.column().isPrimaryKey()) {
                    columns.add(f.column().name());
                }
            }
        }
        return new ReadFilter(columns, slices, reversed, READ_CHUNK_ROWS, ReadFilter.NO_LIMIT, context.nowSeconds(),
                table.droppedMicros());
    }

    private CompletionStage<Void> readPartition(DataCoordinator storage, PartitionKey key, List<Slice> slices,
                                                Clustering resumeAfter, ExecutionContext context, Collector collector) {
        PartitionRead read = new PartitionRead(key, TableLayout.partitionKeyValues(table, key),
                resumeAfter == null ? slices : after(slices, resumeAfter), resumeAfter == null, context, collector);
        return AsyncLoop.whileTrue(() -> {
            if (read.remainingSlices.isEmpty() || collector.isDone() || collector.remainingInPartition <= 0) {
                return STOP;
            }
            ReadFilter readFilter = baseFilter(read.remainingSlices, context);
            io.cairn.cql.ConsistencyLevel consistency = context.options().consistency();
            return (consistency.isSerial() ? storage.readSerial(table, key, readFilter, consistency)
                    : storage.read(table, key, readFilter, consistency)).thenApply(read::collect);
        });
    }

    /** One partition's reading, chunk by chunk: where the next chunk starts. */
    private final class PartitionRead {
        private final PartitionKey key;
        private final List<ByteBuffer> keyValues;
        private final ExecutionContext context;
        private final Collector collector;
        private List<Slice> remainingSlices;
        private boolean first;

        PartitionRead(PartitionKey key, List<ByteBuffer> keyValues, List<Slice> remainingSlices, boolean first,
                      ExecutionContext context, Collector collector) {
            this.key = key;
            this.keyValues = keyValues;
            this.remainingSlices = remainingSlices;
            this.first = first;
            this.context = context;
            this.collector = collector;
        }

        /** Collects one chunk's rows; returns whether the partition may have more to read. */
        boolean collect(PartitionData data) {
            if (first && data.rows().isEmpty() && data.staticRow() != null && !restrictions.hasClusteringRestrictions()
                    && !isDistinct) {
                collector.offer(new RowView(table, key, keyValues, data.staticRow(), null, context.nowSeconds()), key,
                        null);
                collector.partitionDone(key);
                return false;
            }
            if (isDistinct) {
                if (!data.isEmpty()) {
                    collector.offer(new RowView(table, key, keyValues, data.staticRow(), null, context.nowSeconds()),
                            key, null);
                    collector.partitionDone(key);
                }
                return false;
            }
            first = false;
            Clustering last = null;
            for (Row row : data.rows()) {
                last = row.clustering();
                collector.offer(new RowView(table, key, keyValues, data.staticRow(), row, context.nowSeconds()), key,
                        row.clustering());
                if (collector.isDone() || collector.remainingInPartition <= 0) {
                    if (collector.remainingInPartition <= 0) {
                        collector.partitionDone(key);
                    }
                    return false;
                }
            }
            if (data.rows().size() < READ_CHUNK_ROWS || last == null) {
                if (collector.stoppedAt != null && key.equals(collector.stoppedAt.partition())) {
                    collector.partitionDone(key);
                }
                return false;
            }
            remainingSlices = after(remainingSlices, last);
            return true;
        }
    }

    /** The parts of {@code slices} strictly after {@code clustering} in reading order. */
    private List<Slice> after(List<Slice> slices, Clustering clustering) {
        List<Slice> result = new ArrayList<>(slices.size());
        for (Slice slice : slices) {
            if (!reversed) {
                if (!slice.end().admitsAsEnd(clustering)) {
                    continue;
                }
                result.add(slice.start().admitsAsStart(clustering)
                        ? new Slice(ClusteringBound.exclusive(clustering), slice.end()) : slice);
            } else {
                if (!slice.start().admitsAsStart(clustering)) {
                    continue;
                }
                result.add(slice.end().admitsAsEnd(clustering)
                        ? new Slice(slice.start(), ClusteringBound.exclusive(clustering)) : slice);
            }
        }
        return result;
    }

    /**
     * ORDER BY ... ANN OF: asks replicas for the rows nearest the query's vector (each replica
     * its {@code neighbours} nearest, through its graph), then orders what they answered by
     * similarity, computed on the rows as reconciled, and offers the nearest to the collector.
     */
    private CompletionStage<Void> searchNeighbours(DataCoordinator storage, ExecutionContext context,
                                                   Collector collector, int neighbours) {
        byte[] query = ann.vector(context);
        TokenRange range;
        Set<PartitionKey> keys = null;
        if (restrictions.hasPartitionKeys()) {
            keys = new HashSet<>(BoundKeys.partitionKeys(table, restrictions, context));
            if (keys.isEmpty()) {
                return NOTHING_TO_READ;
            }
            long token = keys.iterator().next().token();
            range = new TokenRange(token, true, token, true);
        } else {
            range = BoundKeys.tokenRange(restrictions, context);
            if (range == null) {
                return NOTHING_TO_READ;
            }
        }
        List<Slice> slices = BoundKeys.slices(table, restrictions, context);
        if (slices.isEmpty()) {
            return NOTHING_TO_READ;
        }
        ReadFilter base = baseFilter(slices, context);
        if (base.columns() != null) {
            Set<String> columns = new HashSet<>(base.columns());
            columns.add(ann.column().name());
            base = base.withColumns(columns);
        }
        ReadFilter readFilter = base.withRowLimit(ReadFilter.NO_LIMIT);
        io.cairn.node.messages.IndexExpression expression = ann.expression(query, neighbours,
                index == null ? List.of() : index.expressions(context));
        Nearest nearest = new Nearest(query, neighbours, keys, context);
        ScanPosition[] position = new ScanPosition[1];
        return AsyncLoop.whileTrue(() -> storage.scan(table, range, position[0], readFilter,
                context.options().consistency(), expression).thenApply(page -> {
                    nearest.add(page);
                    position[0] = page.next();
                    return page.hasMorePages();
                })).thenRun(() -> nearest.offerTo(collector));
    }

    /** The rows nearest the query among those replicas answered, at most as many as asked for. */
    private final class Nearest {
        private record Candidate(PartitionData partition, Row row, float score, long order) {
        }

        private final byte[] query;
        private final io.cairn.node.index.VectorSimilarity.Scorer similarity;
        private final int wanted;
        private final Set<PartitionKey> keys;
        private final ExecutionContext context;
        /** The rows considered, by partition and clustering: a row two pages hold counts once. */
        private final Set<List<Object>> seen = new HashSet<>();
        /** The least similar kept at the head; among equals, the last answered. */
        private final java.util.PriorityQueue<Candidate> kept = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingDouble(Candidate::score)
                        .thenComparing(java.util.Comparator.comparingLong(Candidate::order).reversed()));
        private long order;

        Nearest(byte[] query, int wanted, Set<PartitionKey> keys, ExecutionContext context) {
            this.query = query;
            this.similarity = ann.similarity(query);
            this.wanted = wanted;
            this.keys = keys;
            this.context = context;
        }

        void add(ScanPage page) {
            for (PartitionData partition : page.partitions()) {
                if (keys != null && !keys.contains(partition.key())) {
                    continue;   // another partition of the same token
                }
                if (partition.rows().isEmpty() && partition.staticRow() != null
                        && !restrictions.hasClusteringRestrictions()) {
                    consider(partition, null);
                }
                for (Row row : partition.rows()) {
                    consider(partition, row);
                }
            }
        }

        private void consider(PartitionData partition, Row row) {
            if (!seen.add(java.util.Arrays.asList(partition.key(), row == null ? null : row.clustering()))) {
                return;
            }
            RowView view = new RowView(table, partition.key(), TableLayout.partitionKeyValues(table, partition.key()),
                    partition.staticRow(), row, context.nowSeconds());
            if (!filter.test(view, context)) {
                return;   // the nearest are sought among the rows every restriction admits
            }
            Row holder = ann.column().isStatic() ? partition.staticRow() : row;
            io.cairn.storage.Cell cell = holder == null ? null : holder.cell(ann.column().name());
            if (cell == null || cell.value() == null || cell.kind() == io.cairn.storage.CellKind.TOMBSTONE
                    || !cell.isLive(context.nowSeconds()) || cell.value().length != query.length) {
                return;
            }
            float score = similarity.score(cell.value());
            if (Float.isNaN(score)) {
                return;
            }
            kept.add(new Candidate(partition, row, score, order++));
            if (kept.size() > wanted) {
                kept.poll();
            }
        }

        /** Offers the kept rows, nearest first (equals in the order answered), until the collector is done. */
        void offerTo(Collector collector) {
            List<Candidate> sorted = new ArrayList<>(kept);
            sorted.sort(java.util.Comparator.comparingDouble(Candidate::score).reversed()
                    .thenComparingLong(Candidate::order));
            for (Candidate candidate : sorted) {
                if (collector.isDone()) {
                    return;
                }
                PartitionData partition = candidate.partition();
                collector.remainingInPartition = Integer.MAX_VALUE;
                collector.offer(new RowView(table, partition.key(), TableLayout.partitionKeyValues(table,
                        partition.key()), partition.staticRow(), candidate.row(), context.nowSeconds()),
                        partition.key(), candidate.row() == null ? null : candidate.row().clustering());
            }
        }
    }

    private CompletionStage<Void> scan(DataCoordinator storage, ExecutionContext context, Collector collector,
                                       PagingState state) {
        TokenRange range = BoundKeys.tokenRange(restrictions, context);
        if (range == null) {
            return NOTHING_TO_READ;
        }
        List<Slice> slices = BoundKeys.slices(table, restrictions, context);
        if (slices.isEmpty()) {
            return NOTHING_TO_READ;
        }
        ScanRead scan = new ScanRead(context, collector);
        io.cairn.node.messages.IndexExpression expression = index == null ? null : index.expression(context);
        if (state != null) {
            scan.position = new ScanPosition(state.partition(), state.lastRow());
            collector.remainingInPartition = state.lastRow() == null ? 0 : state.remainingInPartition();
            scan.current = state.partition();
        }
        return AsyncLoop.whileTrue(() -> {
            if (collector.isDone()) {
                return STOP;
            }
            ReadFilter readFilter = baseFilter(slices, context).withPerPartitionLimit(
                    isDistinct ? 1 : ReadFilter.NO_LIMIT);
            return storage.scan(table, range, scan.position, readFilter, context.options().consistency(), expression)
                    .thenApply(scan::collect);
        });
    }

    /** A scan of the token range, page by page: where the next page starts and the partition being read. */
    private final class ScanRead {
        private final ExecutionContext context;
        private final Collector collector;
        private ScanPosition position;
        private PartitionKey current;

        ScanRead(ExecutionContext context, Collector collector) {
            this.context = context;
            this.collector = collector;
        }

        /** Collects one page's rows; returns whether to read the next page. */
        boolean collect(ScanPage page) {
            for (PartitionData data : page.partitions()) {
                if (!data.key().equals(current)) {
                    current = data.key();
                    collector.remainingInPartition = collector.partitionLimit;
                    if (isDistinct || data.rows().isEmpty() && data.staticRow() != null
                            && !restrictions.hasClusteringRestrictions()) {
                        if (!data.isEmpty()) {
                            List<ByteBuffer> keyValues = TableLayout.partitionKeyValues(table, data.key());
                            collector.offer(new RowView(table, data.key(), keyValues, data.staticRow(), null,
                                    context.nowSeconds()), data.key(), null);
                            collector.partitionDone(data.key());
                        }
                        if (collector.isDone()) {
                            return false;
                        }
                        continue;
                    }
                } else if (isDistinct) {
                    continue;
                }
                List<ByteBuffer> keyValues = TableLayout.partitionKeyValues(table, data.key());
                for (Row row : data.rows()) {
                    if (collector.remainingInPartition <= 0) {
                        break;
                    }
                    collector.offer(new RowView(table, data.key(), keyValues, data.staticRow(), row,
                            context.nowSeconds()), data.key(), row.clustering());
                    if (collector.isDone()) {
                        return false;
                    }
                }
            }
            if (!page.hasMorePages()) {
                return false;
            }
            position = page.next();
            return true;
        }
    }
}
