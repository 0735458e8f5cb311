package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;

import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps its cluster metadata log across restarts: the applied entries, and now
 * and then a snapshot so that a restart replays only the entries after it.
 *
 * <p>{@link LocalLog} calls {@link #append} and {@link #saveSnapshot} from one thread at a
 * time (it holds its lock), in epoch order: each appended entry follows the one before it. It
 * may call {@link #entriesAfter} and {@link #latestSnapshot} meanwhile from other threads, so
 * an implementation must answer those while an append runs.
 */
public interface LogStore {

    /**
     * Stores an applied entry; it is durable (it survives a crash) when this returns. A throw
     * means the entry may or may not be stored.
     */
    void append(LogEntry entry);

    /** Stores {@code snapshot} as the latest one; entries up to its epoch are no longer needed to restart. */
    void saveSnapshot(ClusterMetadata snapshot);

    /** The snapshot saved last, or empty when none was. */
    Optional<ClusterMetadata> latestSnapshot();

    /**
     * Up to {@code max} stored entries with epochs after {@code since}, ascending. Empty when
     * there are none; the first is not necessarily {@code since + 1} if older entries were
     * never stored here (the log started from a snapshot).
     */
    List<LogEntry> entriesAfter(Epoch since, int max);
}
