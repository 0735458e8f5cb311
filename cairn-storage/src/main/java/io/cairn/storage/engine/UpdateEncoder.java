package io.cairn.storage.engine;

import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.InvalidUpdateException;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.Row;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.kv.KvEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@link PartitionUpdate} into the key-value entries of {@link KeyLayout} and
 * {@link StoredValue}, checking the size limits first so that a refused update writes nothing.
 * The encoding is canonical: the same part always yields the same bytes, which the purge
 * sweep relies on to name exactly what it deletes.
 */
final class UpdateEncoder {

    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final int MAX_CACHED_COLUMN_NAMES = 10_000;

    private final StorageLimits limits;
    private final ConcurrentHashMap<String, byte[]> columnNames = new ConcurrentHashMap<>();

    UpdateEncoder(StorageLimits limits) {
        this.limits = limits;
    }

    List<KvEntry> encode(TableId table, PartitionUpdate update) {
        checkComponent(table, "partition key", update.key().key().length);
        List<KvEntry> entries = new ArrayList<>(4);
        KeyBuilder key = new KeyBuilder(64);
        KeyLayout.writePartitionPrefix(key, update.key());
        int prefix = key.length();
        long totalBytes = 0;

        if (update.partitionDeletion() != null) {
            key.put(KeyLayout.PARTITION_DELETION);
            totalBytes += add(entries, key, deletionValue(update.partitionDeletion()));
            key.truncate(prefix);
        }
        for (RangeDeletion range : update.rangeDeletions()) {
            checkComponent(table, "range deletion bound", range.range().start().prefix().size());
            checkComponent(table, "range deletion bound", range.range().end().prefix().size());
            key.put(KeyLayout.RANGE_DELETION);
            writeRangeBounds(key, range);
            totalBytes += add(entries, key, deletionValue(range.deletion()));
            key.truncate(prefix);
        }
        if (update.staticRow() != null) {
            key.put(KeyLayout.STATIC_ROW);
            totalBytes += encodeRow(table, update.staticRow(), key, entries);
            key.truncate(prefix);
        }
        for (Row row : update.rows()) {
            checkComponent(table, "clustering", row.clustering().size());
            key.put(KeyLayout.ROWS);
            byte[] clustering = row.clustering().bytes();
            EscapedBytes.write(key, clustering, 0, clustering.length, true);
            totalBytes += encodeRow(table, row, key, entries);
            key.truncate(prefix);
        }
        if (totalBytes > limits.maxUpdateBytes()) {
            throw new InvalidUpdateException("Update of " + totalBytes + " bytes to " + table
                    + " exceeds the maximum of " + limits.maxUpdateBytes() + " bytes");
        }
        return entries;
    }

    static void writeRangeBounds(KeyBuilder key, RangeDeletion range) {
        byte[] start = range.range().start().prefix().bytes();
        byte[] end = range.range().end().prefix().bytes();
        EscapedBytes.write(key, start, 0, start.length, true);
        key.put((byte) (range.range().start().inclusive() ? 1 : 0));
        EscapedBytes.write(key, end, 0, end.length, true);
        key.put((byte) (range.range().end().inclusive() ? 1 : 0));
    }

    /** Appends the entries of one row to {@code entries}; {@code key} holds the row's key prefix. */
    private long encodeRow(TableId table, Row row, KeyBuilder key, List<KvEntry> entries) {
        int rowPrefix = key.length();
        long bytes = 0;
        if (row.deletion() != null) {
            key.put(KeyLayout.ROW_DELETION);
            bytes += add(entries, key, deletionValue(row.deletion()));
            key.truncate(rowPrefix);
        }
        if (row.liveness() != null) {
            key.put(KeyLayout.ROW_LIVENESS);
            bytes += add(entries, key, livenessValue(row.liveness()));
            key.truncate(rowPrefix);
        }
        for (ColumnDeletion deletion : row.columnDeletions()) {
            writeColumn(table, key, deletion.column());
            key.put(KeyLayout.COLUMN_DELETION);
            bytes += add(entries, key, deletionValue(deletion.deletion()));
            key.truncate(rowPrefix);
        }
        for (Cell cell : row.cells()) {
            writeColumn(table, key, cell.column());
            if (cell.path() != null) {
                checkComponent(table, "collection element", cell.path().length);
                key.put(KeyLayout.ELEMENT).put(cell.path());
            }
            bytes += add(entries, key, cellValue(cell));
            key.truncate(rowPrefix);
        }
        return bytes;
    }

    private void writeColumn(TableId table, KeyBuilder key, String column) {
        byte[] name = columnNames.get(column);
        if (name == null) {
            name = column.getBytes(StandardCharsets.UTF_8);
            checkComponent(table, "column name", name.length);
            if (columnNames.size() < MAX_CACHED_COLUMN_NAMES) {
                columnNames.putIfAbsent(column, name);
            }
        }
        key.put(KeyLayout.ROW_CELL);
        EscapedBytes.write(key, name, 0, name.length, true);
    }

    static byte[] cellValue(Cell cell) {
        return StoredValue.encode(cell.kind(), cell.timestampMicros(), cell.localDeletionTimeSeconds(),
                cell.ttlSeconds(), cell.value());
    }

    static byte[] deletionValue(Deletion deletion) {
        return StoredValue.encode(CellKind.TOMBSTONE, deletion.timestampMicros(),
                deletion.localDeletionTimeSeconds(), 0, NO_PAYLOAD);
    }

    static byte[] livenessValue(Liveness liveness) {
        return liveness.isExpiring()
                ? StoredValue.encode(CellKind.EXPIRING, liveness.timestampMicros(), liveness.expirationSeconds(),
                        liveness.ttlSeconds(), NO_PAYLOAD)
                : StoredValue.encode(CellKind.LIVE, liveness.timestampMicros(), 0, 0, NO_PAYLOAD);
    }

    private static long add(List<KvEntry> entries, KeyBuilder key, byte[] value) {
        byte[] k = key.toArray();
        entries.add(new KvEntry(k, value));
        return (long) k.length + value.length;
    }

    private void checkComponent(TableId table, String what, int length) {
        if (length > limits.maxKeyComponentBytes()) {
            throw new InvalidUpdateException("The " + what + " of an update to " + table + " is " + length
                    + " bytes, over the maximum of " + limits.maxKeyComponentBytes() + " bytes");
        }
    }
}
