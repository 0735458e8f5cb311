package io.cairn.node.coordinator;

import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;

/**
 * What a lightweight transaction asks of one partition: which of its rows the condition
 * looks at, and, given those rows as they are now, what to write.
 *
 * <p>{@link #decide} is a pure function of its arguments: under contention the coordinator
 * may call it again, on newer data and with a newer timestamp, and it may be called on any
 * thread (usually the messaging thread that delivered the last promise), so it must be quick
 * and must not block.
 */
public interface CasRequest {

    /** The rows the condition reads (and that a failed condition answers with). */
    ReadFilter readFilter();

    /**
     * The update to make when the condition holds on {@code current}, with every cell, row
     * marker and deletion at {@code timestampMicros} (the ballot's time, so that the
     * partition's successive transactions win over one another in order); null when the
     * condition does not hold and nothing is written.
     *
     * @param current         the rows of {@link #readFilter()}, as a linearizable read sees them
     * @param timestampMicros the write timestamp of the update
     * @param nowSeconds      the time a TTL counts from
     */
    PartitionUpdate decide(PartitionData current, long timestampMicros, long nowSeconds);
}
