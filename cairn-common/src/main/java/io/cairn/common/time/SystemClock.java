package io.cairn.common.time;

import io.cairn.common.SuppressForbidden;

import java.time.Instant;

/** The real clock, for production wiring only. */
@SuppressForbidden(reason = "the one place the node reads the real clock")
public final class SystemClock implements Clock {

    @Override
    public long currentTimeMicros() {
        Instant now = Instant.now();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000L);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
