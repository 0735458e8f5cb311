package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.RandomLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A log reopened on its store is where it was: its latest snapshot, then the entries stored after it replayed. */
class LocalLogRestartTest {

    private static final ClusterMetadata EMPTY = RandomLogs.empty();
    private static final int MORE = 20;

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 63, 64, 65, 130, 200})
    void aReopenedLogEqualsTheStraightApplyAndGoesOn(int length) {
        List<LogEntry> log = RandomLogs.log(new Random(length), length + MORE);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        InMemoryLogStore store = new InMemoryLogStore();
        new LocalLog(store, EMPTY).append(log.subList(0, length));
        int snapshotted = length / LocalLog.SNAPSHOT_INTERVAL * LocalLog.SNAPSHOT_INTERVAL;

        LocalLog reopened = LocalLog.open(store, EMPTY);
        RecordingListener listener = new RecordingListener();
        reopened.addListener(listener);

        assertThat(reopened.epoch()).isEqualTo(Epoch.of(snapshotted));
        assertThat(store.latestSnapshot()).isEqualTo(snapshotted == 0 ? Optional.empty()
                : Optional.of(snapshots.get(snapshotted - 1)));
        reopened.replay();
        assertThat(reopened.current()).isEqualTo(snapshots.get(length - 1));
        listener.assertSaw(EMPTY, log, snapshots, snapshotted, length);
        assertThat(reopened.halted()).isEmpty();

        reopened.append(log.subList(length - 1, length + MORE));
        assertThat(reopened.current()).isEqualTo(snapshots.get(length + MORE - 1));
        listener.assertSaw(EMPTY, log, snapshots, snapshotted, length + MORE);
        assertThat(reopened.duplicates()).isEqualTo(1);
        assertThat(store.entriesAfter(Epoch.EMPTY, log.size())).isEqualTo(log);
    }

    @Test
    void nothingIsAppendedBeforeTheReplay() {
        List<LogEntry> log = RandomLogs.log(new Random(1), 5);
        InMemoryLogStore store = new InMemoryLogStore();
        new LocalLog(store, EMPTY).append(log.subList(0, 3));
        LocalLog reopened = LocalLog.open(store, EMPTY);

        assertThatThrownBy(() -> reopened.append(log.subList(3, 5))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call replay() before appending");
        reopened.replay();
        reopened.append(log.subList(3, 5));

        assertThat(reopened.epoch()).isEqualTo(Epoch.of(5));
        assertThatThrownBy(reopened::replay).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("replayed already");
    }

    @Test
    void aGapInTheStoredLogHaltsTheReplay() {
        List<LogEntry> log = RandomLogs.log(new Random(2), 20);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        InMemoryLogStore store = new InMemoryLogStore();
        store.saveSnapshot(snapshots.get(9));
        log.subList(11, 20).forEach(store::append);

        LocalLog reopened = LocalLog.open(store, EMPTY);
        reopened.replay();

        assertThat(reopened.current()).isEqualTo(snapshots.get(9));
        assertThat(reopened.halted()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("at epoch 10", "the entry at epoch 12", "does not follow epoch 10"));
    }

    @Test
    void aLogOpensOnlyOnTheEmptySnapshot() {
        ClusterMetadata initialized = RandomLogs.snapshots(EMPTY, RandomLogs.log(new Random(3), 1)).get(0);

        assertThatThrownBy(() -> LocalLog.open(new InMemoryLogStore(), initialized))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on one at epoch 1");
    }

    @Test
    void aListenerMayAppendWhileTheLogReplays() {
        List<LogEntry> log = RandomLogs.log(new Random(4), 15);
        List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);
        InMemoryLogStore store = new InMemoryLogStore();
        new LocalLog(store, EMPTY).append(log.subList(0, 10));
        LocalLog reopened = LocalLog.open(store, EMPTY);
        reopened.addListener((previous, next, entry) -> {
            if (entry.epoch().value() == 2) {
                reopened.append(log.subList(4, 15));
            }
        });
        RecordingListener listener = new RecordingListener();
        reopened.addListener(listener);

        reopened.replay();

        assertThat(reopened.current()).isEqualTo(snapshots.get(14));
        listener.assertSaw(EMPTY, log, snapshots, 0, 15);
        assertThat(reopened.duplicates()).as("the appended entries that were stored already").isEqualTo(6);
        assertThat(store.entriesAfter(Epoch.EMPTY, 100)).isEqualTo(log);
    }
}
