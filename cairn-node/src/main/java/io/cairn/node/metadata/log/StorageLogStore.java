package io.cairn.node.metadata.log;

import io.cairn.common.time.Clock;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.MetadataSerializers;
import io.cairn.node.schema.SchemaRows;
import io.cairn.storage.Cell;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.CorruptDataException;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TableWrite;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The local log on the storage engine, in two storage-only tables of the {@code system}
 * keyspace (outside the CQL schema, like {@code system.paxos}), each laid out as a CQL table
 * would be ({@link LogTables}) so that it can later be shown to operators as one:
 *
 * <ul>
 *   <li>{@code metadata_log}: one partition, a row per entry clustered by epoch. Reading the
 *       entries after an epoch is then one slice in epoch order, paged by a row limit, where a
 *       partition per epoch would scatter them over the token ring; the engine stores each row
 *       under its own key, so the partition's size costs nothing.</li>
 *   <li>{@code metadata_snapshots}: one partition, clustered by epoch and chunk; a snapshot is
 *       cut into chunks of {@link #SNAPSHOT_CHUNK_BYTES} written in one atomic synced write, so
 *       that no snapshot meets the engine's limit on one update. The newest
 *       {@link #SNAPSHOTS_KEPT} are kept; older ones are deleted by a range tombstone.</li>
 * </ul>
 *
 * <p>Cells are written at their epoch as timestamp: an entry or a snapshot is determined by its
 * epoch, so the timestamps need no clock and never go back. Since the engine would merge two
 * different values of one epoch cell by cell, an epoch is written once: appending an epoch
 * that holds another entry is a bug and refused, and a snapshot of a stored epoch is not
 * written again. Stored bytes that cannot be read are reported as a {@link CorruptDataException}
 * naming the table and the epoch. Not thread-safe: the local log calls it from one thread.
 */
public final class StorageLogStore implements LogStore {

    /** How many snapshots are kept: the newest, and a few older ones should the newest be unreadable. */
    public static final int SNAPSHOTS_KEPT = 4;
    /** The size of a snapshot's chunks, far below the engine's limit on one update. */
    static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;
    /** The most chunks of a snapshot (so, its largest size: 256 MiB). */
    static final int MAX_SNAPSHOT_CHUNKS = 256;
    /** Entries read from storage at a time while collecting {@link #entriesAfter}. */
    static final int ENTRIES_PER_READ = 256;

    private final StorageEngine storage;
    private final Clock clock;

    /** Opens the log on {@code storage}, creating its tables on first use; {@code clock} times deletions. */
    public StorageLogStore(StorageEngine storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        // Node-local tables: no replica needs a tombstone, so none is kept past the data it hides.
        storage.createTable(LogTables.LOG.tableId(), new TableOptions(0));
        storage.createTable(LogTables.SNAPSHOTS.tableId(), new TableOptions(0));
    }

    @Override
    public void append(LogEntry entry) {
        byte[] bytes = MetadataSerializers.serialize(entry);
        Row stored = LogTables.entryRow(storage, entry.epoch(), nowSeconds());
        if (stored != null) {
            Cell existing = stored.cell(LogTables.ENTRY);
            if (existing == null || !Arrays.equals(existing.value(), bytes)) {
                throw new IllegalStateException("The metadata log holds entry " + LogTables.describe(stored) + " at "
                        + entry.epoch() + ", not entry " + entry.id() + " (" + entry.transformation().kind()
                        + "): an epoch's entry is decided once");
            }
            return;
        }
        storage.applySynced(LogTables.LOG.tableId(), SchemaRows.row(LogTables.LOG, Map.of(
                LogTables.KEY, SchemaRows.text(LogTables.LOG_PARTITION),
                LogTables.EPOCH, LogTables.bigint(entry.epoch().value()),
                LogTables.ENTRY_ID, LogTables.bigint(entry.id()),
                LogTables.KIND, SchemaRows.text(entry.transformation().kind().name()),
                LogTables.ENTRY, ByteBuffer.wrap(bytes)), entry.epoch().value()));
    }

    @Override
    public List<LogEntry> entriesAfter(Epoch since, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("At most " + max + " entries: the count must not be negative");
        }
        List<LogEntry> entries = new ArrayList<>(Math.min(max, ENTRIES_PER_READ));
        Epoch after = since;
        while (entries.size() < max) {
            int limit = Math.min(ENTRIES_PER_READ, max - entries.size());
            ReadFilter filter = ReadFilter.all(nowSeconds()).withRowLimit(limit).withSlices(List.of(new Slice(
                    ClusteringBound.exclusive(LogTables.epochPrefix(LogTables.LOG, after)), ClusteringBound.OPEN)));
            List<Row> rows = storage.read(LogTables.LOG.tableId(), LogTables.LOG_KEY, filter).rows();
            for (Row row : rows) {
                entries.add(decodeEntry(row));
            }
            if (rows.size() < limit) {
                break;
            }
            after = entries.get(entries.size() - 1).epoch();
        }
        return entries;
    }

    private static LogEntry decodeEntry(Row row) {
        long epoch = LogTables.epochOf(LogTables.LOG, row);
        if (row.cell(LogTables.ENTRY) == null) {
            throw new CorruptDataException("The row of epoch " + epoch + " in " + LogTables.LOG.tableId()
                    + " holds no entry");
        }
        LogEntry entry;
        try {
            entry = MetadataSerializers.deserializeEntry(row.cell(LogTables.ENTRY).value());
        } catch (MalformedMessageException e) {
            throw new CorruptDataException("The entry of epoch " + epoch + " in " + LogTables.LOG.tableId()
                    + " cannot be read: " + e.getMessage(), e);
        }
        if (entry.epoch().value() != epoch) {
            throw new CorruptDataException("The row of epoch " + epoch + " in " + LogTables.LOG.tableId()
                    + " holds the entry of " + entry.epoch());
        }
        return entry;
    }

    @Override
    public void saveSnapshot(ClusterMetadata snapshot) {
        if (!isStored(snapshot.epoch())) {
            writeSnapshot(snapshot);
        }
        List<Long> newest = newestSnapshotEpochs(SNAPSHOTS_KEPT + 1);
        if (newest.size() > SNAPSHOTS_KEPT) {
            long oldestKept = newest.get(SNAPSHOTS_KEPT - 1);
            // Every older snapshot was written at its epoch, below the oldest kept one. Not synced:
            // a deletion lost in a crash only keeps an old snapshot until the next save.
            storage.apply(LogTables.SNAPSHOTS.tableId(), PartitionUpdate.builder(LogTables.SNAPSHOTS_KEY)
                    .deleteRange(new Slice(ClusteringBound.OPEN, ClusteringBound.exclusive(
                                    LogTables.epochPrefix(LogTables.SNAPSHOTS, Epoch.of(oldestKept)))),
                            new Deletion(oldestKept - 1, nowSeconds()))
                    .build());
        }
    }

    private void writeSnapshot(ClusterMetadata snapshot) {
        byte[] bytes = MetadataSerializers.serialize(snapshot);
        int chunks = Math.max(1, (bytes.length + SNAPSHOT_CHUNK_BYTES - 1) / SNAPSHOT_CHUNK_BYTES);
        if (chunks > MAX_SNAPSHOT_CHUNKS) {
            throw new IllegalArgumentException("The snapshot of " + snapshot.epoch() + " takes " + bytes.length
                    + " bytes, more than the " + (long) MAX_SNAPSHOT_CHUNKS * SNAPSHOT_CHUNK_BYTES + " a snapshot may");
        }
        List<TableWrite> writes = new ArrayList<>(chunks);
        for (int chunk = 0; chunk < chunks; chunk++) {
            int from = chunk * SNAPSHOT_CHUNK_BYTES;
            byte[] part = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + SNAPSHOT_CHUNK_BYTES));
            writes.add(new TableWrite(LogTables.SNAPSHOTS.tableId(), SchemaRows.row(LogTables.SNAPSHOTS, Map.of(
                    LogTables.KEY, SchemaRows.text(LogTables.SNAPSHOTS_PARTITION),
                    LogTables.EPOCH, LogTables.bigint(snapshot.epoch().value()),
                    LogTables.CHUNK, NativeType.INT.decompose(chunk),
                    LogTables.CHUNKS, NativeType.INT.decompose(chunks),
                    LogTables.SNAPSHOT, ByteBuffer.wrap(part)), snapshot.epoch().value())));
        }
        storage.applySynced(writes);
    }

    @Override
    public Optional<ClusterMetadata> latestSnapshot() {
        List<Long> newest = newestSnapshotEpochs(1);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        long epoch = newest.get(0);
        ReadFilter filter = ReadFilter.all(nowSeconds()).withRowLimit(MAX_SNAPSHOT_CHUNKS + 1)
                .withSlices(List.of(Slice.prefixedBy(LogTables.epochPrefix(LogTables.SNAPSHOTS, Epoch.of(epoch)))));
        List<Row> rows = storage.read(LogTables.SNAPSHOTS.tableId(), LogTables.SNAPSHOTS_KEY, filter).rows();
        byte[] bytes = LogTables.joinChunks(rows, epoch, MAX_SNAPSHOT_CHUNKS);
        ClusterMetadata snapshot;
        try {
            snapshot = MetadataSerializers.deserializeSnapshot(bytes);
        } catch (MalformedMessageException e) {
            throw new CorruptDataException("The snapshot of epoch " + epoch + " in " + LogTables.SNAPSHOTS.tableId()
                    + " cannot be read: " + e.getMessage(), e);
        }
        if (snapshot.epoch().value() != epoch) {
            throw new CorruptDataException("The rows of epoch " + epoch + " in " + LogTables.SNAPSHOTS.tableId()
                    + " hold the snapshot of " + snapshot.epoch());
        }
        return Optional.of(snapshot);
    }

    private boolean isStored(Epoch epoch) {
        ReadFilter filter = ReadFilter.all(nowSeconds()).withRowLimit(1).withColumns(Set.of(LogTables.CHUNKS))
                .withSlices(List.of(Slice.prefixedBy(LogTables.epochPrefix(LogTables.SNAPSHOTS, epoch))));
        return !storage.read(LogTables.SNAPSHOTS.tableId(), LogTables.SNAPSHOTS_KEY, filter).rows().isEmpty();
    }

    /** The epochs of the newest stored snapshots, newest first, at most {@code count}. */
    private List<Long> newestSnapshotEpochs(int count) {
        List<Long> epochs = new ArrayList<>(count);
        ClusteringBound end = ClusteringBound.OPEN;
        while (epochs.size() < count) {
            ReadFilter filter = ReadFilter.all(nowSeconds()).reversed(true).withRowLimit(1)
                    .withColumns(Set.of(LogTables.CHUNKS)).withSlices(List.of(new Slice(ClusteringBound.OPEN, end)));
            List<Row> rows = storage.read(LogTables.SNAPSHOTS.tableId(), LogTables.SNAPSHOTS_KEY, filter).rows();
            if (rows.isEmpty()) {
                break;
            }
            long epoch = LogTables.epochOf(LogTables.SNAPSHOTS, rows.get(0));
            epochs.add(epoch);
            end = ClusteringBound.exclusive(LogTables.epochPrefix(LogTables.SNAPSHOTS, Epoch.of(epoch)));
        }
        return epochs;
    }

    private long nowSeconds() {
        return clock.currentTimeSeconds();
    }
}
