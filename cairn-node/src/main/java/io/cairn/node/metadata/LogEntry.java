package io.cairn.node.metadata;

import java.util.Objects;

/**
 * A decided entry of the cluster metadata log.
 *
 * @param epoch the epoch its snapshot has: the previous entry's plus one
 * @param id    chosen at random by its proposer, which recognizes its own entry by it after an
 *              uncertain outcome
 */
public record LogEntry(Epoch epoch, long id, Transformation transformation) {

    public LogEntry {
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(transformation, "transformation");
        if (!epoch.isAfter(Epoch.EMPTY)) {
            throw new IllegalArgumentException("A log entry's epoch is at least " + Epoch.FIRST.value() + ": " + epoch);
        }
    }
}
