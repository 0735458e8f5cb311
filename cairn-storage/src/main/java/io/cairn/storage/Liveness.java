package io.cairn.storage;

/**
 * The row liveness marker that INSERT writes: a row carrying a live marker exists even when
 * all its regular columns are null. UPDATE writes no marker, so its row lives only while one
 * of its cells does.
 *
 * @param timestampMicros    the marker's write timestamp
 * @param ttlSeconds         0 when the marker never expires
 * @param expirationSeconds  when it expires (seconds since the epoch); ignored when ttl is 0
 */
public record Liveness(long timestampMicros, int ttlSeconds, long expirationSeconds) {

    public Liveness {
        if (ttlSeconds != 0) {
            StoredTime.checkTtl(ttlSeconds);
            StoredTime.checkSeconds(expirationSeconds, "expiration time");
        } else if (expirationSeconds != 0) {
            throw new IllegalArgumentException("A marker without TTL has no expiration time");
        }
    }

    public static Liveness of(long timestampMicros) {
        return new Liveness(timestampMicros, 0, 0);
    }

    public static Liveness expiring(long timestampMicros, int ttlSeconds, long expirationSeconds) {
        return new Liveness(timestampMicros, ttlSeconds, expirationSeconds);
    }

    public boolean isExpiring() {
        return ttlSeconds != 0;
    }

    /** Whether the marker still keeps its row alive at {@code nowSeconds}. */
    public boolean isLive(long nowSeconds) {
        return ttlSeconds == 0 || nowSeconds < expirationSeconds;
    }
}
