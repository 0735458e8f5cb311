package io.cairn.storage.engine;

import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.storage.Clustering;
import io.cairn.storage.CorruptDataException;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.PurgeResult;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.RepairedRanges;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.SizeEstimate;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TableStats;
import io.cairn.storage.TableWrite;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UnknownTableException;
import io.cairn.storage.UnrepairedPage;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.kv.FamilyStats;
import io.cairn.storage.kv.KvCursor;
import io.cairn.storage.kv.KvEntry;
import io.cairn.storage.kv.KvStore;
import io.cairn.storage.kv.ReadScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The storage engine over any {@link KvStore}: Cassandra's data model on an ordered store
 * whose writes keep the byte-wise maximum. The RocksDB engine and the in-memory engine are
 * this class over two stores, so they share every rule by construction.
 */
public final class KvStorageEngine implements StorageEngine {

    private static final Logger log = LoggerFactory.getLogger(KvStorageEngine.class);
    private static final String TABLE_METADATA_PREFIX = "table/";
    private static final String GC_GRACE_OPTION = "gc_grace_seconds=";
    private static final String DROPPED_OPTION = "dropped=";
    private static final String PURGE_AFTER_REPAIR_OPTION = "purge_after_repair";
    private static final String TRACKS_UNREPAIRED_OPTION = "tracks_unrepaired";
    private static final String REPAIRED_METADATA_PREFIX = "repaired/";

    private final KvStore store;
    private final Clock clock;
    private final UpdateEncoder encoder;
    private final Purger purger;
    /** Set by {@link #close}: a purge sweep under way stops at its next chunk. */
    private volatile boolean closed;
    private final StorageLimits limits;
    private final ConcurrentHashMap<TableId, TableOptions> tables = new ConcurrentHashMap<>();
    /** Each table's repaired ranges, as stored (absent: none). */
    private final ConcurrentHashMap<TableId, RepairedRanges> repaired = new ConcurrentHashMap<>();
    private final Scheduler.Cancellable purgeTask;
    private final UnrepairedIndex unrepaired;

    /**
     * @param store         where the bytes live; the engine owns it and closes it
     * @param clock         "now" for the purge sweep's gc grace
     * @param scheduler     runs the periodic purge sweep
     * @param limits        size limits checked on every update
     * @param purgeInterval time between purge sweeps of every table; zero disables them
     */
    public KvStorageEngine(KvStore store, Clock clock, Scheduler scheduler, StorageLimits limits,
                           Duration purgeInterval) {
        this.store = store;
        this.clock = clock;
        this.limits = limits;
        this.encoder = new UpdateEncoder(limits);
        this.purger = new Purger(store, encoder);
        this.unrepaired = new UnrepairedIndex(store);
        loadTables();
        this.purgeTask = purgeInterval.isZero()
                ? () -> { }
                : scheduler.scheduleWithFixedDelay(purgeInterval, purgeInterval, this::purgeAllTables);
    }

    private void loadTables() {
        for (String columnFamily : store.columnFamilies()) {
            if (UnrepairedIndex.isIndex(columnFamily)) {
                continue;
            }
            TableId table = TableId.parse(columnFamily);
            byte[] options = store.metadata(TABLE_METADATA_PREFIX + columnFamily);
            tables.put(table, options == null ? TableOptions.DEFAULTS : decodeOptions(table, options));
            byte[] ranges = store.metadata(REPAIRED_METADATA_PREFIX + columnFamily);
            if (ranges != null) {
                try {
                    repaired.put(table, RepairedRanges.deserialize(ranges));
                } catch (IllegalArgumentException e) {
                    throw new CorruptDataException("Table " + table + " has unreadable repaired ranges: "
                            + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void markRepaired(TableId table, TokenRange range, long repairedAtSeconds) {
        synchronized (tables) {
            requireTable(table);
            RepairedRanges next = repaired(table).with(range, repairedAtSeconds);
            store.putMetadata(REPAIRED_METADATA_PREFIX + table, next.serialize());
            repaired.put(table, next);
        }
    }

    @Override
    public RepairedRanges repaired(TableId table) {
        requireTable(table);
        return repaired.getOrDefault(table, RepairedRanges.NONE);
    }

    @Override
    public boolean createTable(TableId table, TableOptions options) {
        synchronized (tables) {
            if (tables.containsKey(table)) {
                return false;
            }
            store.putMetadata(TABLE_METADATA_PREFIX + table, encodeOptions(options));
            store.createColumnFamily(table.toString());
            tables.put(table, options);
            return true;
        }
    }

    @Override
    public void alterTable(TableId table, TableOptions options) {
        synchronized (tables) {
            TableOptions before = requireTable(table);
            if (options.tracksUnrepaired() && !before.tracksUnrepaired()) {
                // What the table holds is listed nowhere: its next repair compares all of it.
                store.deleteMetadata(REPAIRED_METADATA_PREFIX + table);
                repaired.remove(table);
            }
            store.putMetadata(TABLE_METADATA_PREFIX + table, encodeOptions(options));
            tables.put(table, options);
        }
    }

    @Override
    public boolean dropTable(TableId table) {
        synchronized (tables) {
            if (tables.remove(table) == null) {
                return false;
            }
            store.dropColumnFamily(table.toString());
            store.deleteMetadata(TABLE_METADATA_PREFIX + table);
            store.deleteMetadata(REPAIRED_METADATA_PREFIX + table);
            repaired.remove(table);
            unrepaired.drop(table);
            tombstoneTallies.remove(table);
            return true;
        }
    }

    @Override
    public void truncate(TableId table) {
        requireTable(table);
        store.clearColumnFamily(table.toString());
    }

    @Override
    public boolean dropRange(TableId table, TokenRange range, java.util.function.BooleanSupplier proceed) {
        requireTable(table);
        byte[] start = KeyLayout.tokenKey(range.start());
        if (!range.startInclusive()) {
            start = KeyLayout.successor(start, start.length);
            if (start == null) {
                return true;
            }
        }
        byte[] end = KeyLayout.tokenKey(range.end());
        if (range.endInclusive()) {
            end = KeyLayout.successor(end, end.length);
        }
        return store.deleteRange(table.toString(), start, end, proceed);
    }

    @Override
    public Set<TableId> tables() {
        return Set.copyOf(new TreeSet<>(tables.keySet()));
    }

    @Override
    public TableOptions options(TableId table) {
        return requireTable(table);
    }

    @Override
    public void apply(TableId table, PartitionUpdate update) {
        apply(table, List.of(update));
    }

    @Override
    public void apply(TableId table, List<PartitionUpdate> updates) {
        TableOptions options = requireTable(table);
        List<KvEntry> entries = new ArrayList<>();
        List<PartitionKey> written = new ArrayList<>();
        for (PartitionUpdate update : updates) {
            List<KvEntry> encoded = encoder.encode(table, update);
            entries.addAll(encoded);
            if (!encoded.isEmpty()) {
                written.add(update.key());
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        if (options.tracksUnrepaired()) {
            unrepaired.write(Map.of(table.toString(), entries), Map.of(table, written), false);
        } else {
            store.merge(table.toString(), entries, false);
        }
    }

    @Override
    public void apply(List<TableWrite> writes) {
        applyAcross(writes, true, false);
    }

    @Override
    public void applySynced(List<TableWrite> writes, boolean listUnrepaired) {
        applyAcross(writes, listUnrepaired, true);
    }

    private void applyAcross(List<TableWrite> writes, boolean listUnrepaired, boolean synced) {
        Map<String, List<KvEntry>> entries = new LinkedHashMap<>();
        Map<TableId, List<PartitionKey>> tracked = new LinkedHashMap<>();
        for (TableWrite write : writes) {
            TableOptions options = requireTable(write.table());
            List<KvEntry> encoded = encoder.encode(write.table(), write.update());
            if (!encoded.isEmpty()) {
                entries.computeIfAbsent(write.table().toString(), family -> new ArrayList<>()).addAll(encoded);
                if (listUnrepaired && options.tracksUnrepaired()) {
                    tracked.computeIfAbsent(write.table(), table -> new ArrayList<>()).add(write.update().key());
                }
            }
        }
        if (entries.isEmpty()) {
            return;
        }
        if (tracked.isEmpty()) {
            store.mergeAcross(entries, synced);
        } else {
            unrepaired.write(entries, tracked, synced);
        }
    }

    @Override
    public void sync() {
        store.sync();
    }

    @Override
    public long unrepairedHighWater() {
        return unrepaired.highWater();
    }

    @Override
    public UnrepairedPage unrepaired(TableId table, TokenRange range, PartitionKey resumeAfter, int max) {
        TableOptions options = requireTable(table);
        if (!options.tracksUnrepaired()) {
            return new UnrepairedPage(List.of(), null);
        }
        return decoding(table, () -> unrepaired.list(table, range, resumeAfter, max));
    }

    @Override
    public long clearUnrepaired(TableId table, TokenRange range, long upTo) {
        requireTable(table);
        return decoding(table, () -> unrepaired.clear(table, range, upTo));
    }

    @Override
    public PartitionData read(TableId table, PartitionKey key, ReadFilter filter) {
        requireTable(table);
        byte[] prefix = KeyLayout.partitionPrefix(key);
        TombstoneCounter tombstones = tombstoneCounter(table);
        try {
            return decoding(table, () -> store.read(table.toString(), ReadScope.ONE_TOKEN,
                    cursor -> PartitionQuery.run(cursor, key, prefix, filter, filter.rowLimit(), null,
                            tombstones).data()));
        } finally {
            tally(table, tombstones);
        }
    }

    /** The tombstones each table's reads met since this engine opened (tables whose reads met none are absent). */
    private final java.util.concurrent.ConcurrentHashMap<TableId, TombstoneTally> tombstoneTallies =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** One table's tombstones met by reads: in all, the reads that met any, the most one read met. */
    private static final class TombstoneTally {
        final java.util.concurrent.atomic.LongAdder seen = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder reads = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAccumulator most =
                new java.util.concurrent.atomic.LongAccumulator(Math::max, 0);
    }

    /** Adds what one read met to its table's tally (nothing to do for a read that met no tombstone). */
    private void tally(TableId table, TombstoneCounter tombstones) {
        int seen = tombstones.seen();
        if (seen == 0) {
            return;
        }
        TombstoneTally tally = tombstoneTallies.computeIfAbsent(table, id -> new TombstoneTally());
        tally.seen.add(seen);
        tally.reads.increment();
        tally.most.accumulate(seen);
    }

    @Override
    public ScanPage scan(TableId table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter) {
        requireTable(table);
        if (filter.reversed()) {
            throw new IllegalArgumentException("Token range scans read in token order only; reverse within a partition");
        }
        TombstoneCounter tombstones = tombstoneCounter(table);
        try {
            return decoding(table, () -> store.read(table.toString(), ReadScope.ANY,
                    cursor -> scan(cursor, range, resumeAfter, filter, tombstones)));
        } finally {
            tally(table, tombstones);
        }
    }

    private TombstoneCounter tombstoneCounter(TableId table) {
        return new TombstoneCounter(table, limits.maxTombstonesPerRead());
    }

    private ScanPage scan(KvCursor cursor, TokenRange range, ScanPosition resumeAfter, ReadFilter filter,
                          TombstoneCounter tombstones) {
        List<PartitionData> partitions = new ArrayList<>();
        int budget = filter.rowLimit();
        if (resumeAfter != null) {
            PartitionKey resumed = resumeAfter.partition();
            byte[] prefix = KeyLayout.partitionPrefix(resumed);
            if (resumeAfter.lastRow() != null && range.contains(resumed.token())) {
                PartitionQuery.Result result = PartitionQuery.run(cursor, resumed, prefix, filter, budget,
                        resumeAfter.lastRow(), tombstones);
                if (!result.data().isEmpty()) {
                    partitions.add(result.data());
                }
                budget -= result.counted();
                if (result.budgetExhausted()) {
                    return new ScanPage(partitions, new ScanPosition(resumed, result.lastRow()));
                }
            }
            if (!seekPast(cursor, prefix)) {
                return new ScanPage(partitions, null);
            }
        } else {
            byte[] start = KeyLayout.tokenKey(range.start());
            if (!range.startInclusive()) {
                start = KeyLayout.successor(start, start.length);
                if (start == null) {
                    return new ScanPage(partitions, null);
                }
            }
            cursor.seek(start);
        }
        byte[] end = KeyLayout.tokenKey(range.end());
        if (range.endInclusive()) {
            end = KeyLayout.successor(end, end.length);
        }
        while (cursor.isValid()) {
            byte[] key = cursor.key();
            if (end != null && Arrays.compareUnsigned(key, end) >= 0) {
                break;
            }
            KeyLayout.PartitionPrefix at = KeyLayout.partitionOf(key);
            PartitionKey partition = at.partition();
            byte[] prefix = at.prefix();
            PartitionQuery.Result result = PartitionQuery.run(cursor, partition, prefix, filter, budget, null,
                    tombstones);
            if (!result.data().isEmpty()) {
                partitions.add(result.data());
            }
            budget -= result.counted();
            if (result.budgetExhausted()) {
                Clustering last = result.data().rows().isEmpty() ? null : result.lastRow();
                return new ScanPage(partitions, new ScanPosition(partition, last));
            }
            if (!seekPast(cursor, prefix)) {
                break;
            }
        }
        return new ScanPage(partitions, null);
    }

    /** Moves the cursor to the first key after the partition; false when there is none. */
    private static boolean seekPast(KvCursor cursor, byte[] prefix) {
        byte[] next = KeyLayout.successor(prefix, prefix.length);
        if (next == null) {
            return false;
        }
        cursor.seek(next);
        return true;
    }

    @Override
    public UpdatePage export(TableId table, TokenRange range, PartitionKey resumeAfter, int maxPartitions) {
        requireTable(table);
        if (maxPartitions <= 0) {
            throw new IllegalArgumentException("maxPartitions must be positive, got " + maxPartitions);
        }
        return decoding(table, () -> store.read(table.toString(), ReadScope.ANY, cursor -> {
            List<PartitionUpdate> updates = new ArrayList<>();
            if (resumeAfter != null) {
                if (!seekPast(cursor, KeyLayout.partitionPrefix(resumeAfter))) {
                    return new UpdatePage(updates, null);
                }
            } else {
                byte[] start = KeyLayout.tokenKey(range.start());
                start = range.startInclusive() ? start : KeyLayout.successor(start, start.length);
                if (start == null) {
                    return new UpdatePage(updates, null);
                }
                cursor.seek(start);
            }
            while (cursor.isValid()) {
                KeyLayout.PartitionPrefix at = KeyLayout.partitionOf(cursor.key());
                PartitionKey partition = at.partition();
                if (!range.contains(partition.token())) {
                    break;
                }
                updates.add(new PartitionWalker(cursor, at.prefix()).export(partition, null));
                if (updates.size() >= maxPartitions) {
                    return new UpdatePage(updates, partition);
                }
            }
            return new UpdatePage(updates, null);
        }));
    }

    @Override
    public PartitionUpdate exportPartition(TableId table, PartitionKey key, List<Slice> slices) {
        requireTable(table);
        byte[] prefix = KeyLayout.partitionPrefix(key);
        List<Slice> selected = List.copyOf(slices);
        return decoding(table, () -> store.read(table.toString(), ReadScope.ONE_TOKEN,
                cursor -> new PartitionWalker(cursor, prefix).export(key, selected)));
    }

    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public void flush(TableId table) {
        requireTable(table);
        store.flush(table.toString());
    }

    @Override
    public void compact(TableId table) {
        purge(table);
        store.compact(table.toString());
    }

    @Override
    public java.util.Map<String, Long> engineStats() {
        return store.engineStats();
    }

    @Override
    public TableStats stats(TableId table) {
        requireTable(table);
        FamilyStats family = store.familyStats(table.toString());
        long partitions = estimateSize(table, TokenRange.FULL).partitions();
        TombstoneTally tally = tombstoneTallies.get(table);
        return new TableStats(partitions, family.liveDataBytes(), family.memtableBytes(), family.levels().stream()
                .map(level -> new TableStats.Level(level.level(), level.files(), level.bytes())).toList(),
                tally == null ? 0 : tally.seen.sum(), tally == null ? 0 : tally.reads.sum(),
                tally == null ? 0 : tally.most.get());
    }

    @Override
    public void snapshot(String tag) {
        store.snapshot(requireTag(tag));
    }

    @Override
    public boolean clearSnapshot(String tag) {
        return store.clearSnapshot(requireTag(tag));
    }

    /** Entries written back per batch by {@link #restore}: bounds what a restore holds in memory. */
    static final int RESTORE_BATCH_ENTRIES = 4_096;

    /**
     * Copies the table's entries from the snapshot in batches, each merged as a write is (so a
     * newer value written since wins over the snapshot's); partitions of a table that lists
     * what repair has not compared are listed as such.
     */
    @Override
    public long restore(TableId table, String tag) {
        TableOptions options = requireTable(table);
        String family = table.toString();
        Long restored = store.readSnapshot(requireTag(tag), family, cursor -> {
            long partitions = 0;
            List<KvEntry> batch = new ArrayList<>();
            java.util.Set<PartitionKey> keys = new java.util.LinkedHashSet<>();
            PartitionKey last = null;
            for (cursor.seek(new byte[0]); cursor.isValid(); cursor.next()) {
                PartitionKey partition = KeyLayout.partitionOf(cursor.key()).partition();
                if (!partition.equals(last)) {
                    partitions++;
                    last = partition;
                }
                keys.add(partition);
                batch.add(new KvEntry(cursor.key(), cursor.value()));
                if (batch.size() == RESTORE_BATCH_ENTRIES) {
                    writeRestored(table, options, batch, keys);
                    batch = new ArrayList<>();
                    keys = new java.util.LinkedHashSet<>();
                }
            }
            if (!batch.isEmpty()) {
                writeRestored(table, options, batch, keys);
            }
            return partitions;
        });
        return restored == null ? 0 : restored;
    }

    private void writeRestored(TableId table, TableOptions options, List<KvEntry> entries,
                               java.util.Set<PartitionKey> partitions) {
        if (options.tracksUnrepaired()) {
            unrepaired.write(Map.of(table.toString(), entries), Map.of(table, partitions), false);
        } else {
            store.merge(table.toString(), entries, false);
        }
    }

    private static String requireTag(String tag) {
        if (tag == null || !tag.matches("[A-Za-z0-9_.-]{1,100}") || tag.equals(".") || tag.equals("..")) {
            throw new IllegalArgumentException("Snapshot tags are 1 to 100 letters, digits, '_', '.' or '-', got " + tag);
        }
        return tag;
    }

    @Override
    public Set<String> snapshots() {
        return store.snapshots();
    }

    @Override
    public SizeEstimate estimateSize(TableId table, TokenRange range) {
        requireTable(table);
        return SizeEstimator.estimate(store, table.toString(), range);
    }

    @Override
    public PurgeResult purge(TableId table) {
        TableOptions options = requireTable(table);
        int gcGrace = options.gcGraceSeconds();
        long gcBefore = clock.currentTimeSeconds() - gcGrace;
        java.util.function.LongUnaryOperator purgeBefore;
        if (options.purgeAfterRepair()) {
            // Deleted more than gc grace before the last repair of the token started, too.
            RepairedRanges ranges = repaired(table);
            purgeBefore = token -> {
                long repairedAt = ranges.repairedAt(token);
                return repairedAt == RepairedRanges.NEVER ? Long.MIN_VALUE : Math.min(gcBefore, repairedAt - gcGrace);
            };
        } else {
            purgeBefore = token -> gcBefore;
        }
        return decoding(table, () -> purger.purge(table, table.toString(), clock.currentTimeSeconds(),
                purgeBefore, options.droppedColumns(), () -> closed));
    }

    private void purgeAllTables() {
        for (TableId table : tables()) {
            if (closed) {
                return;
            }
            try {
                PurgeResult result = purge(table);
                if (result.purgedTombstones() + result.purgedShadowed() > 0) {
                    log.debug("Purged {} from {}", result, table);
                }
            } catch (UnknownTableException dropped) {
                // Dropped while the sweep ran: nothing left to purge.
            } catch (StorageException e) {
                log.error("Purge sweep of {} failed; it will be retried", table, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        purgeTask.cancel();
        store.close();
    }

    private TableOptions requireTable(TableId table) {
        TableOptions options = tables.get(table);
        if (options == null) {
            throw new UnknownTableException(table);
        }
        return options;
    }

    private static <T> T decoding(TableId table, Supplier<T> read) {
        try {
            return read.get();
        } catch (MalformedEntryException e) {
            throw new CorruptDataException("Table " + table + " holds corrupt data: " + e.getMessage(), e);
        }
    }

    /** {@code gc_grace_seconds=N}, then a line {@code dropped=<name in hex>:<micros>} per dropped column. */
    private static byte[] encodeOptions(TableOptions options) {
        StringBuilder text = new StringBuilder(GC_GRACE_OPTION).append(options.gcGraceSeconds());
        for (Map.Entry<String, Long> dropped : new java.util.TreeMap<>(options.droppedColumns()).entrySet()) {
            text.append('\n').append(DROPPED_OPTION)
                    .append(java.util.HexFormat.of().formatHex(dropped.getKey().getBytes(StandardCharsets.UTF_8)))
                    .append(':').append(dropped.getValue());
        }
        if (options.purgeAfterRepair()) {
            text.append('\n').append(PURGE_AFTER_REPAIR_OPTION);
        }
        if (options.tracksUnrepaired()) {
            text.append('\n').append(TRACKS_UNREPAIRED_OPTION);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static TableOptions decodeOptions(TableId table, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            String[] lines = text.split("\n");
            if (lines[0].startsWith(GC_GRACE_OPTION)) {
                Map<String, Long> dropped = new java.util.HashMap<>();
                boolean afterRepair = false;
                boolean tracks = false;
                for (int i = 1; i < lines.length; i++) {
                    if (lines[i].equals(PURGE_AFTER_REPAIR_OPTION)) {
                        afterRepair = true;
                        continue;
                    }
                    if (lines[i].equals(TRACKS_UNREPAIRED_OPTION)) {
                        tracks = true;
                        continue;
                    }
                    if (!lines[i].startsWith(DROPPED_OPTION)) {
                        throw new IllegalArgumentException(lines[i]);
                    }
                    String[] parts = lines[i].substring(DROPPED_OPTION.length()).split(":", 2);
                    dropped.put(new String(java.util.HexFormat.of().parseHex(parts[0]), StandardCharsets.UTF_8),
                            Long.parseLong(parts[1]));
                }
                return new TableOptions(Integer.parseInt(lines[0].substring(GC_GRACE_OPTION.length())), dropped,
                        afterRepair, tracks);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new CorruptDataException("Table " + table + " has unreadable stored options: " + text);
    }
}
