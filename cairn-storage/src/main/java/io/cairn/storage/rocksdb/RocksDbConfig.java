package io.cairn.storage.rocksdb;

import io.cairn.storage.CommitLogSync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the RocksDB store.
 *
 * @param dataDirectory   where the data lives; created when missing
 * @param commitLogSync   when the commit log (RocksDB's WAL) is forced to disk
 * @param syncPeriod      how often {@link CommitLogSync#PERIODIC} forces it
 * @param blockCacheBytes memory for cached data blocks, shared by all tables
 * @param writeBufferBytes memtable size per table before it is flushed to a file
 * @param statistics      whether RocksDB counts block cache hits and misses, write stalls and
 *                        compaction bytes (its statistics, which time and count every read and
 *                        write: off by default)
 */
public record RocksDbConfig(Path dataDirectory, CommitLogSync commitLogSync, Duration syncPeriod,
                            long blockCacheBytes, long writeBufferBytes, boolean statistics) {

    /** Cassandra's default periodic commit log sync. */
    public static final Duration DEFAULT_SYNC_PERIOD = Duration.ofSeconds(10);

    public RocksDbConfig {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(commitLogSync, "commitLogSync");
        if (syncPeriod.isNegative() || syncPeriod.isZero()) {
            throw new IllegalArgumentException("The commit log sync period must be positive, got " + syncPeriod);
        }
        if (blockCacheBytes <= 0 || writeBufferBytes <= 0) {
            throw new IllegalArgumentException("Cache and write buffer sizes must be positive");
        }
    }

    /** Settings without RocksDB's statistics. */
    public RocksDbConfig(Path dataDirectory, CommitLogSync commitLogSync, Duration syncPeriod, long blockCacheBytes,
                         long writeBufferBytes) {
        this(dataDirectory, commitLogSync, syncPeriod, blockCacheBytes, writeBufferBytes, false);
    }

    public static RocksDbConfig defaults(Path dataDirectory) {
        return new RocksDbConfig(dataDirectory, CommitLogSync.PERIODIC, DEFAULT_SYNC_PERIOD,
                64L * 1024 * 1024, 32L * 1024 * 1024);
    }

    public RocksDbConfig withCommitLogSync(CommitLogSync sync) {
        return new RocksDbConfig(dataDirectory, sync, syncPeriod, blockCacheBytes, writeBufferBytes, statistics);
    }

    public RocksDbConfig withStatistics(boolean counted) {
        return new RocksDbConfig(dataDirectory, commitLogSync, syncPeriod, blockCacheBytes, writeBufferBytes, counted);
    }
}
