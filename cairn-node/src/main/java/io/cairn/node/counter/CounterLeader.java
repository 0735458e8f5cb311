package io.cairn.node.counter;

import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Clustering;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The leader's step of a counter write: turns the increments (delta cells) of a partition's
 * update into this node's shards and applies them here, under a lock of the partition's stripe
 * so that two increments of one counter on this node add up. What it returns is what every
 * replica must then merge: the shards' new totals, which are idempotent to deliver.
 *
 * <p>A new shard state is written at the statement's timestamp (the client's, or its coordinator's),
 * the time deletions of the counter are written at too, or above the shard's stored one when
 * that is not below (a shard's clock never goes back, whatever clocks do), and above every
 * deletion of the counter stored here,
 * and counts from zero when the shard is deleted: a counter deleted and then incremented again
 * counts the increments after the deletion that reached it first (as in Cassandra, a deletion
 * and later increments that replicas see in different orders may leave them disagreeing until
 * the increments are repeated; counters are not meant to be deleted and reused).
 */
public final class CounterLeader {

    private static final int STRIPES = 256;

    private final StorageEngine storage;
    private final Supplier<byte[]> shardId;
    private final java.util.function.ToLongFunction<TableId> truncatedAt;
    private final java.util.concurrent.locks.Lock leading;
    private final Object[] stripes = new Object[STRIPES];

    /** A leader of a node whose tables are never truncated while it leads (a test's). */
    public CounterLeader(StorageEngine storage, Supplier<byte[]> shardId) {
        this(storage, shardId, table -> Long.MIN_VALUE, new java.util.concurrent.locks.ReentrantLock());
    }

    /**
     * @param shardId     this node's shard id ({@link CounterCells#shardId}), asked at each write: the
     *                    node's host id may be known only once it has started
     * @param truncatedAt a table's last truncation time here: shard states written at or before it
     *                    count for nothing, and new ones are written after it
     * @param leading     held while this leads an increment; a truncation here empties the table
     *                    under the lock it excludes (a read-write lock's read side), so a leader
     *                    never applies a total it read before the table was emptied
     */
    public CounterLeader(StorageEngine storage, Supplier<byte[]> shardId,
                         java.util.function.ToLongFunction<TableId> truncatedAt,
                         java.util.concurrent.locks.Lock leading) {
        this.storage = storage;
        this.shardId = shardId;
        this.truncatedAt = truncatedAt;
        this.leading = leading;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** Whether {@code update} holds increments that a leader must turn into shards. */
    public static boolean hasDeltas(PartitionUpdate update) {
        if (update.staticRow() != null && hasDeltas(update.staticRow())) {
            return true;
        }
        for (Row row : update.rows()) {
            if (hasDeltas(row)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDeltas(Row row) {
        for (Cell cell : row.cells()) {
            if (CounterCells.isDelta(cell)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Leads {@code update} of {@code table}: its increments become this node's shards, applied
     * here (with the rest of the update) before this returns. Returns the update every replica
     * must apply, which holds no increment any more.
     */
    public PartitionUpdate lead(TableId table, PartitionUpdate update) {
        if (!hasDeltas(update)) {
            // A deletion: applied under the lock too, so that this node's increments and deletions
            // of a counter take effect here in one order.
            synchronized (stripeOf(table, update.key())) {
                storage.apply(table, update);
            }
            return update;
        }
        byte[] shard = shardId.get();
        if (shard.length != CounterCells.SHARD_ID_BYTES) {
            throw new IllegalStateException("A counter shard id has " + shard.length + " bytes, not "
                    + CounterCells.SHARD_ID_BYTES);
        }
        leading.lock();
        try {
            synchronized (stripeOf(table, update.key())) {
                PartitionUpdate stored = storage.exportPartition(table, update.key(), slicesOf(update));
                PartitionUpdate led = withShards(update, stored, shard, timestampOf(update),
                        truncatedAt.applyAsLong(table));
                storage.apply(table, led);
                return led;
            }
        } finally {
            leading.unlock();
        }
    }

    /** The statement's timestamp: its increments' latest. */
    private static long timestampOf(PartitionUpdate update) {
        long latest = Long.MIN_VALUE;
        if (update.staticRow() != null) {
            latest = latestDelta(update.staticRow(), latest);
        }
        for (Row row : update.rows()) {
            latest = latestDelta(row, latest);
        }
        return latest;
    }

    private static long latestDelta(Row row, long latest) {
        for (Cell cell : row.cells()) {
            if (CounterCells.isDelta(cell)) {
                latest = Math.max(latest, cell.timestampMicros());
            }
        }
        return latest;
    }

    private Object stripeOf(TableId table, PartitionKey key) {
        int hash = table.hashCode() * 31 + Arrays.hashCode(key.key());
        return stripes[Math.floorMod(hash, STRIPES)];
    }

    /** One slice per regular row the update increments, in clustering order. */
    private static List<Slice> slicesOf(PartitionUpdate update) {
        TreeSet<Clustering> clusterings = new TreeSet<>();
        for (Row row : update.rows()) {
            if (hasDeltas(row)) {
                clusterings.add(row.clustering());
            }
        }
        List<Slice> slices = new ArrayList<>(clusterings.size());
        for (Clustering clustering : clusterings) {
            slices.add(Slice.prefixedBy(clustering));
        }
        return slices;
    }

    /**
     * {@code update} with each row's increments of a column summed into one new state of the
     * shard {@code shard}, from its state in {@code stored} (this node's raw copy of the rows).
     */
    static PartitionUpdate withShards(PartitionUpdate update, PartitionUpdate stored, byte[] shard, long nowMicros,
                                      long truncatedAtMicros) {
        PartitionUpdate.Builder led = PartitionUpdate.builder(update.key());
        if (update.partitionDeletion() != null) {
            led.deletePartition(update.partitionDeletion());
        }
        update.rangeDeletions().forEach(range -> led.deleteRange(range.range(), range.deletion()));
        long partitionFloor = Math.max(truncatedAtMicros, Math.max(timestampOf(stored.partitionDeletion()),
                timestampOf(update.partitionDeletion())));
        if (update.staticRow() != null) {
            led.staticRow(withShards(update.staticRow(), stored.staticRow(), partitionFloor, shard, nowMicros));
        }
        for (Row row : update.rows()) {
            if (!hasDeltas(row)) {
                led.row(row);
                continue;
            }
            long floor = Math.max(partitionFloor, Math.max(rangeFloor(stored.rangeDeletions(), row.clustering()),
                    rangeFloor(update.rangeDeletions(), row.clustering())));
            led.row(withShards(row, storedRow(stored, row.clustering()), floor, shard, nowMicros));
        }
        return led.build();
    }

    private static Row withShards(Row row, Row stored, long partitionFloor, byte[] shard, long nowMicros) {
        Row.Builder led = Row.builder(row.clustering()).liveness(row.liveness()).delete(row.deletion());
        row.columnDeletions().forEach(deletion -> led.deleteColumn(deletion.column(), deletion.deletion()));
        Map<String, Long> deltas = new LinkedHashMap<>();
        for (Cell cell : row.cells()) {
            if (CounterCells.isDelta(cell)) {
                deltas.merge(cell.column(), CounterCells.value(cell), Long::sum);
            } else {
                led.cell(cell);
            }
        }
        long rowFloor = Math.max(partitionFloor, Math.max(timestampOf(row.deletion()),
                stored == null ? Long.MIN_VALUE : timestampOf(stored.deletion())));
        for (Map.Entry<String, Long> delta : deltas.entrySet()) {
            String column = delta.getKey();
            long floor = Math.max(rowFloor, Math.max(columnFloor(row, column), columnFloor(stored, column)));
            Cell own = stored == null ? null : shardOf(stored, column, shard);
            long base = 0;
            long timestamp = nowMicros;
            if (own != null) {
                timestamp = Math.max(timestamp, own.timestampMicros() + 1);
                if (own.kind() == CellKind.LIVE && own.timestampMicros() > floor) {
                    base = CounterCells.value(own);
                }
            }
            if (floor != Long.MIN_VALUE) {
                timestamp = Math.max(timestamp, floor + 1);
            }
            led.cell(Cell.live(column, CounterCells.encode(base + delta.getValue()), timestamp).atPath(shard));
        }
        return led.build();
    }

    private static Cell shardOf(Row row, String column, byte[] shard) {
        for (Cell cell : row.cells()) {
            if (cell.column().equals(column) && Arrays.equals(cell.path(), shard)) {
                return cell;
            }
        }
        return null;
    }

    private static Row storedRow(PartitionUpdate stored, Clustering clustering) {
        for (Row row : stored.rows()) {
            if (row.clustering().equals(clustering)) {
                return row;
            }
        }
        return null;
    }

    private static long rangeFloor(List<RangeDeletion> ranges, Clustering clustering) {
        long floor = Long.MIN_VALUE;
        for (RangeDeletion range : ranges) {
            if (range.range().contains(clustering)) {
                floor = Math.max(floor, range.deletion().timestampMicros());
            }
        }
        return floor;
    }

    private static long columnFloor(Row row, String column) {
        long floor = Long.MIN_VALUE;
        if (row != null) {
            for (ColumnDeletion deletion : row.columnDeletions()) {
                if (deletion.column().equals(column)) {
                    floor = Math.max(floor, deletion.deletion().timestampMicros());
                }
            }
        }
        return floor;
    }

    private static long timestampOf(Deletion deletion) {
        return deletion == null ? Long.MIN_VALUE : deletion.timestampMicros();
    }
}
