package io.cairn.node.index;

import io.cairn.node.schema.ColumnKind;
import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Clustering;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries an index gains from a write: one row of the index's table for each value the write
 * gives the indexed column, live as long as the cell that holds it (a key column's entry: as the
 * newest thing the write makes live, without expiry). Deletions add nothing: an entry whose row no
 * longer holds its value is found stale when read ({@link IndexScanner}).
 */
final class IndexEntries {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IndexEntries.class);
    /** The most bytes of an entry's key and of its clustering: the storage engine's limit on each. */
    static final int MAX_KEY_BYTES = io.cairn.storage.StorageLimits.DEFAULTS.maxKeyComponentBytes();

    private IndexEntries() {
    }

    /** The updates of the index's table that {@code update}, a write of its table, makes. */
    static List<PartitionUpdate> of(IndexedValues values, PartitionUpdate update) {
        if (values.searchesNeighbours()) {
            return List.of();   // a vector index keeps its graph in memory (VectorIndex), not entries
        }
        Map<PartitionKey, Map<Clustering, Liveness>> entries = new LinkedHashMap<>();
        PartitionKey key = update.key();
        ColumnKind kind = values.column().kind();
        if (kind == ColumnKind.PARTITION_KEY) {
            long newest = newestLive(update);
            if (newest != Long.MIN_VALUE) {
                add(entries, values.of(key, null).get(0).encoded(), IndexKeys.partitionPrefix(key),
                        Liveness.of(newest));
            }
        } else if (kind == ColumnKind.STATIC) {
            if (update.staticRow() != null) {
                for (IndexedValues.Value value : values.of(key, update.staticRow())) {
                    add(entries, value.encoded(), IndexKeys.partitionPrefix(key), liveness(value.cell()));
                }
            }
        } else {
            for (Row row : update.rows()) {
                if (kind == ColumnKind.CLUSTERING) {
                    long newest = newestLive(row);
                    if (newest == Long.MIN_VALUE) {
                        continue;
                    }
                    for (IndexedValues.Value value : values.of(key, row)) {
                        add(entries, value.encoded(), IndexKeys.clustering(key, row.clustering()), Liveness.of(newest));
                    }
                } else {
                    for (IndexedValues.Value value : values.of(key, row)) {
                        add(entries, value.encoded(), IndexKeys.clustering(key, row.clustering()),
                                liveness(value.cell()));
                    }
                }
            }
        }
        List<PartitionUpdate> updates = new ArrayList<>(entries.size());
        for (Map.Entry<PartitionKey, Map<Clustering, Liveness>> partition : entries.entrySet()) {
            PartitionUpdate.Builder builder = PartitionUpdate.builder(partition.getKey());
            for (Map.Entry<Clustering, Liveness> row : partition.getValue().entrySet()) {
                builder.row(Row.builder(row.getKey()).liveness(row.getValue()).build());
            }
            updates.add(builder.build());
        }
        return updates;
    }

    private static void add(Map<PartitionKey, Map<Clustering, Liveness>> entries, byte[] encoded, Clustering row,
                            Liveness liveness) {
        if (encoded.length > MAX_KEY_BYTES || row.size() > MAX_KEY_BYTES) {
            // The query layer refuses values this large; a row of keys this large is left unindexed
            // rather than fail its write (a hint, a repair) for good.
            LOG.warn("Not indexing a value of {} bytes in a row of {} key bytes: over {} bytes", encoded.length,
                    row.size(), MAX_KEY_BYTES);
            return;
        }
        entries.computeIfAbsent(IndexKeys.partition(encoded), k -> new HashMap<>())
                .merge(row, liveness, (a, b) -> a.timestampMicros() >= b.timestampMicros() ? a : b);
    }

    /** An entry lives as the cell that holds its value. */
    private static Liveness liveness(Cell cell) {
        return cell.kind() == CellKind.EXPIRING
                ? Liveness.expiring(cell.timestampMicros(), cell.ttlSeconds(), cell.localDeletionTimeSeconds())
                : Liveness.of(cell.timestampMicros());
    }

    /** The newest timestamp of anything the update makes live; Long.MIN_VALUE when it makes nothing live. */
    private static long newestLive(PartitionUpdate update) {
        long newest = update.staticRow() == null ? Long.MIN_VALUE : newestLive(update.staticRow());
        for (Row row : update.rows()) {
            newest = Math.max(newest, newestLive(row));
        }
        return newest;
    }

    private static long newestLive(Row row) {
        long newest = row.liveness() == null ? Long.MIN_VALUE : row.liveness().timestampMicros();
        for (Cell cell : row.cells()) {
            if (cell.kind() != CellKind.TOMBSTONE) {
                newest = Math.max(newest, cell.timestampMicros());
            }
        }
        return newest;
    }
}
