package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.RandomLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever order, duplication and delay entries arrive in, the log goes through the snapshots
 * of applying them one after the other, and its listeners see each epoch once, in order.
 */
class LocalLogOrderingTest {

    private static final ClusterMetadata EMPTY = RandomLogs.empty();

    /** Each seed makes a log, its deliveries and their batches; a failure names the seed to replay. */
    static LongStream seeds() {
        return LongStream.range(0, 150);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyDeliveryGoesThroughTheSnapshotsOfAStraightApply(long seed) {
        Random random = new Random(seed);
        List<LogEntry> log = RandomLogs.log(random, 1 + random.nextInt(200));
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        List<LogEntry> deliveries = shuffledWithDuplicates(log, random);
        LocalLog local = new LocalLog(new InMemoryLogStore(), EMPTY);
        RecordingListener listener = new RecordingListener();
        local.addListener(listener);

        for (List<LogEntry> batch : batches(deliveries, random)) {
            local.append(batch);
            assertThat(local.current()).isEqualTo(local.epoch().value() == 0 ? EMPTY
                    : snapshots.get((int) local.epoch().value() - 1));
        }

        assertThat(local.current()).isEqualTo(snapshots.get(log.size() - 1));
        listener.assertSaw(EMPTY, log, snapshots, 0, log.size());
        assertThat(local.halted()).isEmpty();
        assertThat(local.pending()).isZero();
        assertThat(local.dropped()).isZero();
        assertThat(local.duplicates()).isEqualTo(deliveries.size() - log.size());
        assertThat(local.entriesAfter(EMPTY.epoch(), log.size())).isEqualTo(log);
    }

    @Test
    void concurrentAppendersApplyEachEpochOnce() throws InterruptedException {
        Random random = new Random(5);
        List<LogEntry> log = RandomLogs.log(random, 400);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        LocalLog local = new LocalLog(new InMemoryLogStore(), EMPTY);
        RecordingListener listener = new RecordingListener();
        local.addListener(listener);
        List<Thread> appenders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<List<LogEntry>> batches = batches(shuffledWithDuplicates(log, random), random);
            appenders.add(new Thread(() -> batches.forEach(local::append), "appender-" + i));
        }

        appenders.forEach(Thread::start);
        for (Thread appender : appenders) {
            appender.join();
        }

        assertThat(local.current()).isEqualTo(snapshots.get(log.size() - 1));
        listener.assertSaw(EMPTY, log, snapshots, 0, log.size());
        assertThat(local.pending()).isZero();
    }

    @Test
    void aListenerThatAppendsIsToldOfTheEntriesItAppendedAfterItReturns() {
        List<LogEntry> log = RandomLogs.log(new Random(3), 10);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        LocalLog local = new LocalLog(new InMemoryLogStore(), EMPTY);
        List<String> calls = new ArrayList<>();
        local.addListener((previous, next, entry) -> {
            calls.add("start " + entry.epoch().value());
            if (entry.epoch().value() == 2) {
                local.append(log.subList(2, 10));
            }
            calls.add("end " + entry.epoch().value());
        });

        local.append(log.subList(0, 2));

        assertThat(local.current()).isEqualTo(snapshots.get(9));
        assertThat(calls).startsWith("start 1", "end 1", "start 2", "end 2", "start 3", "end 3").hasSize(20);
    }

    @Test
    void theFirstOfTwoDifferentEntriesForOneEpochIsKept() {
        List<LogEntry> log = RandomLogs.log(new Random(8), 6);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        LogEntry other = new LogEntry(log.get(4).epoch(), log.get(4).id() + 1, log.get(4).transformation());
        LocalLog local = new LocalLog(new InMemoryLogStore(), EMPTY);

        local.append(List.of(log.get(4), other));
        local.append(log);

        assertThat(local.current()).isEqualTo(snapshots.get(5));
        assertThat(local.entriesAfter(EMPTY.epoch(), 10)).isEqualTo(log);
        assertThat(local.duplicates()).isEqualTo(2);
    }

    /** Each entry once, twice or three times, in a random order: some come only after later ones. */
    private static List<LogEntry> shuffledWithDuplicates(List<LogEntry> log, Random random) {
        List<LogEntry> deliveries = new ArrayList<>();
        for (LogEntry entry : log) {
            for (int copies = 1 + (random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0); copies > 0; copies--) {
                deliveries.add(entry);
            }
        }
        Collections.shuffle(deliveries, random);
        return deliveries;
    }

    /** The deliveries cut into appends of 1 to 20 entries. */
    private static List<List<LogEntry>> batches(List<LogEntry> deliveries, Random random) {
        List<List<LogEntry>> batches = new ArrayList<>();
        for (int from = 0; from < deliveries.size(); ) {
            int to = Math.min(deliveries.size(), from + 1 + random.nextInt(20));
            batches.add(deliveries.subList(from, to));
            from = to;
        }
        return batches;
    }
}
