package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.RandomLogs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the log keeps is bounded: waiting entries, snapshots in memory, entries read at once. */
class LocalLogBoundsTest {

    private static final ClusterMetadata EMPTY = RandomLogs.empty();

    @Test
    void entriesBeyondTheReorderBufferAreDroppedAndTheLogCatchesUpWhenTheyComeAgain() {
        int beyond = 100;
        List<LogEntry> log = RandomLogs.log(new Random(17), LocalLog.MAX_PENDING_ENTRIES + 1 + beyond);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        LocalLog local = new LocalLog(new InMemoryLogStore(), EMPTY);

        local.append(log.subList(1, log.size()));

        assertThat(local.epoch()).isEqualTo(Epoch.EMPTY);
        assertThat(local.pending()).isEqualTo(LocalLog.MAX_PENDING_ENTRIES);
        assertThat(local.dropped()).isEqualTo(beyond);

        // The bound holds with the missing entry in too: the last one waiting makes room for it.
        local.append(log.subList(0, 1));

        assertThat(local.epoch()).isEqualTo(Epoch.of(LocalLog.MAX_PENDING_ENTRIES));
        assertThat(local.pending()).isZero();
        assertThat(local.dropped()).isEqualTo(beyond + 1);

        local.append(log);

        assertThat(local.current()).isEqualTo(snapshots.get(log.size() - 1));
        assertThat(local.duplicates()).isEqualTo(LocalLog.MAX_PENDING_ENTRIES);
        assertThat(local.pending()).isZero();
        assertThat(local.halted()).isEmpty();
    }

    @Test
    void theSnapshotsOfTheLastEpochsAreKeptInMemory() {
        List<LogEntry> log = RandomLogs.log(new Random(19), 100);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        LocalLog local = new LocalLog(new InMemoryLogStore(), EMPTY);
        assertThat(local.at(Epoch.EMPTY)).hasValue(EMPTY);

        local.append(log);

        for (int epoch = 100 - LocalLog.RETAINED_EPOCHS + 1; epoch <= 100; epoch++) {
            assertThat(local.at(Epoch.of(epoch))).as("epoch %d", epoch).hasValue(snapshots.get(epoch - 1));
        }
        assertThat(local.at(Epoch.of(100 - LocalLog.RETAINED_EPOCHS))).isEmpty();
        assertThat(local.at(Epoch.EMPTY)).isEmpty();
        assertThat(local.at(Epoch.of(101))).isEmpty();
    }

    @Test
    void aSnapshotIsStoredEveryIntervalOfEpochs() {
        List<LogEntry> log = RandomLogs.log(new Random(23), 2 * LocalLog.SNAPSHOT_INTERVAL + 1);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        InMemoryLogStore store = new InMemoryLogStore();
        LocalLog local = new LocalLog(store, EMPTY);

        local.append(log.subList(0, LocalLog.SNAPSHOT_INTERVAL - 1));
        assertThat(store.latestSnapshot()).isEmpty();
        local.append(log.subList(0, LocalLog.SNAPSHOT_INTERVAL));
        assertThat(store.latestSnapshot()).hasValue(snapshots.get(LocalLog.SNAPSHOT_INTERVAL - 1));
        local.append(log);
        assertThat(store.latestSnapshot()).hasValue(snapshots.get(2 * LocalLog.SNAPSHOT_INTERVAL - 1));
    }

    @Test
    void aPeerReadsAtMostOneBoundOfEntriesAtATime() {
        List<LogEntry> log = RandomLogs.log(new Random(29), LocalLog.MAX_ENTRIES_PER_READ + 50);
        LocalLog local = new LocalLog(new InMemoryLogStore(), EMPTY);
        local.append(log);

        assertThat(local.entriesAfter(Epoch.EMPTY, Integer.MAX_VALUE))
                .isEqualTo(log.subList(0, LocalLog.MAX_ENTRIES_PER_READ));
        assertThat(local.entriesAfter(Epoch.of(LocalLog.MAX_ENTRIES_PER_READ), Integer.MAX_VALUE))
                .isEqualTo(log.subList(LocalLog.MAX_ENTRIES_PER_READ, log.size()));
        assertThat(local.entriesAfter(Epoch.of(10), 3)).isEqualTo(log.subList(10, 13));
        assertThat(local.entriesAfter(Epoch.of(log.size()), 3)).isEmpty();
        assertThatThrownBy(() -> local.entriesAfter(Epoch.EMPTY, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
    }
}
