package io.cairn.storage.rocksdb;

import io.cairn.common.time.ManualClock;
import io.cairn.storage.CommitLogSync;
import io.cairn.storage.PartitionData;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.conformance.RecordingScheduler;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process killed with SIGKILL in the middle of writing loses none of the writes it
 * acknowledged, in either commit log sync mode.
 */
class CommitLogDurabilityTest {

    private static final int KILL_AFTER_ACKS = 2_000;
    private static final long TIMEOUT_SECONDS = 120;

    @ParameterizedTest
    @EnumSource(CommitLogSync.class)
    void everyAcknowledgedWriteSurvivesSigkill(CommitLogSync sync, @TempDir Path directory) throws Exception {
        Path data = directory.resolve("data");
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"),
                AcknowledgingWriter.class.getName(), data.toString(), sync.name(), "100000000")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Integer> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            String line;
            while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(Integer.parseInt(line.substring(4)));
                    if (acknowledged.size() == KILL_AFTER_ACKS) {
                        // SIGKILL through the handle: it leaves the pipe open, so the
                        // acknowledgements already written to it can still be read.
                        child.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACKS);

        ManualClock clock = new ManualClock(System.currentTimeMillis() * 1000);
        try (StorageEngine engine = new KvStorageEngine(
                new RocksDbKvStore(RocksDbConfig.defaults(data), new RecordingScheduler()), clock,
                new RecordingScheduler(), StorageLimits.DEFAULTS, Duration.ZERO)) {
            for (int i : acknowledged) {
                PartitionData expected = new PartitionData(AcknowledgingWriter.row(i).key(), null,
                        AcknowledgingWriter.row(i).rows());
                PartitionData actual = engine.read(AcknowledgingWriter.TABLE, expected.key(),
                        ReadFilter.all(clock.currentTimeSeconds()));
                assertThat(actual).as("acknowledged write %d", i).isEqualTo(expected);
            }
        }
    }
}
