package io.cairn.node;

import io.cairn.common.time.Clock;
import io.cairn.node.coordinator.TableTimers;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.PurgeResult;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.RepairedRanges;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.SizeEstimate;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TableStats;
import io.cairn.storage.TableWrite;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UnrepairedPage;
import io.cairn.storage.UpdatePage;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The node's storage, measured: each table's local partition reads, range reads and writes, as
 * Cassandra's table metrics {@code ReadLatency}, {@code RangeLatency} and {@code WriteLatency}
 * count them, into {@code cairn_table_local_read_seconds}, {@code _scan_seconds} and
 * {@code _write_seconds} tagged with the keyspace and table. A user table's timers also keep their recent median and 99th
 * percentile (what {@code system_views.local_read_latency} and its peers show); a system table's
 * count and time only. Everything else passes through unchanged.
 */
public final class MeteredStorageEngine implements StorageEngine {

    /** The timers' names, as {@code tablestats} and {@code system_views} read them. */
    public static final String READS = "cairn.table.local.read";
    public static final String SCANS = "cairn.table.local.scan";
    public static final String WRITES = "cairn.table.local.write";

    private final StorageEngine storage;
    private final Clock clock;
    private final TableTimers reads;
    private final TableTimers scans;
    private final TableTimers writes;

    public MeteredStorageEngine(StorageEngine storage, MeterRegistry registry, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reads = new TableTimers(registry, READS, "Partition reads of the table's data on this node, as a replica");
        this.scans = new TableTimers(registry, SCANS, "Range reads of the table's data on this node, as a replica");
        this.writes = new TableTimers(registry, WRITES, "Writes of the table's data on this node, as a replica");
    }

    /** Forgets a dropped table's timers, so that a table made again under its name starts from zero. */
    private void forget(TableId table) {
        List.of(reads, scans, writes).forEach(timers -> timers.forget(table));
    }

    @Override
    public void apply(TableId table, PartitionUpdate update) {
        long start = clock.nanoTime();
        storage.apply(table, update);
        writes.of(table).record(clock.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void apply(TableId table, List<PartitionUpdate> updates) {
        long start = clock.nanoTime();
        storage.apply(table, updates);
        writes.of(table).record(clock.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void applySynced(List<TableWrite> writes, boolean listUnrepaired) {
        long start = clock.nanoTime();
        storage.applySynced(writes, listUnrepaired);
        long elapsed = clock.nanoTime() - start;
        TableId previous = null;
        for (TableWrite write : writes) {
            // One synced write across tables (a Paxos commit: the data and its Paxos state) counts once for each.
            if (!write.table().equals(previous)) {
                this.writes.of(write.table()).record(elapsed, TimeUnit.NANOSECONDS);
                previous = write.table();
            }
        }
    }

    @Override
    public PartitionData read(TableId table, PartitionKey key, ReadFilter filter) {
        long start = clock.nanoTime();
        PartitionData data = storage.read(table, key, filter);
        reads.of(table).record(clock.nanoTime() - start, TimeUnit.NANOSECONDS);
        return data;
    }

    @Override
    public ScanPage scan(TableId table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter) {
        long start = clock.nanoTime();
        ScanPage page = storage.scan(table, range, resumeAfter, filter);
        scans.of(table).record(clock.nanoTime() - start, TimeUnit.NANOSECONDS);
        return page;
    }

    @Override
    public boolean createTable(TableId table, TableOptions options) {
        return storage.createTable(table, options);
    }

    @Override
    public void alterTable(TableId table, TableOptions options) {
        storage.alterTable(table, options);
    }

    @Override
    public boolean dropTable(TableId table) {
        boolean dropped = storage.dropTable(table);
        forget(table);
        return dropped;
    }

    @Override
    public void truncate(TableId table) {
        storage.truncate(table);
    }

    @Override
    public boolean dropRange(TableId table, TokenRange range, java.util.function.BooleanSupplier proceed) {
        return storage.dropRange(table, range, proceed);
    }

    @Override
    public Set<TableId> tables() {
        return storage.tables();
    }

    @Override
    public TableOptions options(TableId table) {
        return storage.options(table);
    }

    @Override
    public UpdatePage export(TableId table, TokenRange range, PartitionKey resumeAfter, int maxPartitions) {
        return storage.export(table, range, resumeAfter, maxPartitions);
    }

    @Override
    public PartitionUpdate exportPartition(TableId table, PartitionKey key) {
        return storage.exportPartition(table, key);
    }

    @Override
    public PartitionUpdate exportPartition(TableId table, PartitionKey key, List<Slice> slices) {
        return storage.exportPartition(table, key, slices);
    }

    @Override
    public void flush() {
        storage.flush();
    }

    @Override
    public void flush(TableId table) {
        storage.flush(table);
    }

    @Override
    public void compact(TableId table) {
        storage.compact(table);
    }

    @Override
    public TableStats stats(TableId table) {
        return storage.stats(table);
    }

    @Override
    public java.util.Map<String, Long> engineStats() {
        return storage.engineStats();
    }

    @Override
    public void snapshot(String tag) {
        storage.snapshot(tag);
    }

    @Override
    public Set<String> snapshots() {
        return storage.snapshots();
    }

    @Override
    public boolean clearSnapshot(String tag) {
        return storage.clearSnapshot(tag);
    }

    @Override
    public long restore(TableId table, String tag) {
        return storage.restore(table, tag);
    }

    @Override
    public SizeEstimate estimateSize(TableId table, TokenRange range) {
        return storage.estimateSize(table, range);
    }

    @Override
    public PurgeResult purge(TableId table) {
        return storage.purge(table);
    }

    @Override
    public void markRepaired(TableId table, TokenRange range, long repairedAtSeconds) {
        storage.markRepaired(table, range, repairedAtSeconds);
    }

    @Override
    public RepairedRanges repaired(TableId table) {
        return storage.repaired(table);
    }

    @Override
    public long unrepairedHighWater() {
        return storage.unrepairedHighWater();
    }

    @Override
    public UnrepairedPage unrepaired(TableId table, TokenRange range, PartitionKey resumeAfter, int max) {
        return storage.unrepaired(table, range, resumeAfter, max);
    }

    @Override
    public long clearUnrepaired(TableId table, TokenRange range, long upTo) {
        return storage.clearUnrepaired(table, range, upTo);
    }

    @Override
    public void sync() {
        storage.sync();
    }

    @Override
    public void close() {
        storage.close();
    }
}
