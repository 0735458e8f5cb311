package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.LogEntry;

/**
 * Something of this node that follows the cluster metadata: storage creating the tables of a
 * new schema, the peers tables, driver events. Told of each applied entry once it is durable
 * and published, in epoch order, one entry at a time.
 *
 * <p><b>Listeners must be idempotent.</b> At start-up the log replays the entries after its
 * latest snapshot, and listeners added before the replay are told of them again, although
 * their effects may already have been made before the restart (creating a table that exists
 * must do nothing, not fail).
 *
 * <p>A listener that throws does not stop the log: the entry is applied, the failure is
 * logged and counted, and the remaining listeners are told. The metadata must stay the same on
 * every node; a node whose local effect failed is repaired by the listener, not by diverging.
 */
@FunctionalInterface
public interface MetadataListener {

    /**
     * {@code entry} turned {@code previous} into {@code next} ({@code next.epoch()} is the
     * entry's). Runs on the thread that appended or replayed the entry, with the log's lock
     * held: it must not block for long, nor wait for another thread that appends to the log.
     * It may append to the log itself; those entries are applied after it returns.
     */
    void applied(ClusterMetadata previous, ClusterMetadata next, LogEntry entry);
}
