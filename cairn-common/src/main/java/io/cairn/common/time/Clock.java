package io.cairn.common.time;

/**
 * The source of "now" for every Cairn component.
 *
 * <p>Components never read the system clock themselves: production wiring passes
 * {@link SystemClock}, tests and the simulator pass a clock they control, so that write
 * timestamps, TTL expiry and gc grace are reproducible.
 */
public interface Clock {

    /** Wall-clock time in microseconds since the Unix epoch: the unit of CQL write timestamps. */
    long currentTimeMicros();

    /** Wall-clock time in milliseconds since the Unix epoch. */
    default long currentTimeMillis() {
        return Math.floorDiv(currentTimeMicros(), 1_000L);
    }

    /** Wall-clock time in seconds since the Unix epoch: the unit of TTL expiry and deletion times. */
    default long currentTimeSeconds() {
        return Math.floorDiv(currentTimeMicros(), 1_000_000L);
    }

    /** A monotonic reading in nanoseconds, for measuring elapsed time; its origin is arbitrary. */
    long nanoTime();
}
