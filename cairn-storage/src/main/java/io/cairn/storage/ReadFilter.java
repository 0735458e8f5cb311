package io.cairn.storage;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a read returns from each partition.
 *
 * @param columns           the columns whose cells are returned, or null for all. A row's
 *                          existence is decided by all its columns and its marker, as in
 *                          Cassandra, whichever are selected.
 * @param slices            sorted, non-overlapping clustering ranges to read
 * @param reversed          whether rows come in reverse clustering order
 * @param rowLimit          at most this many live rows in all (a partition with only a live
 *                          static row counts as one)
 * @param perPartitionLimit at most this many live rows from each partition
 * @param nowSeconds        the reader's "now", for TTL expiry: every replica of one read uses
 *                          the coordinator's value, so they agree on what has expired
 * @param droppedColumns    columns dropped from the table, each with its drop time in
 *                          microseconds: their cells written at or before it are not read, and do
 *                          not make a row exist
 */
public record ReadFilter(Set<String> columns, List<Slice> slices, boolean reversed, int rowLimit,
                         int perPartitionLimit, long nowSeconds, Map<String, Long> droppedColumns) {

    public static final int NO_LIMIT = Integer.MAX_VALUE;

    public ReadFilter {
        columns = columns == null ? null : Set.copyOf(columns);
        droppedColumns = Map.copyOf(droppedColumns);
        slices = List.copyOf(slices);
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("A read needs at least one slice; use Slice.ALL");
        }
        if (rowLimit <= 0 || perPartitionLimit <= 0) {
            throw new IllegalArgumentException("Row limits must be positive, got " + rowLimit + " and "
                    + perPartitionLimit);
        }
    }

    /** A filter of a table without dropped columns. */
    public ReadFilter(Set<String> columns, List<Slice> slices, boolean reversed, int rowLimit, int perPartitionLimit,
                      long nowSeconds) {
        this(columns, slices, reversed, rowLimit, perPartitionLimit, nowSeconds, Map.of());
    }

    /** Everything in the partition, in clustering order, at {@code nowSeconds}. */
    public static ReadFilter all(long nowSeconds) {
        return new ReadFilter(null, List.of(Slice.ALL), false, NO_LIMIT, NO_LIMIT, nowSeconds);
    }

    public ReadFilter withColumns(Set<String> selected) {
        return new ReadFilter(selected, slices, reversed, rowLimit, perPartitionLimit, nowSeconds, droppedColumns);
    }

    public ReadFilter withSlices(List<Slice> selected) {
        return new ReadFilter(columns, selected, reversed, rowLimit, perPartitionLimit, nowSeconds, droppedColumns);
    }

    public ReadFilter reversed(boolean reverse) {
        return new ReadFilter(columns, slices, reverse, rowLimit, perPartitionLimit, nowSeconds, droppedColumns);
    }

    public ReadFilter withRowLimit(int limit) {
        return new ReadFilter(columns, slices, reversed, limit, perPartitionLimit, nowSeconds, droppedColumns);
    }

    public ReadFilter withPerPartitionLimit(int limit) {
        return new ReadFilter(columns, slices, reversed, rowLimit, limit, nowSeconds, droppedColumns);
    }

    public ReadFilter withDroppedColumns(Map<String, Long> dropped) {
        return new ReadFilter(columns, slices, reversed, rowLimit, perPartitionLimit, nowSeconds, dropped);
    }

    /** Whether a cell of {@code column} written at {@code timestampMicros} was since dropped with its column. */
    public boolean isDropped(String column, long timestampMicros) {
        if (droppedColumns.isEmpty()) {
            return false;
        }
        Long dropped = droppedColumns.get(column);
        return dropped != null && timestampMicros <= dropped;
    }

    public boolean selects(String column) {
        return columns == null || columns.contains(column);
    }
}
