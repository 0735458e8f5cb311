package io.cairn.storage.rocksdb;

import io.cairn.storage.conformance.RecordingScheduler;
import io.cairn.storage.kv.KvEntry;
import io.cairn.storage.kv.ReadScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the RocksDB store says of itself for the node's metrics: its memtables, files, cache and statistics. */
class RocksDbEngineStatsTest {

    @TempDir
    Path directory;

    private static void write(RocksDbKvStore store, int from, int count) {
        List<KvEntry> entries = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            byte[] key = ByteBuffer.allocate(12).putLong(i).putInt(i).array();
            entries.add(new KvEntry(key, new byte[100]));
        }
        store.mergeAcross(Map.of("t", entries), false);
    }

    @Test
    void memtablesFilesAndTheCacheAreAlwaysMeasured() {
        try (RocksDbKvStore store = new RocksDbKvStore(RocksDbConfig.defaults(directory), new RecordingScheduler())) {
            store.createColumnFamily("t");
            write(store, 0, 1_000);
            Map<String, Long> stats = store.engineStats();
            assertThat(stats.get("memtable_bytes")).isGreaterThan(100_000L);
            assertThat(stats.get("sst_files_level_0")).isZero();
            store.flush("t");
            stats = store.engineStats();
            assertThat(stats.get("sst_files_level_0")).isEqualTo(1);
            assertThat(stats.get("live_sst_bytes")).isPositive();
            assertThat(stats.get("block_cache_capacity_bytes")).isEqualTo(RocksDbConfig.defaults(directory)
                    .blockCacheBytes());
            assertThat(stats).containsKeys("pending_compaction_bytes", "running_compactions", "running_flushes",
                    "write_stopped", "delayed_write_rate_bytes", "block_cache_usage_bytes")
                    .doesNotContainKey("block_cache_hits_total");
            assertThat(stats.values()).allMatch(value -> value >= 0);
        }
    }

    @Test
    void withStatisticsTheCacheCountsHitsAndMisses() {
        try (RocksDbKvStore store = new RocksDbKvStore(RocksDbConfig.defaults(directory).withStatistics(true),
                new RecordingScheduler())) {
            store.createColumnFamily("t");
            write(store, 0, 1_000);
            store.flush("t");
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 1_000; i += 50) {
                    byte[] key = ByteBuffer.allocate(12).putLong(i).putInt(i).array();
                    boolean found = store.read("t", ReadScope.ONE_TOKEN, cursor -> {
                        cursor.seek(key);
                        return cursor.isValid();
                    });
                    assertThat(found).isTrue();
                }
            }
            Map<String, Long> stats = store.engineStats();
            assertThat(stats.get("block_cache_hits_total") + stats.get("block_cache_misses_total")).isPositive();
            assertThat(stats.get("flush_write_bytes_total")).isPositive();
            assertThat(stats).containsKeys("write_stall_micros_total", "compaction_read_bytes_total",
                    "compaction_write_bytes_total");
        }
    }
}
