package io.cairn.storage.rocksdb;

import io.cairn.common.time.Scheduler;
import io.cairn.storage.CommitLogSync;
import io.cairn.storage.CorruptDataException;
import io.cairn.storage.StorageException;
import io.cairn.storage.kv.KvCursor;
import io.cairn.storage.kv.FamilyStats;
import io.cairn.storage.kv.KvEntry;
import io.cairn.storage.kv.KvStore;
import io.cairn.storage.kv.ReadScope;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LevelMetaData;
import org.rocksdb.LRUCache;
import org.rocksdb.OptimisticTransactionDB;
import org.rocksdb.Options;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.Transaction;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The production {@link KvStore}: one RocksDB column family per table, merged with RocksDB's
 * built-in {@code max} operator; RocksDB's write-ahead log is the commit log. The database is
 * opened as an optimistic-transaction database only so that the purge sweep can delete
 * conditionally; ordinary writes and reads use the plain database paths.
 */
public final class RocksDbKvStore implements KvStore {

    static {
        RocksDB.loadLibrary();
    }

    private static final Logger log = LoggerFactory.getLogger(RocksDbKvStore.class);
    private static final String SNAPSHOTS = "snapshots";
    private static final byte[] DEFAULT_FAMILY = RocksDB.DEFAULT_COLUMN_FAMILY;
    private static final int TOKEN_PREFIX_BYTES = 8;
    /** Above every key the engine writes: tokens are 8 bytes, followed by more. */
    private static final byte[] PAST_LAST_KEY = filled(32, (byte) 0xFF);

    private final RocksDbConfig config;
    private final Path databaseDirectory;
    private final LRUCache blockCache;
    /** RocksDB's statistics when the configuration asks for them, else null. */
    private final org.rocksdb.Statistics statistics;
    private final BloomFilter bloomFilter;
    private final ColumnFamilyOptions familyOptions;
    private final DBOptions dbOptions;

    /** The write-ahead log files kept at most, in memtables' worth: a few tables' flushes. */
    static final int WAL_MEMTABLES = 4;

    /** How many bytes of write-ahead log files are kept before the tables holding the oldest are flushed. */
    static long maxTotalWalBytes(RocksDbConfig config) {
        return WAL_MEMTABLES * config.writeBufferBytes();
    }
    private final OptimisticTransactionDB db;
    private final ColumnFamilyHandle defaultFamily;
    private final WriteOptions writeOptions;
    private final WriteOptions metadataWriteOptions;
    /** Writes that must be on disk before they return, whatever the commit log's sync mode. */
    private final WriteOptions syncedWriteOptions;
    private final ReadOptions readOptions;
    private final ReadOptions tokenReadOptions;
    private final ConcurrentHashMap<String, Family> families = new ConcurrentHashMap<>();
    private final Scheduler.Cancellable walSync;

    /** A table's handle, and the lock that keeps it valid while operations use it. */
    private static final class Family {
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        volatile ColumnFamilyHandle handle;

        Family(ColumnFamilyHandle handle) {
            this.handle = handle;
        }
    }

    /**
     * Opens (or creates) the store in {@code config.dataDirectory()}.
     *
     * @param scheduler runs the periodic commit log sync
     * @throws StorageException if the directory was written by a newer storage format, or
     *                          RocksDB cannot open it
     */
    /** Merge operands of one key kept in a memtable before a write merges them (RocksDB's max_successive_merges). */
    static final int MAX_SUCCESSIVE_MERGES = 8;

    public RocksDbKvStore(RocksDbConfig config, Scheduler scheduler) {
        this.config = config;
        DataDirectory.prepare(config.dataDirectory());
        this.databaseDirectory = config.dataDirectory().resolve("db");
        this.blockCache = new LRUCache(config.blockCacheBytes());
        this.statistics = config.statistics() ? new org.rocksdb.Statistics() : null;
        this.bloomFilter = new BloomFilter(10);
        // Every key starts with its 8-byte token: a prefix filter on it lets a partition read
        // skip the files and memtable regions that hold no key of that token.
        // A hot cell updated many times would pile merge operands up in the memtable, each read
        // of it merging them all: past a few, RocksDB merges at write time instead.
        this.familyOptions = new ColumnFamilyOptions()
                .setMergeOperatorName("max")
                .setMaxSuccessiveMerges(MAX_SUCCESSIVE_MERGES)
                .useFixedLengthPrefixExtractor(TOKEN_PREFIX_BYTES)
                .setMemtablePrefixBloomSizeRatio(0.1)
                .setWriteBufferSize(config.writeBufferBytes())
                .setTableFormatConfig(new BlockBasedTableConfig()
                        .setBlockCache(blockCache)
                        .setFilterPolicy(bloomFilter));
        // One write-ahead log serves every table; a file is deleted once every table with data in
        // it has flushed. A table written rarely (most system tables) would keep every later file:
        // past this total, RocksDB flushes the tables that hold the oldest file.
        this.dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setMaxTotalWalSize(maxTotalWalBytes(config));
        if (statistics != null) {
            dbOptions.setStatistics(statistics);
        }
        this.writeOptions = new WriteOptions().setSync(config.commitLogSync() == CommitLogSync.BATCH);
        this.metadataWriteOptions = new WriteOptions().setSync(true);
        this.syncedWriteOptions = new WriteOptions().setSync(true);
        this.readOptions = new ReadOptions().setTotalOrderSeek(true);
        this.tokenReadOptions = new ReadOptions().setPrefixSameAsStart(true);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            Files.createDirectories(databaseDirectory);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] name : existingFamilies()) {
                descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
            }
            this.db = OptimisticTransactionDB.open(dbOptions, databaseDirectory.toString(), descriptors, handles);
        } catch (RocksDBException | IOException e) {
            closeOptions();
            throw new StorageException("Cannot open the storage in " + config.dataDirectory() + ": " + e.getMessage(), e);
        }
        ColumnFamilyHandle defaultHandle = null;
        for (ColumnFamilyHandle handle : handles) {
            String name = nameOf(handle);
            if (Arrays.equals(name.getBytes(StandardCharsets.UTF_8), DEFAULT_FAMILY)) {
                defaultHandle = handle;
            } else {
                families.put(name, new Family(handle));
            }
        }
        this.defaultFamily = defaultHandle;
        this.walSync = config.commitLogSync() == CommitLogSync.PERIODIC
                ? scheduler.scheduleWithFixedDelay(config.syncPeriod(), config.syncPeriod(), this::syncCommitLog)
                : () -> { };
    }

    private List<byte[]> existingFamilies() throws RocksDBException {
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, databaseDirectory.toString());
        }
        if (names.isEmpty()) {
            return List.of(DEFAULT_FAMILY);
        }
        return names;
    }

    private void syncCommitLog() {
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            log.error("Periodic commit log sync failed", e);
        }
    }

    @Override
    public Set<String> columnFamilies() {
        return Set.copyOf(families.keySet());
    }

    @Override
    public void createColumnFamily(String name) {
        families.computeIfAbsent(name, n -> new Family(createHandle(n)));
    }

    private ColumnFamilyHandle createHandle(String name) {
        try {
            return db.createColumnFamily(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
        } catch (RocksDBException e) {
            throw failure(name, "create", e);
        }
    }

    @Override
    public void dropColumnFamily(String name) {
        Family family = families.remove(name);
        if (family == null) {
            return;
        }
        family.lock.writeLock().lock();
        try {
            db.dropColumnFamily(family.handle);
            family.handle.close();
        } catch (RocksDBException e) {
            throw failure(name, "drop", e);
        } finally {
            family.lock.writeLock().unlock();
        }
    }

    @Override
    public void clearColumnFamily(String name) {
        Family family = family(name);
        family.lock.writeLock().lock();
        try {
            db.dropColumnFamily(family.handle);
            family.handle.close();
            family.handle = createHandle(name);
        } catch (RocksDBException e) {
            throw failure(name, "truncate", e);
        } finally {
            family.lock.writeLock().unlock();
        }
    }

    @Override
    public void mergeAcross(java.util.Map<String, List<KvEntry>> entriesByFamily, boolean synced) {
        // Read locks in name order, so that two such writes never wait on each other crosswise.
        java.util.TreeMap<String, Family> locked = new java.util.TreeMap<>();
        for (String name : entriesByFamily.keySet()) {
            locked.put(name, family(name));
        }
        List<Family> held = new java.util.ArrayList<>();
        try {
            for (Family family : locked.values()) {
                family.lock.readLock().lock();
                held.add(family);
            }
            try (WriteBatch batch = new WriteBatch()) {
                for (var write : entriesByFamily.entrySet()) {
                    ColumnFamilyHandle handle = open(locked.get(write.getKey()));
                    for (KvEntry entry : write.getValue()) {
                        batch.merge(handle, entry.key(), entry.value());
                    }
                }
                db.write(synced ? syncedWriteOptions : writeOptions, batch);
            }
        } catch (RocksDBException e) {
            throw failure(String.join(", ", entriesByFamily.keySet()), "write to", e);
        } finally {
            for (Family family : held) {
                family.lock.readLock().unlock();
            }
        }
    }

    @Override
    public void merge(String columnFamily, List<KvEntry> entries, boolean synced) {
        Family family = family(columnFamily);
        WriteOptions writeOptions = synced ? syncedWriteOptions : this.writeOptions;
        family.lock.readLock().lock();
        try {
            if (entries.size() == 1) {
                KvEntry entry = entries.get(0);
                db.merge(open(family), writeOptions, entry.key(), entry.value());
                return;
            }
            try (WriteBatch batch = new WriteBatch()) {
                for (KvEntry entry : entries) {
                    batch.merge(open(family), entry.key(), entry.value());
                }
                db.write(writeOptions, batch);
            }
        } catch (RocksDBException e) {
            throw failure(columnFamily, "write to", e);
        } finally {
            family.lock.readLock().unlock();
        }
    }

    @Override
    public <T> T read(String columnFamily, ReadScope scope, Function<KvCursor, T> reader) {
        Family family = family(columnFamily);
        family.lock.readLock().lock();
        ReadOptions options = scope == ReadScope.ONE_TOKEN ? tokenReadOptions : readOptions;
        try (RocksIterator iterator = db.newIterator(open(family), options)) {
            return reader.apply(new RocksCursor(iterator, columnFamily));
        } finally {
            family.lock.readLock().unlock();
        }
    }

    /** How many keys one write batch of {@link #deleteRange} deletes. */
    static final int DELETE_RANGE_BATCH = 4_096;

    @Override
    public boolean deleteRange(String columnFamily, byte[] from, byte[] to,
                               java.util.function.BooleanSupplier proceed) {
        Family family = family(columnFamily);
        // Key by key (the transactional store takes no range tombstones), in bounded batches:
        // each batch's keys are found under the read lock, then deleted under the write lock
        // once proceed agrees; then the range is compacted, so that the disk space comes back.
        byte[] next = from;
        byte[] last = null;
        while (true) {
            List<byte[]> keys = new ArrayList<>();
            family.lock.readLock().lock();
            try (RocksIterator iterator = db.newIterator(open(family), readOptions)) {
                iterator.seek(next);
                while (keys.size() < DELETE_RANGE_BATCH && iterator.isValid()
                        && (to == null || java.util.Arrays.compareUnsigned(iterator.key(), to) < 0)) {
                    keys.add(iterator.key());
                    iterator.next();
                }
                iterator.status();
            } catch (RocksDBException e) {
                throw failure(columnFamily, "delete a range of", e);
            } finally {
                family.lock.readLock().unlock();
            }
            if (keys.isEmpty()) {
                break;
            }
            family.lock.writeLock().lock();
            try (WriteBatch batch = new WriteBatch()) {
                if (!proceed.getAsBoolean()) {
                    return false;
                }
                for (byte[] key : keys) {
                    batch.delete(open(family), key);
                }
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw failure(columnFamily, "delete a range of", e);
            } finally {
                family.lock.writeLock().unlock();
            }
            last = keys.get(keys.size() - 1);
            next = java.util.Arrays.copyOf(last, last.length + 1);
        }
        if (last != null) {
            family.lock.readLock().lock();
            try {
                db.compactRange(open(family), from, java.util.Arrays.copyOf(last, last.length + 1));
            } catch (RocksDBException e) {
                throw failure(columnFamily, "compact a range of", e);
            } finally {
                family.lock.readLock().unlock();
            }
        }
        return true;
    }

    @Override
    public int deleteIfUnchanged(String columnFamily, List<KvEntry> expected) {
        Family family = family(columnFamily);
        family.lock.readLock().lock();
        try {
            int deleted = deleteInTransaction(open(family), expected);
            if (deleted >= 0) {
                return deleted;
            }
            // A write raced with the batch: settle each key on its own so the others still go.
            int total = 0;
            for (KvEntry entry : expected) {
                total += Math.max(0, deleteInTransaction(open(family), List.of(entry)));
            }
            return total;
        } catch (RocksDBException e) {
            throw failure(columnFamily, "purge", e);
        } finally {
            family.lock.readLock().unlock();
        }
    }

    /** Deletes the unchanged entries in one optimistic transaction; -1 if a concurrent write conflicted. */
    private int deleteInTransaction(ColumnFamilyHandle handle, List<KvEntry> expected) throws RocksDBException {
        try (Transaction transaction = db.beginTransaction(writeOptions)) {
            int deleted = 0;
            for (KvEntry entry : expected) {
                byte[] current = transaction.getForUpdate(readOptions, handle, entry.key(), true);
                if (Arrays.equals(current, entry.value())) {
                    transaction.delete(handle, entry.key());
                    deleted++;
                }
            }
            try {
                transaction.commit();
            } catch (RocksDBException e) {
                Status.Code code = e.getStatus() == null ? null : e.getStatus().getCode();
                if (code == Status.Code.Busy || code == Status.Code.TryAgain) {
                    transaction.rollback();
                    return -1;
                }
                throw e;
            }
            return deleted;
        }
    }

    @Override
    public void sync() {
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            throw new StorageException("Syncing the commit log in " + config.dataDirectory() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Held (shared) by the operations that use the database or its options outside any table's
     * lock (a flush of every table, a snapshot, reading one), and (exclusively) by {@link #close}:
     * an operator's snapshot under way finishes before the native handles it uses are freed.
     */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /** Runs {@code action} while the store stays open; IllegalStateException once it is closed. */
    private <T> T whileOpen(java.util.function.Supplier<T> action) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("The storage is closed");
            }
            return action.get();
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    @Override
    public void flush() {
        whileOpen(() -> {
            flushAll();
            return null;
        });
    }

    private void flushAll() {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            handles.add(defaultFamily);
            families.values().forEach(family -> handles.add(family.handle));
            db.flush(options, handles);
        } catch (RocksDBException e) {
            throw new StorageException("Flushing the storage in " + config.dataDirectory() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void flush(String columnFamily) {
        Family family = family(columnFamily);
        family.lock.readLock().lock();
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, open(family));
        } catch (RocksDBException e) {
            throw failure(columnFamily, "flush", e);
        } finally {
            family.lock.readLock().unlock();
        }
    }

    @Override
    public void compact(String columnFamily) {
        Family family = family(columnFamily);
        family.lock.readLock().lock();
        try {
            // Not exclusive: the store's own compactions of every table go on meanwhile.
            try (org.rocksdb.CompactRangeOptions options = new org.rocksdb.CompactRangeOptions()
                    .setExclusiveManualCompaction(false)) {
                db.compactRange(open(family), null, null, options);
            }
        } catch (RocksDBException e) {
            throw failure(columnFamily, "compact", e);
        } finally {
            family.lock.readLock().unlock();
        }
    }

    @Override
    public FamilyStats familyStats(String columnFamily) {
        Family family = family(columnFamily);
        family.lock.readLock().lock();
        try {
            ColumnFamilyHandle handle = open(family);
            List<FamilyStats.Level> levels = new ArrayList<>();
            for (LevelMetaData level : db.getColumnFamilyMetaData(handle).levels()) {
                if (!level.files().isEmpty()) {
                    levels.add(new FamilyStats.Level(level.level(), level.files().size(), level.size()));
                }
            }
            return new FamilyStats(db.getLongProperty(handle, "rocksdb.cur-size-all-mem-tables"),
                    db.getLongProperty(handle, "rocksdb.estimate-num-keys"),
                    db.getLongProperty(handle, "rocksdb.estimate-live-data-size"), levels);
        } catch (RocksDBException e) {
            throw failure(columnFamily, "read the statistics of", e);
        } finally {
            family.lock.readLock().unlock();
        }
    }

    /** The levels whose data files {@link #engineStats} counts (RocksDB's default seven). */
    static final int LEVELS = 7;

    @Override
    public Map<String, Long> engineStats() {
        return whileOpen(() -> {
            Map<String, Long> stats = new java.util.LinkedHashMap<>();
            try {
                stats.put("memtable_bytes", db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables"));
                stats.put("pending_compaction_bytes",
                        db.getAggregatedLongProperty("rocksdb.estimate-pending-compaction-bytes"));
                stats.put("running_compactions", db.getLongProperty("rocksdb.num-running-compactions"));
                stats.put("running_flushes", db.getLongProperty("rocksdb.num-running-flushes"));
                stats.put("write_stopped", db.getLongProperty("rocksdb.is-write-stopped"));
                stats.put("delayed_write_rate_bytes", db.getLongProperty("rocksdb.actual-delayed-write-rate"));
                stats.put("live_sst_bytes", db.getAggregatedLongProperty("rocksdb.live-sst-files-size"));
                long[] files = new long[LEVELS];
                for (Family family : families.values()) {
                    family.lock.readLock().lock();
                    try {
                        if (family.handle == null) {
                            continue;
                        }
                        for (LevelMetaData level : db.getColumnFamilyMetaData(family.handle).levels()) {
                            files[Math.min(level.level(), LEVELS - 1)] += level.files().size();
                        }
                    } finally {
                        family.lock.readLock().unlock();
                    }
                }
                for (int level = 0; level < LEVELS; level++) {
                    stats.put("sst_files_level_" + level, files[level]);
                }
            } catch (RocksDBException e) {
                throw new StorageException("Cannot read the storage's statistics: " + e.getMessage(), e);
            }
            stats.put("block_cache_usage_bytes", blockCache.getUsage());
            stats.put("block_cache_capacity_bytes", config.blockCacheBytes());
            if (statistics == null) {
                return stats;
            }
            stats.put("block_cache_hits_total", statistics.getTickerCount(org.rocksdb.TickerType.BLOCK_CACHE_HIT));
            stats.put("block_cache_misses_total", statistics.getTickerCount(org.rocksdb.TickerType.BLOCK_CACHE_MISS));
            stats.put("write_stall_micros_total", statistics.getTickerCount(org.rocksdb.TickerType.STALL_MICROS));
            stats.put("compaction_read_bytes_total",
                    statistics.getTickerCount(org.rocksdb.TickerType.COMPACT_READ_BYTES));
            stats.put("compaction_write_bytes_total",
                    statistics.getTickerCount(org.rocksdb.TickerType.COMPACT_WRITE_BYTES));
            stats.put("flush_write_bytes_total", statistics.getTickerCount(org.rocksdb.TickerType.FLUSH_WRITE_BYTES));
            return stats;
        });
    }

    @Override
    public void snapshot(String tag) {
        whileOpen(() -> {
            checkpoint(tag);
            return null;
        });
    }

    private void checkpoint(String tag) {
        Path target = config.dataDirectory().resolve(SNAPSHOTS).resolve(tag);
        if (Files.exists(target)) {
            throw new StorageException("Snapshot '" + tag + "' already exists");
        }
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
            Files.createDirectories(target.getParent());
            checkpoint.createCheckpoint(target.toString());
            Files.copy(config.dataDirectory().resolve(DataDirectory.FORMAT_FILE), target.resolve(DataDirectory.FORMAT_FILE));
        } catch (RocksDBException | IOException e) {
            throw new StorageException("Snapshot '" + tag + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> snapshots() {
        Path directory = config.dataDirectory().resolve(SNAPSHOTS);
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            Set<String> tags = new TreeSet<>();
            entries.forEach(path -> tags.add(path.getFileName().toString()));
            return Set.copyOf(tags);
        } catch (IOException e) {
            throw new StorageException("Cannot list snapshots: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean clearSnapshot(String tag) {
        Path snapshot = snapshotDirectory(tag);
        if (!Files.isDirectory(snapshot)) {
            return false;
        }
        try (Stream<Path> paths = Files.walk(snapshot)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
            return true;
        } catch (IOException e) {
            throw new StorageException("Clearing snapshot '" + tag + "' failed: " + e.getMessage(), e);
        }
    }

    /** Opens the snapshot read-only (its checkpoint is a database of its own) for as long as {@code reader} runs. */
    @Override
    public <T> T readSnapshot(String tag, String columnFamily, Function<KvCursor, T> reader) {
        return whileOpen(() -> readCheckpoint(tag, columnFamily, reader));
    }

    private <T> T readCheckpoint(String tag, String columnFamily, Function<KvCursor, T> reader) {
        Path snapshot = snapshotDirectory(tag);
        if (!Files.isDirectory(snapshot)) {
            throw new StorageException("Snapshot '" + tag + "' does not exist");
        }
        byte[] name = columnFamily.getBytes(StandardCharsets.UTF_8);
        try (Options listing = new Options()) {
            if (RocksDB.listColumnFamilies(listing, snapshot.toString()).stream().noneMatch(n -> Arrays.equals(n, name))) {
                return null;
            }
        } catch (RocksDBException e) {
            throw new StorageException("Cannot read snapshot '" + tag + "': " + e.getMessage(), e);
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        List<ColumnFamilyDescriptor> descriptors = List.of(new ColumnFamilyDescriptor(DEFAULT_FAMILY, familyOptions),
                new ColumnFamilyDescriptor(name, familyOptions));
        try (RocksDB copy = RocksDB.openReadOnly(dbOptions, snapshot.toString(), descriptors, handles)) {
            try (RocksIterator iterator = copy.newIterator(handles.get(1), readOptions)) {
                return reader.apply(new RocksCursor(iterator, columnFamily));
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
            }
        } catch (RocksDBException e) {
            throw new StorageException("Cannot read snapshot '" + tag + "': " + e.getMessage(), e);
        }
    }

    /**
     * Where a snapshot's files are. A snapshot directory holds a complete database: copy it
     * elsewhere and open it as the data directory of a {@link RocksDbKvStore}.
     */
    public Path snapshotDirectory(String tag) {
        Path snapshots = config.dataDirectory().resolve(SNAPSHOTS);
        Path snapshot = snapshots.resolve(tag).normalize();
        if (!snapshot.getParent().equals(snapshots.normalize())) {
            throw new IllegalArgumentException("Not a snapshot's name: " + tag);
        }
        return snapshot;
    }

    @Override
    public long approximateBytes(String columnFamily, byte[] from, byte[] to) {
        Family family = family(columnFamily);
        family.lock.readLock().lock();
        try (Slice start = new Slice(from); Slice end = new Slice(to == null ? PAST_LAST_KEY : to)) {
            long[] sizes = db.getApproximateSizes(open(family), List.of(new Range(start, end)),
                    SizeApproximationFlag.INCLUDE_FILES, SizeApproximationFlag.INCLUDE_MEMTABLES);
            return sizes[0];
        } finally {
            family.lock.readLock().unlock();
        }
    }

    @Override
    public byte[] metadata(String key) {
        try {
            return db.get(defaultFamily, key.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw failure("metadata", "read", e);
        }
    }

    @Override
    public void putMetadata(String key, byte[] value) {
        try {
            db.put(defaultFamily, metadataWriteOptions, key.getBytes(StandardCharsets.UTF_8), value);
        } catch (RocksDBException e) {
            throw failure("metadata", "write", e);
        }
    }

    @Override
    public void deleteMetadata(String key) {
        try {
            db.delete(defaultFamily, metadataWriteOptions, key.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
            throw failure("metadata", "write", e);
        }
    }

    /** Writes raw bytes under a key, bypassing the merge operator: lets tests plant damaged entries. */
    public void putRaw(String columnFamily, byte[] key, byte[] value) {
        try {
            db.put(family(columnFamily).handle, writeOptions, key, value);
        } catch (RocksDBException e) {
            throw failure(columnFamily, "write to", e);
        }
    }

    /**
     * A family's handle, for use under its read lock; IllegalStateException once the store is
     * closed (a late task must fail as Java, never reach a closed native handle).
     */
    private static ColumnFamilyHandle open(Family family) {
        ColumnFamilyHandle handle = family.handle;
        if (handle == null) {
            throw new IllegalStateException("The storage is closed");
        }
        return handle;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        walSync.cancel();
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            log.error("Final commit log sync failed", e);
        }
        // Each family under its write lock: operations in flight finish first, later ones fail.
        families.values().forEach(family -> {
            family.lock.writeLock().lock();
            try {
                family.handle.close();
                family.handle = null;
            } finally {
                family.lock.writeLock().unlock();
            }
        });
        families.clear();
        defaultFamily.close();
        db.close();
        closeOptions();
    }

    private void closeOptions() {
        readOptions.close();
        tokenReadOptions.close();
        writeOptions.close();
        metadataWriteOptions.close();
        syncedWriteOptions.close();
        dbOptions.close();
        familyOptions.close();
        bloomFilter.close();
        blockCache.close();
        if (statistics != null) {
            statistics.close();
        }
    }

    private Family family(String name) {
        Family family = families.get(name);
        if (family == null) {
            throw new StorageException("Column family " + name + " does not exist");
        }
        return family;
    }

    private static String nameOf(ColumnFamilyHandle handle) {
        try {
            return new String(handle.getName(), StandardCharsets.UTF_8);
        } catch (RocksDBException e) {
            throw new StorageException("Cannot read a column family's name: " + e.getMessage(), e);
        }
    }

    static StorageException failure(String columnFamily, String action, RocksDBException e) {
        Status status = e.getStatus();
        String message = "Table " + columnFamily + ": cannot " + action + " storage: " + e.getMessage();
        if (status != null && status.getCode() == Status.Code.Corruption) {
            return new CorruptDataException(message, e);
        }
        return new StorageException(message, e);
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
