package io.cairn.node.counter;

import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The cells of a counter column: the increments the query layer writes (deltas, never stored)
 * and the shards the leaders turn them into (see the package description).
 */
public final class CounterCells {

    /** A shard's path: the leading node's host id (16 bytes) and its incarnation (8 bytes). */
    public static final int SHARD_ID_BYTES = 24;
    private static final byte[] DELTA_PATH = new byte[0];

    private CounterCells() {
    }

    /** An increment of {@code column} by {@code delta}, for a leader to add to its shard. */
    public static Cell delta(String column, long delta, long timestampMicros) {
        return Cell.live(column, encode(delta), timestampMicros).atPath(DELTA_PATH);
    }

    /** Whether {@code cell} is an increment not yet turned into a shard. */
    public static boolean isDelta(Cell cell) {
        return cell.path() != null && cell.path().length == 0;
    }

    /** The shard id of an incarnation of the node {@code hostId}. */
    public static byte[] shardId(UUID hostId, long incarnation) {
        return ByteBuffer.allocate(SHARD_ID_BYTES).putLong(hostId.getMostSignificantBits())
                .putLong(hostId.getLeastSignificantBits()).putLong(incarnation).array();
    }

    /** The delta of an increment or the total of a shard. */
    public static long value(Cell cell) {
        byte[] value = cell.value();
        if (value.length != Long.BYTES) {
            throw new IllegalStateException("A counter cell of " + cell.column() + " holds " + value.length
                    + " bytes, not " + Long.BYTES + ": the stored counter is corrupt");
        }
        return ByteBuffer.wrap(value).getLong();
    }

    /**
     * The value of a counter: the sum of its live shards, wrapping around at the bigint range
     * as Cassandra's does.
     */
    public static long total(List<Cell> shards) {
        long total = 0;
        for (Cell shard : shards) {
            if (shard.kind() != CellKind.TOMBSTONE) {
                total += value(shard);
            }
        }
        return total;
    }

    static byte[] encode(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
