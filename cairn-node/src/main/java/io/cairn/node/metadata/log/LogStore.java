package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;

import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps the cluster metadata log it has applied, and snapshots of it, so that a
 * restart loads the latest snapshot and replays the entries after it instead of the whole log.
 */
public interface LogStore {

    /** Stores an applied entry; it is durable (synced) when this returns. */
    void append(LogEntry entry);

    void saveSnapshot(ClusterMetadata snapshot);

    /** The snapshot of the highest epoch saved, or empty when none was. */
    Optional<ClusterMetadata> latestSnapshot();

    /** The stored entries of epochs after {@code since}, ascending, at most {@code max}. */
    List<LogEntry> entriesAfter(Epoch since, int max);
}
