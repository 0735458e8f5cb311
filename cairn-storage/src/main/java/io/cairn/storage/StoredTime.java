package io.cairn.storage;

/**
 * Bounds of the times the engine stores. Deletion and expiration times are kept as unsigned
 * 32-bit seconds, as Cassandra 5 does: they reach the year 2106.
 */
public final class StoredTime {

    /** The largest storable deletion or expiration time, in seconds since the epoch. */
    public static final long MAX_SECONDS = 0xFFFF_FFFFL;

    /** The largest TTL Cassandra accepts: 20 years. */
    public static final int MAX_TTL_SECONDS = 20 * 365 * 24 * 60 * 60;

    private StoredTime() {
    }

    static void checkSeconds(long seconds, String what) {
        if (seconds < 0 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(what + " must be between 0 and " + MAX_SECONDS
                    + " seconds since the epoch, got " + seconds);
        }
    }

    static void checkTtl(int ttlSeconds) {
        if (ttlSeconds <= 0 || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("TTL must be between 1 and " + MAX_TTL_SECONDS
                    + " seconds, got " + ttlSeconds);
        }
    }
}
