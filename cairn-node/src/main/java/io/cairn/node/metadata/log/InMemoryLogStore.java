package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link LogStore} in memory, for tests and the simulator: "durable" means it outlives the
 * {@link LocalLog} that wrote it, which a test reopens on the same store to restart. It keeps
 * every entry (as much memory as the log) and only the latest snapshot. Thread-safe.
 *
 * <p>It checks what a store may rely on: entries arrive in epoch order without gaps, and
 * snapshots never go back.
 */
public final class InMemoryLogStore implements LogStore {

    private final TreeMap<Epoch, LogEntry> entries = new TreeMap<>();
    private ClusterMetadata latestSnapshot;

    @Override
    public synchronized void append(LogEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (!entries.isEmpty() && !entry.epoch().follows(entries.lastKey())) {
            throw new IllegalStateException("Entry at " + entry.epoch() + " does not follow the last stored entry, at "
                    + entries.lastKey());
        }
        entries.put(entry.epoch(), entry);
    }

    @Override
    public synchronized void saveSnapshot(ClusterMetadata snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (latestSnapshot != null && snapshot.epoch().isBefore(latestSnapshot.epoch())) {
            throw new IllegalStateException("Snapshot at " + snapshot.epoch() + " is older than the saved one, at "
                    + latestSnapshot.epoch());
        }
        latestSnapshot = snapshot;
    }

    @Override
    public synchronized Optional<ClusterMetadata> latestSnapshot() {
        return Optional.ofNullable(latestSnapshot);
    }

    @Override
    public synchronized List<LogEntry> entriesAfter(Epoch since, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("A negative number of entries: " + max);
        }
        List<LogEntry> after = new ArrayList<>(Math.min(max, entries.size()));
        for (LogEntry entry : entries.tailMap(since, false).values()) {
            if (after.size() == max) {
                break;
            }
            after.add(entry);
        }
        return after;
    }
}
