package io.cairn.node.coordinator;

import io.cairn.storage.PartitionData;

import java.util.Objects;

/**
 * How a lightweight transaction ended.
 *
 * @param applied whether the condition held and the update is now the partition's next state
 * @param current the rows of the request's read filter that the condition was evaluated on
 *                (what a client sees beside {@code [applied] = false})
 */
public record CasResult(boolean applied, PartitionData current) {

    public CasResult {
        Objects.requireNonNull(current, "current");
    }
}
