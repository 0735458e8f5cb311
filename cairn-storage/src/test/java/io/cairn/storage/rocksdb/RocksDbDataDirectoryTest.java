package io.cairn.storage.rocksdb;

import io.cairn.common.time.ManualClock;
import io.cairn.storage.CommitLogSync;
import io.cairn.storage.CorruptDataException;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.conformance.Keys;
import io.cairn.storage.conformance.RecordingScheduler;
import io.cairn.storage.engine.KvStorageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the RocksDB engine does with its directory: format versions, damaged files, commit log syncs. */
class RocksDbDataDirectoryTest {

    private static final TableId TABLE = new TableId("shop", "orders");

    @TempDir
    Path directory;

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final RecordingScheduler scheduler = new RecordingScheduler();

    private KvStorageEngine open(RocksDbConfig config) {
        return new KvStorageEngine(new RocksDbKvStore(config, scheduler), clock, scheduler, StorageLimits.DEFAULTS,
                Duration.ZERO);
    }

    @Test
    void aDirectoryWrittenByANewerFormatIsRefusedWithAClearMessage() throws IOException {
        open(RocksDbConfig.defaults(directory)).close();
        Files.writeString(directory.resolve(DataDirectory.FORMAT_FILE), "2\n");

        assertThatThrownBy(() -> open(RocksDbConfig.defaults(directory)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("storage format version 2")
                .hasMessageContaining("newer than this Cairn's version 1");
    }

    @Test
    void aRocksDbDirectoryNotWrittenByCairnIsRefused() throws IOException {
        Files.writeString(directory.resolve("CURRENT"), "MANIFEST-000001\n");

        assertThatThrownBy(() -> open(RocksDbConfig.defaults(directory)))
                .isInstanceOf(StorageException.class).hasMessageContaining("not written by Cairn");
    }

    @Test
    void aDamagedDataFileFailsReadsWithTheTableNamed() throws IOException {
        try (KvStorageEngine engine = open(RocksDbConfig.defaults(directory))) {
            engine.createTable(TABLE, TableOptions.DEFAULTS);
            for (int i = 0; i < 200; i++) {
                engine.apply(TABLE, AcknowledgingWriter.row(i));
            }
            engine.flush();
        }
        List<Path> tables;
        try (Stream<Path> files = Files.walk(directory)) {
            // The table's file holds 200 rows; the metadata family's file is far smaller.
            tables = files.filter(path -> path.toString().endsWith(".sst") && path.toFile().length() > 4096).toList();
        }
        assertThat(tables).isNotEmpty();
        for (Path file : tables) {
            try (RandomAccessFile damaged = new RandomAccessFile(file.toFile(), "rw")) {
                // Damage the first data block only (blocks are 4 KiB), not the file's footer or index.
                for (long offset = 64; offset < 1024; offset += 97) {
                    damaged.seek(offset);
                    int original = damaged.read();
                    damaged.seek(offset);
                    damaged.write(original ^ 0x5A);
                }
            }
        }

        try (KvStorageEngine engine = open(RocksDbConfig.defaults(directory))) {
            assertThatThrownBy(() -> engine.scan(TABLE, io.cairn.storage.TokenRange.FULL, null,
                    ReadFilter.all(clock.currentTimeSeconds())))
                    .isInstanceOf(CorruptDataException.class)
                    .hasMessageContaining("shop.orders");
        }
    }

    @Test
    void periodicModeSyncsTheCommitLogOnItsPeriodAndBatchModeNeedsNoTimer() {
        RocksDbConfig periodic = RocksDbConfig.defaults(directory.resolve("periodic"));
        try (KvStorageEngine engine = open(periodic)) {
            assertThat(scheduler.tasks()).extracting(RecordingScheduler.Task::delay)
                    .containsExactly(RocksDbConfig.DEFAULT_SYNC_PERIOD);
            engine.createTable(TABLE, TableOptions.DEFAULTS);
            engine.apply(TABLE, AcknowledgingWriter.row(1));
            scheduler.runAll();
        }
        RecordingScheduler batchScheduler = new RecordingScheduler();
        new RocksDbKvStore(RocksDbConfig.defaults(directory.resolve("batch")).withCommitLogSync(CommitLogSync.BATCH),
                batchScheduler).close();
        assertThat(batchScheduler.tasks()).isEmpty();
    }

    @Test
    void thePurgeSweepRunsOnItsScheduleOverEveryTable() {
        RecordingScheduler purgeScheduler = new RecordingScheduler();
        try (KvStorageEngine engine = new KvStorageEngine(new io.cairn.storage.memory.InMemoryKvStore(), clock,
                purgeScheduler, StorageLimits.DEFAULTS, Duration.ofMinutes(5))) {
            engine.createTable(TABLE, new TableOptions(0));
            engine.apply(TABLE, io.cairn.storage.PartitionUpdate.builder(Keys.partition(1, "k"))
                    .deletePartition(new io.cairn.storage.Deletion(10, clock.currentTimeSeconds() - 1)).build());

            assertThat(purgeScheduler.tasks()).extracting(RecordingScheduler.Task::delay)
                    .containsExactly(Duration.ofMinutes(5));
            purgeScheduler.runAll();

            assertThat(engine.export(TABLE, io.cairn.storage.TokenRange.FULL, null, 10).updates()).isEmpty();
        }
    }
}
