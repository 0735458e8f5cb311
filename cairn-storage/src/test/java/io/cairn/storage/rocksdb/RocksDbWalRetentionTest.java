package io.cairn.storage.rocksdb;

import io.cairn.storage.CommitLogSync;
import io.cairn.storage.conformance.RecordingScheduler;
import io.cairn.storage.kv.KvEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables written once and then never again (as most system tables are) do not keep the
 * write-ahead log growing while another table takes many writes: past the cap, the tables
 * holding the oldest log file are flushed and the file goes.
 */
class RocksDbWalRetentionTest {

    private static final long MEMTABLE = 1024 * 1024;
    private static final int RARE_TABLES = 20;

    @TempDir
    Path directory;

    @Test
    void aRarelyWrittenTableDoesNotPinTheWriteAheadLog() throws Exception {
        RocksDbConfig config = new RocksDbConfig(directory, CommitLogSync.PERIODIC, RocksDbConfig.DEFAULT_SYNC_PERIOD,
                8 * MEMTABLE, MEMTABLE);
        long cap = RocksDbKvStore.maxTotalWalBytes(config);
        RocksDbKvStore store = new RocksDbKvStore(config, new RecordingScheduler());
        try {
            // As a node's many system tables: RocksDB's own cap grows with the number of tables.
            for (int table = 0; table < RARE_TABLES; table++) {
                store.createColumnFamily("rare" + table);
                store.mergeAcross(Map.of("rare" + table, List.of(new KvEntry(new byte[16], new byte[16]))), false);
            }
            store.createColumnFamily("busy");
            byte[] value = new byte[1024];
            long written = 0;
            for (int batch = 0; written < 8 * cap; batch++) {
                List<KvEntry> entries = new ArrayList<>();
                for (int i = 0; i < 256; i++) {
                    entries.add(new KvEntry(ByteBuffer.allocate(16).putInt(batch).putInt(i).array(), value));
                    written += value.length;
                }
                store.mergeAcross(Map.of("busy", entries), false);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (walBytes() > cap + 2 * MEMTABLE && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(walBytes()).as("write-ahead log bytes after %s bytes written, cap %s", written, cap)
                    .isLessThanOrEqualTo(cap + 2 * MEMTABLE);
        } finally {
            store.close();
        }
    }

    private long walBytes() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("db"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        }
    }
}
