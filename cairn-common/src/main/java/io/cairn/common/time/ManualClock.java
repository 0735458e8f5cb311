package io.cairn.common.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to. Tests use it to drive TTL expiry and gc grace
 * deterministically; it is safe to read from several threads.
 */
public final class ManualClock implements Clock {

    private final AtomicLong micros;

    public ManualClock(long startMicros) {
        this.micros = new AtomicLong(startMicros);
    }

    @Override
    public long currentTimeMicros() {
        return micros.get();
    }

    @Override
    public long nanoTime() {
        return Math.multiplyExact(micros.get(), 1_000L);
    }

    /** Moves the clock forward by {@code amount}; moving backwards is refused. */
    public void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("A manual clock only moves forward, got " + amount);
        }
        micros.addAndGet(amount.toNanos() / 1_000L);
    }

    public void setMicros(long newMicros) {
        micros.set(newMicros);
    }
}
