package io.cairn.node.coordinator;

import java.util.Arrays;

/**
 * The latest replica read latencies of one table, for speculative retry's "the table's
 * recent 99th percentile". A ring of the last {@link #SIZE} samples; the percentile is
 * recomputed after every {@link #RECOMPUTE_EVERY} new samples rather than per read.
 */
final class LatencyWindow {

    static final int SIZE = 512;
    static final int RECOMPUTE_EVERY = 64;
    /** Fewer samples than this say nothing yet: no speculation on them. */
    static final int MIN_SAMPLES = 32;

    private final long[] samples = new long[SIZE];
    private int next;
    private int count;
    private int sinceComputed = RECOMPUTE_EVERY;
    private double computedFor = -1;
    private long computed = -1;

    synchronized void record(long nanos) {
        samples[next] = nanos;
        next = (next + 1) % SIZE;
        count = Math.min(SIZE, count + 1);
        sinceComputed++;
    }

    /** The {@code percentile} (0-100) of the recent samples in nanoseconds, or -1 while there are too few. */
    synchronized long percentile(double percentile) {
        if (count < MIN_SAMPLES) {
            return -1;
        }
        if (sinceComputed >= RECOMPUTE_EVERY || computedFor != percentile) {
            long[] sorted = Arrays.copyOf(samples, count);
            Arrays.sort(sorted);
            int index = (int) Math.ceil(percentile / 100.0 * count) - 1;
            computed = sorted[Math.max(0, Math.min(count - 1, index))];
            computedFor = percentile;
            sinceComputed = 0;
        }
        return computed;
    }
}
