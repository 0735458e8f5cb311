package io.cairn.node;

import java.util.List;

/**
 * Hears how a node's join to its cluster goes (the simulator traces it; the server logs its own
 * lines). Called on whichever thread advances the join; every method does nothing by default.
 */
public interface JoinListener {

    /** This node's tokens (chosen now, or kept from an earlier start) are written to {@code system.local}. */
    default void tokensChosen(List<Long> tokens) {
    }

    /** This node starts copying the data of the ranges it will replicate. */
    default void copyingData() {
    }

    /** A join attempt failed; another follows after the configured retry delay. */
    default void attemptFailed(Throwable error) {
    }

    /** This node is NORMAL: it has joined the ring, having received {@code partitions} partitions. */
    default void joined(long partitions) {
    }
}
