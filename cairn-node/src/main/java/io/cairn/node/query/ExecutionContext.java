package io.cairn.node.query;

import io.cairn.common.time.TimeUuids;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * What binding terms needs at execution: the bound values, and "now" from the node's clock
 * (never a static call) for timestamps, TTLs and time functions.
 *
 * @param nowMicros the execution's time, fixed for all of one statement
 */
public record ExecutionContext(QueryOptions options, long nowMicros, TimeUuids timeUuids) {

    public long nowSeconds() {
        return Math.floorDiv(nowMicros, 1_000_000L);
    }

    public long nowMillis() {
        return Math.floorDiv(nowMicros, 1_000L);
    }

    /** The bound value of marker {@code index}: null, {@link QueryOptions#UNSET} or bytes. */
    public ByteBuffer value(int index) {
        return options.values().get(index);
    }

    public UUID newTimeUuid() {
        return timeUuids.next(nowMicros);
    }
}
