package io.cairn.common.time;

import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Makes version 1 (time-based) UUIDs for {@code now()} and list element keys: strictly
 * increasing on this node, with a clock sequence and node part drawn once from the injected
 * random source.
 */
public final class TimeUuids {

    /** 100-ns intervals between the Gregorian epoch (1582-10-15) and the Unix epoch. */
    private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;

    private final long clockSeqAndNode;
    private long lastTimestamp;

    public TimeUuids(RandomGenerator random) {
        long node = random.nextLong() & 0x0000FFFFFFFFFFFFL | 0x0000010000000000L;
        long clockSeq = random.nextInt(1 << 14);
        this.clockSeqAndNode = 0x8000000000000000L | clockSeq << 48 | node;
    }

    /** A new time UUID for {@code nowMicros}, later than every one made before. */
    public synchronized UUID next(long nowMicros) {
        long timestamp = nowMicros * 10 + GREGORIAN_OFFSET;
        if (timestamp <= lastTimestamp) {
            timestamp = lastTimestamp + 1;
        }
        lastTimestamp = timestamp;
        return new UUID(mostSignificantBits(timestamp), clockSeqAndNode);
    }

    /** The lowest (or highest) time UUID of a millisecond, as minTimeuuid/maxTimeuuid answer. */
    public static UUID bound(long epochMillis, boolean highest) {
        long timestamp = epochMillis * 10_000 + GREGORIAN_OFFSET + (highest ? 9_999 : 0);
        long lsb = highest ? 0x7F7F7F7F7F7F7F7FL : 0x8080808080808080L;
        return new UUID(mostSignificantBits(timestamp), lsb);
    }

    /** The Unix time in milliseconds of a version 1 UUID. */
    public static long epochMillis(UUID timeUuid) {
        return (timeUuid.timestamp() - GREGORIAN_OFFSET) / 10_000;
    }

    /** The Unix time in microseconds of a version 1 UUID. */
    public static long epochMicros(UUID timeUuid) {
        return (timeUuid.timestamp() - GREGORIAN_OFFSET) / 10;
    }

    private static long mostSignificantBits(long timestamp) {
        return (timestamp & 0xFFFFFFFFL) << 32
                | (timestamp >>> 32 & 0xFFFFL) << 16
                | 0x1000L
                | timestamp >>> 48 & 0x0FFFL;
    }
}
