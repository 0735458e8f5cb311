package io.cairn.server.query;

import io.cairn.common.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Logs the statements slower than a threshold ({@code slow_query_log_timeout}), as Cassandra's
 * slow query log: each with its time, its client and its text (cut at {@link #MAX_STATEMENT_CHARS}).
 * At most {@link #MAX_LINES_PER_MINUTE} lines a minute: past them, slow statements are counted,
 * and the next line says how many were not logged. Thread-safe.
 */
public final class SlowQueryLog {

    private static final Logger LOG = LoggerFactory.getLogger(SlowQueryLog.class);

    public static final int MAX_LINES_PER_MINUTE = 20;
    public static final int MAX_STATEMENT_CHARS = 1_000;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final long thresholdNanos;
    private final Clock clock;
    private final Consumer<String> lines;
    private long windowStartNanos;
    private int linesInWindow;
    private long unlogged;

    /** Logs at INFO the statements slower than {@code thresholdMillis} (positive). */
    public SlowQueryLog(long thresholdMillis, Clock clock) {
        this(thresholdMillis, clock, LOG::info);
    }

    SlowQueryLog(long thresholdMillis, Clock clock, Consumer<String> lines) {
        if (thresholdMillis <= 0) {
            throw new IllegalArgumentException("The slow query threshold must be positive, not " + thresholdMillis);
        }
        this.thresholdNanos = thresholdMillis * 1_000_000;
        this.clock = clock;
        this.lines = lines;
        this.windowStartNanos = clock.nanoTime();
    }

    /** When the statement began, by the clock this log reads; pass it to {@link #finished}. */
    public long start() {
        return clock.nanoTime();
    }

    /** Whether a statement that began at {@code startNanos} and is answered now was slow. */
    public boolean isSlow(long startNanos) {
        return clock.nanoTime() - startNanos >= thresholdNanos;
    }

    /** A statement that began at {@code startNanos} has been answered: logged if it was slow. */
    public void finished(long startNanos, String statement, InetSocketAddress client, boolean failed) {
        long now = clock.nanoTime();
        long elapsed = now - startNanos;
        if (elapsed < thresholdNanos) {
            return;
        }
        long skipped;
        synchronized (this) {
            if (now - windowStartNanos >= MINUTE_NANOS) {
                windowStartNanos = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= MAX_LINES_PER_MINUTE) {
                unlogged++;
                return;
            }
            linesInWindow++;
            skipped = unlogged;
            unlogged = 0;
        }
        String text = statement.length() > MAX_STATEMENT_CHARS
                ? statement.substring(0, MAX_STATEMENT_CHARS) + "..." : statement;
        lines.accept("Slow query: " + elapsed / 1_000_000 + " ms (slow_query_log_timeout " + thresholdNanos / 1_000_000
                + " ms)" + (failed ? ", failed," : "") + " from " + (client == null ? "an unknown client"
                : client.getAddress().getHostAddress() + ":" + client.getPort()) + ": " + text
                + (skipped > 0 ? " (" + skipped + " more slow queries were not logged: at most "
                + MAX_LINES_PER_MINUTE + " lines a minute)" : ""));
    }
}
