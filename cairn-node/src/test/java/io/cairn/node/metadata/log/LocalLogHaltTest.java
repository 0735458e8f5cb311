package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.Initialize;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.RandomLogs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decided entry that cannot be applied and stored stops the log where it is, with the reason;
 * a listener that fails does not.
 */
class LocalLogHaltTest {

    private static final ClusterMetadata EMPTY = RandomLogs.empty();

    private final List<LogEntry> log = RandomLogs.log(new Random(31), 20);
    private final List<ClusterMetadata> snapshots = RandomLogs.snapshots(EMPTY, log);

    @Test
    void aRejectedEntryHaltsTheLogBeforeItWithTheReason() {
        List<LogEntry> withBadSeventh = new ArrayList<>(log);
        LogEntry initializeAgain = new LogEntry(Epoch.of(7), 77, (Initialize) log.get(0).transformation());
        withBadSeventh.set(6, initializeAgain);
        InMemoryLogStore store = new InMemoryLogStore();
        LocalLog local = new LocalLog(store, EMPTY);
        RecordingListener listener = new RecordingListener();
        local.addListener(listener);

        local.append(withBadSeventh);

        assertThat(local.current()).isEqualTo(snapshots.get(5));
        assertThat(local.halted()).hasValueSatisfying(reason -> assertThat(reason).contains(
                "at epoch 6", "the entry at epoch 7 (INITIALIZE, id 77)", "rejected (ALREADY_EXISTS)"));
        assertThat(local.pending()).isEqualTo(14);
        listener.assertSaw(EMPTY, log, snapshots, 0, 6);
        assertThat(store.entriesAfter(Epoch.EMPTY, 100)).isEqualTo(log.subList(0, 6));

        local.append(log);

        assertThat(local.current()).isEqualTo(snapshots.get(5));
        assertThat(local.pending()).isEqualTo(14);
    }

    @Test
    void anEntryThatCannotBeStoredHaltsTheLogUnpublished() {
        InMemoryLogStore stored = new InMemoryLogStore();
        LogStore failingAtFive = new LogStore() {
            @Override
            public void append(LogEntry entry) {
                if (entry.epoch().value() == 5) {
                    throw new IllegalStateException("disk full");
                }
                stored.append(entry);
            }

            @Override
            public void saveSnapshot(ClusterMetadata snapshot) {
                stored.saveSnapshot(snapshot);
            }

            @Override
            public Optional<ClusterMetadata> latestSnapshot() {
                return stored.latestSnapshot();
            }

            @Override
            public List<LogEntry> entriesAfter(Epoch since, int max) {
                return stored.entriesAfter(since, max);
            }
        };
        LocalLog local = new LocalLog(failingAtFive, EMPTY);
        RecordingListener listener = new RecordingListener();
        local.addListener(listener);

        local.append(log);

        assertThat(local.current()).isEqualTo(snapshots.get(3));
        assertThat(local.at(Epoch.of(5))).isEmpty();
        assertThat(local.halted()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("the entry at epoch 5", "storing it failed", "disk full"));
        listener.assertSaw(EMPTY, log, snapshots, 0, 4);
    }

    @Test
    void aFailingListenerDoesNotStopTheLogNorTheListenersAfterIt() {
        LocalLog local = new LocalLog(new InMemoryLogStore(), EMPTY);
        local.addListener((previous, next, entry) -> {
            if (entry.epoch().value() % 3 == 0) {
                throw new IllegalStateException("listener bug at " + entry.epoch());
            }
        });
        RecordingListener after = new RecordingListener();
        local.addListener(after);

        local.append(log);

        assertThat(local.current()).isEqualTo(snapshots.get(19));
        assertThat(local.halted()).isEmpty();
        assertThat(local.listenerFailures()).isEqualTo(6);
        after.assertSaw(EMPTY, log, snapshots, 0, 20);
    }
}
