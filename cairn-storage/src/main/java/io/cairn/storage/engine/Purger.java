package io.cairn.storage.engine;

import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.PurgeResult;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.Row;
import io.cairn.storage.TableId;
import io.cairn.storage.kv.KvCursor;
import io.cairn.storage.kv.KvEntry;
import io.cairn.storage.kv.KvStore;
import io.cairn.storage.kv.ReadScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * The purge sweep: drops what no read can see any more. Cells, markers and deletions shadowed
 * by a broader deletion go at once; tombstones and expired cells go once gc grace has passed
 * since they were written (Cassandra's rule: an expired cell counts as a tombstone issued at
 * its write time) and, for a table purged after repair, once a repair covered them.
 *
 * <p>Work proceeds in chunks of whole partitions. In each chunk, shadowed entries are deleted
 * first and tombstones only if all of those went, so a tombstone never disappears before the
 * data it hides. Every deletion is conditional on the entry being unchanged, so writes racing
 * with the sweep are never lost and never wait.
 */
final class Purger {

    private static final int ENTRIES_PER_CHUNK = 4_096;

    /**
     * Partitions read per chunk, purgeable or not: one read never holds the table (and its
     * close) for a whole table's scan when little is purgeable.
     */
    static final int PARTITIONS_PER_CHUNK = 1_024;

    private final KvStore store;
    private final UpdateEncoder encoder;

    Purger(KvStore store, UpdateEncoder encoder) {
        this.store = store;
        this.encoder = encoder;
    }

    private record Chunk(List<KvEntry> shadowed, List<KvEntry> expired, byte[] resumeKey) {
    }

    /**
     * Sweeps {@code columnFamily} chunk by chunk; stops early, between chunks, once {@code stop}
     * says so. A tombstone (or expired cell) of a partition goes when it was deleted before
     * {@code purgeBefore} of the partition's token (in seconds).
     */
    PurgeResult purge(TableId table, String columnFamily, long nowSeconds, LongUnaryOperator purgeBefore,
                      Map<String, Long> droppedColumns, java.util.function.BooleanSupplier stop) {
        PurgeResult total = PurgeResult.NONE;
        byte[] resumeKey = new byte[0];
        while (resumeKey != null && !stop.getAsBoolean()) {
            byte[] from = resumeKey;
            Chunk chunk = store.read(columnFamily, ReadScope.ANY, cursor -> collect(table, cursor, from, nowSeconds, purgeBefore,
                    droppedColumns));
            int shadowedDeleted = chunk.shadowed.isEmpty() ? 0 : store.deleteIfUnchanged(columnFamily, chunk.shadowed);
            long conflicts = chunk.shadowed.size() - shadowedDeleted;
            int expiredDeleted = 0;
            if (conflicts == 0 && !chunk.expired.isEmpty()) {
                expiredDeleted = store.deleteIfUnchanged(columnFamily, chunk.expired);
                conflicts += chunk.expired.size() - expiredDeleted;
            } else {
                conflicts += chunk.expired.size();
            }
            total = total.plus(new PurgeResult(expiredDeleted, shadowedDeleted, conflicts));
            resumeKey = chunk.resumeKey;
        }
        return total;
    }

    private Chunk collect(TableId table, KvCursor cursor, byte[] from, long nowSeconds, LongUnaryOperator purgeBefore,
                          Map<String, Long> droppedColumns) {
        List<KvEntry> shadowed = new ArrayList<>();
        List<KvEntry> expired = new ArrayList<>();
        cursor.seek(from);
        int partitions = 0;
        while (cursor.isValid()) {
            KeyLayout.PartitionPrefix at = KeyLayout.partitionOf(cursor.key());
            PartitionKey partition = at.partition();
            byte[] prefix = at.prefix();
            PartitionWalker walker = new PartitionWalker(cursor, prefix);
            PartitionUpdate.Builder dead = PartitionUpdate.builder(partition);
            PartitionUpdate.Builder expiredParts = PartitionUpdate.builder(partition);
            sweepPartition(walker, nowSeconds, purgeBefore.applyAsLong(partition.token()), droppedColumns, dead,
                    expiredParts);
            shadowed.addAll(encoder.encode(table, dead.build()));
            expired.addAll(encoder.encode(table, expiredParts.build()));
            if (shadowed.size() + expired.size() >= ENTRIES_PER_CHUNK || ++partitions == PARTITIONS_PER_CHUNK) {
                return new Chunk(shadowed, expired, KeyLayout.successor(prefix, prefix.length));
            }
        }
        return new Chunk(shadowed, expired, null);
    }

    /** Sorts the partition's purgeable parts into {@code dead} (shadowed) and {@code expired} (past gc grace). */
    private static void sweepPartition(PartitionWalker walker, long nowSeconds, long gcBefore,
                                       Map<String, Long> droppedColumns, PartitionUpdate.Builder dead,
                                       PartitionUpdate.Builder expired) {
        walker.readDeletions();
        Deletion partitionDeletion = walker.partitionDeletion();
        if (partitionDeletion != null && partitionDeletion.localDeletionTimeSeconds() < gcBefore) {
            expired.deletePartition(partitionDeletion);
        }
        List<RangeDeletion> liveRanges = new ArrayList<>();
        for (RangeDeletion range : walker.rangeDeletions()) {
            if (Reconciler.shadowed(partitionDeletion, range.deletion().timestampMicros())) {
                dead.deleteRange(range.range(), range.deletion());
            } else {
                liveRanges.add(range);
                if (range.deletion().localDeletionTimeSeconds() < gcBefore) {
                    expired.deleteRange(range.range(), range.deletion());
                }
            }
        }
        Row staticRow = walker.readStaticRow();
        if (staticRow != null) {
            Row.Builder deadStatic = Row.builder(staticRow.clustering());
            Row.Builder expiredStatic = Row.builder(staticRow.clustering());
            sweepRow(staticRow, partitionDeletion, nowSeconds, gcBefore, droppedColumns, deadStatic, expiredStatic);
            dead.staticRow(deadStatic.build());
            expired.staticRow(expiredStatic.build());
        }
        for (var clustering = walker.currentRow(); clustering != null; clustering = walker.currentRow()) {
            Row row = walker.readRow(clustering, false);
            Deletion covering = partitionDeletion;
            for (RangeDeletion range : liveRanges) {
                if (range.covers(clustering)) {
                    covering = Reconciler.strongest(covering, range.deletion());
                }
            }
            Row.Builder deadRow = Row.builder(clustering);
            Row.Builder expiredRow = Row.builder(clustering);
            sweepRow(row, covering, nowSeconds, gcBefore, droppedColumns, deadRow, expiredRow);
            dead.row(deadRow.build());
            expired.row(expiredRow.build());
        }
    }

    private static void sweepRow(Row row, Deletion covering, long nowSeconds, long gcBefore,
                                 Map<String, Long> droppedColumns, Row.Builder dead, Row.Builder expired) {
        Deletion effective = covering;
        Deletion rowDeletion = row.deletion();
        if (rowDeletion != null) {
            if (Reconciler.shadowed(covering, rowDeletion.timestampMicros())) {
                dead.delete(rowDeletion);
            } else {
                effective = Reconciler.strongest(covering, rowDeletion);
                if (rowDeletion.localDeletionTimeSeconds() < gcBefore) {
                    expired.delete(rowDeletion);
                }
            }
        }
        Liveness marker = row.liveness();
        if (marker != null) {
            if (Reconciler.shadowed(effective, marker.timestampMicros())) {
                dead.liveness(marker);
            } else if (!marker.isLive(nowSeconds) && marker.expirationSeconds() - marker.ttlSeconds() < gcBefore) {
                expired.liveness(marker);
            }
        }
        List<ColumnDeletion> liveColumnDeletions = new ArrayList<>();
        for (ColumnDeletion deletion : row.columnDeletions()) {
            if (Reconciler.shadowed(effective, deletion.deletion().timestampMicros())) {
                dead.deleteColumn(deletion.column(), deletion.deletion());
            } else {
                liveColumnDeletions.add(deletion);
                if (deletion.deletion().localDeletionTimeSeconds() < gcBefore) {
                    expired.deleteColumn(deletion.column(), deletion.deletion());
                }
            }
        }
        for (Cell cell : row.cells()) {
            if (Reconciler.shadowed(effective, cell.timestampMicros())
                    || Reconciler.shadowedByColumnDeletion(liveColumnDeletions, cell)
                    || isDropped(droppedColumns, cell)) {
                dead.cell(cell);
            } else if (isPastGcGrace(cell, nowSeconds, gcBefore)) {
                expired.cell(cell);
            }
        }
    }

    /** A cell of a dropped column written at or before the drop: no read returns it. */
    private static boolean isDropped(Map<String, Long> droppedColumns, Cell cell) {
        Long dropped = droppedColumns.isEmpty() ? null : droppedColumns.get(cell.column());
        return dropped != null && cell.timestampMicros() <= dropped;
    }

    private static boolean isPastGcGrace(Cell cell, long nowSeconds, long gcBefore) {
        if (cell.kind() == CellKind.TOMBSTONE) {
            return cell.localDeletionTimeSeconds() < gcBefore;
        }
        return cell.kind() == CellKind.EXPIRING && !cell.isLive(nowSeconds)
                && cell.localDeletionTimeSeconds() - cell.ttlSeconds() < gcBefore;
    }
}
