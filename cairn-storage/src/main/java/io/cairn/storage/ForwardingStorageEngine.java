package io.cairn.storage;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A storage engine that passes every call to another: the base of engines that add something to
 * some calls (measuring them, keeping secondary indexes) and leave the rest as they are.
 */
public abstract class ForwardingStorageEngine implements StorageEngine {

    protected final StorageEngine storage;

    protected ForwardingStorageEngine(StorageEngine storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
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
        return storage.dropTable(table);
    }

    @Override
    public void truncate(TableId table) {
        storage.truncate(table);
    }

    @Override
    public boolean dropRange(TableId table, TokenRange range, BooleanSupplier proceed) {
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
    public void apply(TableId table, PartitionUpdate update) {
        storage.apply(table, update);
    }

    @Override
    public void apply(TableId table, List<PartitionUpdate> updates) {
        storage.apply(table, updates);
    }

    @Override
    public void apply(List<TableWrite> writes) {
        storage.apply(writes);
    }

    @Override
    public void applySynced(List<TableWrite> writes, boolean listUnrepaired) {
        storage.applySynced(writes, listUnrepaired);
    }

    @Override
    public PartitionData read(TableId table, PartitionKey key, ReadFilter filter) {
        return storage.read(table, key, filter);
    }

    @Override
    public ScanPage scan(TableId table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter) {
        return storage.scan(table, range, resumeAfter, filter);
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
    public Map<String, Long> engineStats() {
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
