package io.cairn.node.index;

import io.cairn.common.time.Clock;
import io.cairn.cql.type.SetType;
import io.cairn.node.messages.IndexExpression;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UnknownTableException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A replica's part of a query by a secondary index: one page of a token range's rows that hold
 * an expression, in the order a scan returns them (token, partition key, clustering), as
 * {@link StorageEngine#scan} pages them.
 *
 * <p>An equality reads the index's partition of the value, from where the page starts; a range
 * reads the partitions of the values in it and sorts their entries into scan order (at most
 * {@link #MAX_RANGE_CANDIDATES}; past that, the table is read instead). Every entry is checked
 * against the row it names, read as it is now: an entry whose row no longer holds its value
 * (updated, deleted) is passed over, and, when what is stored proves it stale for good (a newer
 * value or a deletion at or after it), deleted at its own timestamp, so that a write older than
 * that proof cannot bring it back unseen. An index not yet built here is not used: the range is
 * read whole and filtered, a bounded number of rows per page.
 */
public final class IndexScanner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IndexScanner.class);

    /** Index entries read at a time. */
    static final int ENTRY_CHUNK = 256;
    /** The most entries a range of values may have in one ring piece before the table is read instead. */
    static final int MAX_RANGE_CANDIDATES = 100_000;
    /** Rows of the table examined per page when it is read whole (an index still building). */
    static final int MAX_FILTERED_ROWS = 10_000;
    /** Stale entries deleted per page at most. */
    static final int MAX_CLEANUPS = 100;
    /** Entries an equality examines per page at most: past it, the page ends where they did. */
    static final int MAX_EXAMINED_ENTRIES = 10_000;

    private final StorageEngine storage;
    private final IndexBuilds builds;
    private final Clock clock;
    /** The graphs of vector indexes, or null: nearest-neighbour searches compare every row. */
    private final VectorIndexes vectors;

    public IndexScanner(StorageEngine storage, IndexBuilds builds, Clock clock) {
        this(storage, builds, clock, null);
    }

    public IndexScanner(StorageEngine storage, IndexBuilds builds, Clock clock, VectorIndexes vectors) {
        this.storage = storage;
        this.builds = builds;
        this.clock = clock;
        this.vectors = vectors;
    }

    /** The matcher of {@code expression} on {@code table}. */
    public static IndexMatcher matcher(TableMetadata table, IndexExpression expression) {
        IndexMetadata index = table.indexes().get(expression.index());
        if (index == null) {
            throw new IllegalStateException("Table " + table + " has no index " + expression.index());
        }
        List<IndexMatcher> restrictions = new ArrayList<>();
        if (expression.operator() == IndexExpression.Operator.ANN) {
            for (IndexExpression restriction : expression.restrictions()) {
                restrictions.add(matcher(table, restriction));
            }
        }
        return new IndexMatcher(new IndexedValues(table, index), expression, restrictions);
    }

    /** Whether {@code table} has every index {@code expression} reads by (for a search, its restrictions' too). */
    public static boolean hasIndexes(TableMetadata table, IndexExpression expression) {
        if (!table.indexes().containsKey(expression.index())) {
            return false;
        }
        if (expression.operator() == IndexExpression.Operator.ANN) {
            for (IndexExpression restriction : expression.restrictions()) {
                if (!table.indexes().containsKey(restriction.index())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The page of {@code range}'s rows after {@code from} (null: from the start) that hold
     * {@code expression}, read through {@code filter} (its columns must include the indexed one),
     * up to its row limit.
     */
    public ScanPage scan(TableMetadata table, TokenRange range, ScanPosition from, ReadFilter filter,
                         IndexExpression expression) {
        IndexMatcher matcher = matcher(table, expression);
        IndexMetadata index = matcher.values().index();
        if (expression.operator() == IndexExpression.Operator.ANN) {
            VectorIndex graph = vectors == null ? null : vectors.get(table.tableId(), index.name());
            return new VectorSearch(storage, this, clock::currentTimeSeconds).search(table, range, from, filter,
                    matcher, graph);
        }
        if (!builds.isBuilt(table, index)) {
            return readWhole(table, range, from, filter, matcher);
        }
        try {
            Scan scan = new Scan(table, range, from, filter, matcher);
            return expression.operator() == IndexExpression.Operator.RANGE ? scan.range() : scan.point();
        } catch (UnknownTableException dropped) {
            // The index went since the query was planned: read the table.
            return readWhole(table, range, from, filter, matcher);
        } catch (TooManyCandidates many) {
            return readWhole(table, range, from, filter, matcher);
        } catch (io.cairn.storage.TooManyTombstonesException stale) {
            // Entries deleted as stale wait for the purge sweep: until then, read the table.
            LOG.warn("Reading {} whole for index {}: {}", table, index.name(), stale.getMessage());
            return readWhole(table, range, from, filter, matcher);
        }
    }

    /** A range of values with more entries in the piece than {@link #MAX_RANGE_CANDIDATES}. */
    private static final class TooManyCandidates extends RuntimeException {
        TooManyCandidates() {
            super(null, null, false, false);
        }
    }

    /** The table's rows in the range, filtered: what an index that is not built answers. */
    private ScanPage readWhole(TableMetadata table, TokenRange range, ScanPosition from, ReadFilter filter,
                               IndexMatcher matcher) {
        Page page = new Page(filter);
        ScanPosition position = from;
        int examined = 0;
        while (true) {
            ScanPage read = storage.scan(table.tableId(), range, position,
                    filter.withRowLimit(Math.min(ENTRY_CHUNK * 4, MAX_FILTERED_ROWS)));
            for (PartitionData partition : read.partitions()) {
                boolean partitionMatches = matcher.values().isPartitionLevel()
                        && matcher.matches(partition.key(), partition.staticRow(), null);
                if (partition.rows().isEmpty()) {
                    examined++;
                    if (partitionMatches && page.addPartition(partition)) {
                        return page.full();
                    }
                    continue;
                }
                for (Row row : partition.rows()) {
                    examined++;
                    if ((matcher.values().isPartitionLevel() ? partitionMatches
                            : matcher.matches(partition.key(), partition.staticRow(), row))
                            && page.add(partition.key(), partition.staticRow(), row)) {
                        return page.full();
                    }
                }
            }
            if (!read.hasMorePages()) {
                return page.done();
            }
            position = read.next();
            if (examined >= MAX_FILTERED_ROWS) {
                // Enough for one request: the next page goes on from here.
                return page.resumeAt(position);
            }
        }
    }

    /** One page read through a built index. */
    private final class Scan {
        private final TableMetadata table;
        private final TokenRange range;
        private final ScanPosition from;
        private final ReadFilter filter;
        private final IndexMatcher matcher;
        private final IndexedValues values;
        private final TableId indexTable;
        private final Page page;
        private int cleanups;

        Scan(TableMetadata table, TokenRange range, ScanPosition from, ReadFilter filter, IndexMatcher matcher) {
            this.table = table;
            this.range = range;
            this.from = from;
            this.filter = filter;
            this.matcher = matcher;
            this.values = matcher.values();
            this.indexTable = table.tableId().index(values.index().name());
            this.page = new Page(filter);
        }

        /** The entries of the rows after {@code from} in the range, within a value's partition. */
        private Slice entries() {
            ClusteringBound start;
            if (from != null && from.lastRow() == null) {
                start = ClusteringBound.exclusive(IndexKeys.partitionPrefix(from.partition()));
            } else if (from != null) {
                // A partition's entry (of a static or key column) names it whole: read it again,
                // then its rows after the last one returned.
                start = values.isPartitionLevel() ? ClusteringBound.inclusive(IndexKeys.partitionPrefix(from.partition()))
                        : ClusteringBound.exclusive(IndexKeys.clustering(from.partition(), from.lastRow()));
            } else {
                Clustering token = IndexKeys.tokenPrefix(range.start());
                start = range.startInclusive() ? ClusteringBound.inclusive(token) : ClusteringBound.exclusive(token);
            }
            Clustering token = IndexKeys.tokenPrefix(range.end());
            return new Slice(start, range.endInclusive() ? ClusteringBound.inclusive(token)
                    : ClusteringBound.exclusive(token));
        }

        private ReadFilter entryFilter(Slice slice) {
            return new ReadFilter(null, List.of(slice), false, ENTRY_CHUNK, ReadFilter.NO_LIMIT, filter.nowSeconds());
        }

        ScanPage point() {
            PartitionKey value = IndexKeys.partition(matcher.point());
            Slice slice = entries();
            int examined = 0;
            while (true) {
                PartitionData entries = storage.read(indexTable, value, entryFilter(slice));
                for (Row entry : entries.rows()) {
                    if (candidate(value, entry)) {
                        return page.full();
                    }
                    if (++examined >= MAX_EXAMINED_ENTRIES) {
                        // Enough for one request: the next page goes on after this entry's row.
                        IndexKeys.BaseRow base = IndexKeys.baseRow(entry.clustering());
                        return page.resumeAt(new ScanPosition(base.partition(),
                                values.isPartitionLevel() ? null : base.clustering()));
                    }
                }
                if (entries.rows().size() < ENTRY_CHUNK) {
                    return page.done();
                }
                slice = new Slice(ClusteringBound.exclusive(entries.rows().get(entries.rows().size() - 1)
                        .clustering()), slice.end());
            }
        }

        ScanPage range() {
            long startToken = matcher.start() == null ? Long.MIN_VALUE : IndexKeys.token(matcher.start());
            long endToken = matcher.end() == null ? Long.MAX_VALUE : IndexKeys.token(matcher.end());
            if (startToken > endToken) {
                return page.done();
            }
            TokenRange tokens = new TokenRange(startToken, true, endToken, true);
            ReadFilter entryFilter = entryFilter(entries());
            List<Candidate> candidates = new ArrayList<>();
            ScanPosition position = null;
            while (true) {
                ScanPage read = storage.scan(indexTable, tokens, position, entryFilter);
                for (PartitionData partition : read.partitions()) {
                    if (matcher.admits(partition.key().key())) {
                        for (Row entry : partition.rows()) {
                            candidates.add(new Candidate(partition.key(), entry));
                        }
                    }
                }
                if (candidates.size() > MAX_RANGE_CANDIDATES) {
                    throw new TooManyCandidates();
                }
                if (!read.hasMorePages()) {
                    break;
                }
                position = read.next();
            }
            candidates.sort((a, b) -> a.entry().clustering().compareTo(b.entry().clustering()));
            Clustering previous = null;
            for (Candidate candidate : candidates) {
                if (candidate.entry().clustering().equals(previous)) {
                    continue;   // one row under two values (one of them stale)
                }
                previous = candidate.entry().clustering();
                if (candidate(candidate.value(), candidate.entry())) {
                    return page.full();
                }
            }
            return page.done();
        }

        /**
         * Checks one entry against its row, adding the row to the page when it matches. Returns
         * whether the page is full.
         */
        private boolean candidate(PartitionKey value, Row entry) {
            IndexKeys.BaseRow base = IndexKeys.baseRow(entry.clustering());
            if (values.isPartitionLevel()) {
                List<Slice> slices = filter.slices();
                boolean resumed = from != null && from.lastRow() != null && from.partition().equals(base.partition());
                if (resumed) {
                    slices = after(slices, from.lastRow());
                    if (slices.isEmpty()) {
                        return false;
                    }
                }
                PartitionData data = storage.read(table.tableId(), base.partition(),
                        filter.withSlices(slices).withRowLimit(page.remaining()));
                if (data.isEmpty() || !matcher.matches(base.partition(), data.staticRow(), null)) {
                    cleanUp(value, entry, base);
                    return false;
                }
                if (resumed && data.rows().isEmpty()) {
                    return false;   // its rows were all returned; its static row was, with the first
                }
                return page.addPartition(data);
            }
            if (!inSlices(base.clustering())) {
                return false;
            }
            PartitionData data = storage.read(table.tableId(), base.partition(),
                    filter.withSlices(List.of(Slice.prefixedBy(base.clustering()))).withRowLimit(1));
            Row row = data.rows().isEmpty() ? null : data.rows().get(0);
            if (row == null || !row.clustering().equals(base.clustering())
                    || !matcher.matches(base.partition(), data.staticRow(), row)) {
                cleanUp(value, entry, base);
                return false;
            }
            return page.add(base.partition(), data.staticRow(), row);
        }

        private boolean inSlices(Clustering clustering) {
            for (Slice slice : filter.slices()) {
                if (slice.contains(clustering)) {
                    return true;
                }
            }
            return false;
        }

        /** Deletes an entry that what is stored proves stale for good (bounded per page). */
        private void cleanUp(PartitionKey value, Row entry, IndexKeys.BaseRow base) {
            if (cleanups >= MAX_CLEANUPS || entry.liveness() == null) {
                return;
            }
            cleanups++;
            long written = entry.liveness().timestampMicros();
            PartitionUpdate stored = storage.exportPartition(table.tableId(), base.partition(),
                    values.isPartitionLevel() ? List.of() : List.of(Slice.prefixedBy(base.clustering())));
            if (provesStale(stored, base, value.key(), written)) {
                storage.apply(indexTable, PartitionUpdate.builder(value).row(Row.builder(entry.clustering())
                        .delete(new Deletion(written, clock.currentTimeSeconds())).build()).build());
            }
        }

        /**
         * Whether {@code stored} (the row's partition as stored, tombstones included) shows that
         * an entry of value {@code encoded} written at {@code written} is stale whatever arrives
         * later at or before that time: a deletion at or after it, or a newer value.
         */
        private boolean provesStale(PartitionUpdate stored, IndexKeys.BaseRow base, byte[] encoded, long written) {
            if (stored.partitionDeletion() != null && stored.partitionDeletion().timestampMicros() >= written) {
                return true;
            }
            ColumnKind kind = values.column().kind();
            if (kind == ColumnKind.PARTITION_KEY) {
                return false;
            }
            Row holder;
            if (kind == ColumnKind.STATIC) {
                holder = stored.staticRow();
            } else {
                for (RangeDeletion deletion : stored.rangeDeletions()) {
                    if (deletion.covers(base.clustering()) && deletion.deletion().timestampMicros() >= written) {
                        return true;
                    }
                }
                holder = null;
                for (Row row : stored.rows()) {
                    if (row.clustering().equals(base.clustering())) {
                        holder = row;
                    }
                }
                if (holder != null && holder.deletion() != null
                        && holder.deletion().timestampMicros() >= written) {
                    return true;
                }
            }
            if (holder == null || kind == ColumnKind.CLUSTERING) {
                return false;
            }
            for (ColumnDeletion deletion : holder.columnDeletions()) {
                if (deletion.column().equals(values.column().name())
                        && deletion.deletion().timestampMicros() >= written) {
                    return true;
                }
            }
            for (Cell cell : holder.cells()) {
                if (cell.column().equals(values.column().name()) && supersedes(cell, encoded, written)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a stored cell of the column replaced the entry's value for good. */
        private boolean supersedes(Cell cell, byte[] encoded, long written) {
            boolean newer = cell.kind() == CellKind.TOMBSTONE ? cell.timestampMicros() >= written
                    : cell.timestampMicros() > written;
            IndexMetadata.Target target = values.index().target();
            if (target == IndexMetadata.Target.VALUE || target == IndexMetadata.Target.FULL) {
                // A cell of the same timestamp is no proof: a later write of that timestamp may still win.
                return cell.path() == null && newer;
            }
            // An element named by its cell's path: a set's element, a map's key.
            boolean named = target == IndexMetadata.Target.KEYS
                    || target == IndexMetadata.Target.VALUES && values.column().type() instanceof SetType;
            if (!named || cell.path() == null) {
                return false;
            }
            return newer && Arrays.equals(values.encode(values.valueType(),
                    io.cairn.node.schema.TableLayout.elementOfPath(values.valueType(), cell.path())), encoded);
        }
    }

    /** An entry found under a value of a range, with that value's partition. */
    private record Candidate(PartitionKey value, Row entry) {
    }

    /** The parts of {@code slices} after {@code clustering}, in clustering order. */
    private static List<Slice> after(List<Slice> slices, Clustering clustering) {
        List<Slice> result = new ArrayList<>(slices.size());
        for (Slice slice : slices) {
            if (!slice.end().admitsAsEnd(clustering)) {
                continue;
            }
            result.add(slice.start().admitsAsStart(clustering)
                    ? new Slice(ClusteringBound.exclusive(clustering), slice.end()) : slice);
        }
        return result;
    }

    /**
     * The page being gathered: partitions in scan order, rows counted against the filter's limits
     * as a scan counts them (a partition with only its static row counts as one).
     */
    private static final class Page {
        private final ReadFilter filter;
        private final List<PartitionData> partitions = new ArrayList<>();
        private PartitionKey current;
        private Row currentStatic;
        private List<Row> currentRows;
        private int rows;
        private ScanPosition last;

        Page(ReadFilter filter) {
            this.filter = filter;
        }

        int remaining() {
            return Math.max(1, filter.rowLimit() - rows);
        }

        /** Adds a row; returns whether the page is full. */
        boolean add(PartitionKey key, Row staticRow, Row row) {
            if (!key.equals(current)) {
                close();
                current = key;
                currentStatic = staticRow;
                currentRows = new ArrayList<>();
            }
            if (currentRows.size() >= filter.perPartitionLimit()) {
                return false;
            }
            currentRows.add(row);
            rows++;
            last = new ScanPosition(key, row.clustering());
            return rows >= filter.rowLimit();
        }

        /** Adds a partition read whole; returns whether the page is full. */
        boolean addPartition(PartitionData data) {
            close();
            List<Row> kept = data.rows().size() > filter.perPartitionLimit()
                    ? data.rows().subList(0, filter.perPartitionLimit()) : data.rows();
            partitions.add(new PartitionData(data.key(), data.staticRow(), kept));
            rows += Math.max(1, kept.size());
            last = new ScanPosition(data.key(), kept.isEmpty() ? null : kept.get(kept.size() - 1).clustering());
            return rows >= filter.rowLimit();
        }

        private void close() {
            if (current != null) {
                partitions.add(new PartitionData(current, currentStatic, currentRows));
                current = null;
            }
        }

        /** The page, full: the next one starts after its last row. */
        ScanPage full() {
            close();
            return new ScanPage(partitions, last);
        }

        /** The page, with nothing more in the range. */
        ScanPage done() {
            close();
            return new ScanPage(partitions, null);
        }

        /** The page, not full, the next starting at {@code position}. */
        ScanPage resumeAt(ScanPosition position) {
            close();
            return new ScanPage(partitions, position);
        }
    }
}
