package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener that records what it is told, and checks it against the snapshots of a straight apply. */
final class RecordingListener implements MetadataListener {

    /** One call. */
    record Applied(ClusterMetadata previous, ClusterMetadata next, LogEntry entry) {
    }

    private final List<Applied> calls = new ArrayList<>();

    @Override
    public synchronized void applied(ClusterMetadata previous, ClusterMetadata next, LogEntry entry) {
        calls.add(new Applied(previous, next, entry));
    }

    synchronized List<Applied> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Long> epochs() {
        return calls.stream().map(call -> call.next().epoch().value()).toList();
    }

    /**
     * Asserts that this listener was told of {@code entries[from..to)} exactly, once each and in
     * order, with the snapshots before and after each as {@code snapshots} (the straight apply
     * of all entries from {@code start}) has them.
     */
    synchronized void assertSaw(ClusterMetadata start, List<LogEntry> entries, List<ClusterMetadata> snapshots,
                                int from, int to) {
        List<Applied> expected = new ArrayList<>();
        for (int i = from; i < to; i++) {
            expected.add(new Applied(i == 0 ? start : snapshots.get(i - 1), snapshots.get(i), entries.get(i)));
        }
        assertThat(epochs()).as("epochs told").isEqualTo(expected.stream()
                .map(call -> call.entry().epoch()).map(Epoch::value).toList());
        assertThat(calls).isEqualTo(expected);
    }
}
