package io.cairn.common.time;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Paces a stream of pages (a node's repair streams, its hint deliveries) to a number of bytes a
 * second: each page is let through once the pages before it have had their share of time, so a
 * burst is one page at most, and idle time is not saved up. Pacing waits on the scheduler, never
 * on a thread. Thread-safe: whatever shares the limit shares one throttle.
 */
public final class Throttle {

    private final long bytesPerSecond;
    private final Clock clock;
    private final Scheduler scheduler;
    /** When the bytes let through so far have had their time (nanoTime). */
    private long paidUntil;
    private boolean started;

    /** @param bytesPerSecond the limit; 0 lets everything through at once */
    public Throttle(long bytesPerSecond, Clock clock, Scheduler scheduler) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("A throughput must not be negative, got " + bytesPerSecond);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** Completes when {@code bytes} more may go: at once, or when earlier ones have had their time. */
    public CompletableFuture<Void> pace(long bytes) {
        if (bytesPerSecond == 0 || bytes <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        long wait = reserve(bytes);
        if (wait <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> paced = new CompletableFuture<>();
        scheduler.schedule(Duration.ofNanos(wait), () -> paced.complete(null));
        return paced;
    }

    /** Books {@code bytes}' time after what is booked already; returns how long to wait before sending them. */
    private synchronized long reserve(long bytes) {
        long now = clock.nanoTime();
        if (!started || paidUntil - now < 0) {
            paidUntil = now;
            started = true;
        }
        long wait = paidUntil - now;
        paidUntil += Math.max(1, (long) (bytes * 1e9 / bytesPerSecond));
        return wait;
    }
}
