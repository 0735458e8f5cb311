package io.cairn.server.dashboard;

import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Samples the client requests this node coordinated into a {@link SampleRing}: each
 * {@link #sample()} turns what the request timers and failure counters counted since the last one
 * into rates a second, and the timers' histogram buckets filled since then into the median and
 * 99th percentile (as precise as the buckets: about a tenth of the value). {@link #start} runs it
 * every {@link #INTERVAL} on a scheduler the caller owns; it only reads meters, so it never waits.
 */
public final class RequestSampler {

    /** How often a sample is taken. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);

    /** Samples kept: 15 minutes of one a second. */
    public static final int CAPACITY = 900;

    private final MeterRegistry registry;
    private final String latencyTimer;
    private final String failureCounter;
    private final Clock clock;
    private final SampleRing ring;

    /** What the meters had counted at the last sample; null before the first. */
    private Totals previous;

    /**
     * @param latencyTimer   the name of the timers of client requests (every one of that name, whatever its tags)
     * @param failureCounter the name of the counters of failed client requests
     */
    public RequestSampler(MeterRegistry registry, String latencyTimer, String failureCounter, Clock clock,
                          SampleRing ring) {
        this.registry = java.util.Objects.requireNonNull(registry, "registry");
        this.latencyTimer = java.util.Objects.requireNonNull(latencyTimer, "latencyTimer");
        this.failureCounter = java.util.Objects.requireNonNull(failureCounter, "failureCounter");
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.ring = java.util.Objects.requireNonNull(ring, "ring");
    }

    public SampleRing ring() {
        return ring;
    }

    /** Samples every {@link #INTERVAL} on {@code scheduler} until the returned handle is cancelled. */
    public Scheduler.Cancellable start(Scheduler scheduler) {
        sample();
        return scheduler.scheduleWithFixedDelay(INTERVAL, INTERVAL, this::sample);
    }

    /** What the meters counted so far: requests, failures, and requests at most each bucket's bound. */
    private record Totals(long nanoTime, long requests, double failures, TreeMap<Long, Long> atMost) {
    }

    /**
     * Adds a sample of what happened since the last call (the first call only takes the counts it
     * starts from). Called from one thread at a time.
     */
    public synchronized void sample() {
        Totals now = totals();
        Totals before = previous;
        previous = now;
        if (before == null) {
            return;
        }
        double seconds = (now.nanoTime() - before.nanoTime()) / 1e9;
        if (seconds <= 0) {
            return;
        }
        long requests = Math.max(0, now.requests() - before.requests());
        double failures = Math.max(0, now.failures() - before.failures());
        TreeMap<Long, Long> atMost = new TreeMap<>();
        now.atMost().forEach((bound, count) -> atMost.put(bound,
                Math.max(0, count - before.atMost().getOrDefault(bound, 0L))));
        ring.add(new Sample(clock.currentTimeMillis(), requests / seconds,
                percentileMillis(atMost, requests, 0.5), percentileMillis(atMost, requests, 0.99),
                failures / seconds));
    }

    private Totals totals() {
        long requests = 0;
        TreeMap<Long, Long> atMost = new TreeMap<>();
        for (Timer timer : registry.find(latencyTimer).timers()) {
            requests += timer.count();
            for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
                // Prometheus's buckets are cumulative: each counts the requests at most its bound.
                atMost.merge((long) bucket.bucket(TimeUnit.NANOSECONDS), (long) bucket.count(), Long::sum);
            }
        }
        double failures = 0;
        for (Counter counter : registry.find(failureCounter).counters()) {
            failures += counter.count();
        }
        return new Totals(clock.nanoTime(), requests, failures, atMost);
    }

    /**
     * The {@code quantile} of {@code total} requests, in milliseconds, from how many were at most
     * each bucket's bound (in nanoseconds), interpolated within the bucket it falls in; 0 when
     * there were none, the highest bound when it falls above every bucket.
     */
    static double percentileMillis(TreeMap<Long, Long> atMost, long total, double quantile) {
        if (total <= 0 || atMost.isEmpty()) {
            return 0;
        }
        double rank = quantile * total;
        long lowerBound = 0;
        long lowerCount = 0;
        for (Map.Entry<Long, Long> bucket : atMost.entrySet()) {
            long count = bucket.getValue();
            if (count >= rank && count > lowerCount) {
                double within = (rank - lowerCount) / (count - lowerCount);
                return (lowerBound + within * (bucket.getKey() - lowerBound)) / 1e6;
            }
            lowerBound = bucket.getKey();
            lowerCount = Math.max(lowerCount, count);
        }
        return atMost.lastKey() / 1e6;
    }
}
