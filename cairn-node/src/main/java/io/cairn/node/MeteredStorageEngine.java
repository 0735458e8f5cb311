package io.cairn.node;

import io.cairn.common.time.Clock;
import io.cairn.node.coordinator.TableTimers;
import io.cairn.storage.ForwardingStorageEngine;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableWrite;
import io.cairn.storage.TokenRange;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The node's storage, measured: each table's local partition reads, range reads and writes, as
 * Cassandra's table metrics {@code ReadLatency}, {@code RangeLatency} and {@code WriteLatency}
 * count them, into {@code cairn_table_local_read_seconds}, {@code _scan_seconds} and
 * {@code _write_seconds} tagged with the keyspace and table. A user table's timers also keep their recent median and 99th
 * percentile (what {@code system_views.local_read_latency} and its peers show); a system table's
 * count and time only. Everything else passes through unchanged.
 */
public final class MeteredStorageEngine extends ForwardingStorageEngine {

    /** The timers' names, as {@code tablestats} and {@code system_views} read them. */
    public static final String READS = "cairn.table.local.read";
    public static final String SCANS = "cairn.table.local.scan";
    public static final String WRITES = "cairn.table.local.write";

    private final Clock clock;
    private final TableTimers reads;
    private final TableTimers scans;
    private final TableTimers writes;

    public MeteredStorageEngine(StorageEngine storage, MeterRegistry registry, Clock clock) {
        super(storage);
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
    public void apply(List<TableWrite> writes) {
        long start = clock.nanoTime();
        storage.apply(writes);
        recordEach(writes, clock.nanoTime() - start);
    }

    @Override
    public void applySynced(List<TableWrite> writes, boolean listUnrepaired) {
        long start = clock.nanoTime();
        storage.applySynced(writes, listUnrepaired);
        recordEach(writes, clock.nanoTime() - start);
    }

    /** One write across tables (a Paxos commit: the data and its Paxos state) counts once for each. */
    private void recordEach(List<TableWrite> writes, long elapsedNanos) {
        TableId previous = null;
        for (TableWrite write : writes) {
            if (!write.table().equals(previous)) {
                this.writes.of(write.table()).record(elapsedNanos, TimeUnit.NANOSECONDS);
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
    public boolean dropTable(TableId table) {
        boolean dropped = storage.dropTable(table);
        forget(table);
        return dropped;
    }
}
