package io.cairn.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one mutation writes to one partition. Applying it is atomic and idempotent, and
 * applying several updates in any order, any number of times, gives the same state: every
 * part reconciles by timestamp.
 *
 * @param key               the partition
 * @param partitionDeletion a deletion of the whole partition, static row included, or null
 * @param rangeDeletions    deletions of clustering ranges
 * @param staticRow         static cells, or null; it has no liveness marker and no row deletion
 * @param rows              regular rows, in any order
 */
public record PartitionUpdate(PartitionKey key, Deletion partitionDeletion, List<RangeDeletion> rangeDeletions,
                              Row staticRow, List<Row> rows) {

    public PartitionUpdate {
        Objects.requireNonNull(key, "key");
        rangeDeletions = List.copyOf(rangeDeletions);
        rows = List.copyOf(rows);
        if (staticRow != null && (staticRow.liveness() != null || staticRow.deletion() != null
                || staticRow.clustering().size() != 0)) {
            throw new IllegalArgumentException(
                    "The static row carries only cells and column deletions: no clustering, marker or row deletion");
        }
    }

    public static Builder builder(PartitionKey key) {
        return new Builder(key);
    }

    public boolean isEmpty() {
        return partitionDeletion == null && rangeDeletions.isEmpty() && staticRow == null && rows.isEmpty();
    }

    /**
     * The oldest timestamp of anything this update writes (cells, markers, deletions), in
     * microseconds; {@link Long#MAX_VALUE} for an empty one. A write delivered late (a hint, a
     * replayed batch) whose oldest timestamp is past gc grace could bring back data under a
     * tombstone replicas have purged.
     */
    public long oldestTimestampMicros() {
        long oldest = partitionDeletion == null ? Long.MAX_VALUE : partitionDeletion.timestampMicros();
        for (RangeDeletion range : rangeDeletions) {
            oldest = Math.min(oldest, range.deletion().timestampMicros());
        }
        if (staticRow != null) {
            oldest = Math.min(oldest, oldestOf(staticRow));
        }
        for (Row row : rows) {
            oldest = Math.min(oldest, oldestOf(row));
        }
        return oldest;
    }

    private static long oldestOf(Row row) {
        long oldest = row.liveness() == null ? Long.MAX_VALUE : row.liveness().timestampMicros();
        if (row.deletion() != null) {
            oldest = Math.min(oldest, row.deletion().timestampMicros());
        }
        for (ColumnDeletion deletion : row.columnDeletions()) {
            oldest = Math.min(oldest, deletion.deletion().timestampMicros());
        }
        for (Cell cell : row.cells()) {
            oldest = Math.min(oldest, cell.timestampMicros());
        }
        return oldest;
    }

    /**
     * Whether this update, written (hinted, batched) at {@code writtenAtMicros}, is too old to be
     * delivered now under a gc grace of {@code gcGraceSeconds}: its write time or its oldest
     * timestamp is more than gc grace before {@code nowMicros}.
     */
    public boolean isPastGcGrace(long writtenAtMicros, int gcGraceSeconds, long nowMicros) {
        long oldest = Math.min(writtenAtMicros, oldestTimestampMicros());
        return oldest < nowMicros - gcGraceSeconds * 1_000_000L;
    }

    /** Collects the parts of a partition update. */
    public static final class Builder {
        private final PartitionKey key;
        private Deletion partitionDeletion;
        private final List<RangeDeletion> rangeDeletions = new ArrayList<>(0);
        private Row staticRow;
        private final List<Row> rows = new ArrayList<>(1);

        private Builder(PartitionKey key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        public Builder deletePartition(Deletion deletion) {
            this.partitionDeletion = deletion;
            return this;
        }

        public Builder deleteRange(Slice range, Deletion deletion) {
            rangeDeletions.add(new RangeDeletion(range, deletion));
            return this;
        }

        public Builder staticRow(Row row) {
            this.staticRow = row;
            return this;
        }

        public Builder row(Row row) {
            rows.add(row);
            return this;
        }

        public PartitionUpdate build() {
            return new PartitionUpdate(key, partitionDeletion, rangeDeletions, staticRow, rows);
        }
    }
}
