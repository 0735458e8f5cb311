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

/** The in-memory store holds the log as a real one must: in epoch order, snapshots only forward. */
class InMemoryLogStoreTest {

    private final List<LogEntry> log = RandomLogs.log(new Random(37), 10);
    private final List<ClusterMetadata> snapshots = RandomLogs.snapshots(RandomLogs.empty(), log);
    private final InMemoryLogStore store = new InMemoryLogStore();

    @Test
    void entriesAreStoredOneAfterTheOtherAndReadInOrder() {
        log.subList(0, 5).forEach(store::append);

        assertThatThrownBy(() -> store.append(log.get(6))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Entry at epoch 7 does not follow the last stored entry, at epoch 5");
        assertThatThrownBy(() -> store.append(log.get(3))).isInstanceOf(IllegalStateException.class);
        assertThat(store.entriesAfter(Epoch.of(1), 2)).isEqualTo(log.subList(1, 3));
        assertThat(store.entriesAfter(Epoch.of(1), 100)).isEqualTo(log.subList(1, 5));
        assertThat(store.entriesAfter(Epoch.of(5), 100)).isEmpty();
    }

    @Test
    void theLatestSnapshotOnlyMovesForward() {
        assertThat(store.latestSnapshot()).isEmpty();
        store.saveSnapshot(snapshots.get(7));
        store.saveSnapshot(snapshots.get(7));

        assertThatThrownBy(() -> store.saveSnapshot(snapshots.get(3))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Snapshot at epoch 4 is older than the saved one, at epoch 8");
        assertThat(store.latestSnapshot()).hasValue(snapshots.get(7));
    }
}
