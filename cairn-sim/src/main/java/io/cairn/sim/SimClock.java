package io.cairn.sim;

import io.cairn.common.time.Clock;
import io.cairn.common.time.ManualClock;

/**
 * A node's clock in the simulation: the virtual time, plus this node's offset (skew) and
 * drift. Wall-clock readings (write timestamps, TTLs, gossip generations) are skewed as on
 * real machines; {@link #nanoTime()} stays the virtual time, monotonic.
 */
final class SimClock implements Clock {

    private final ManualClock time;
    private final long startMicros;
    private long offsetMicros;
    private final double driftPerMicro;

    /**
     * @param offsetMicros how far this node's wall clock is ahead (negative: behind)
     * @param driftPpm     how fast it gains (negative: loses), in parts per million
     */
    SimClock(ManualClock time, long offsetMicros, double driftPpm) {
        this.time = time;
        this.startMicros = time.currentTimeMicros();
        this.offsetMicros = offsetMicros;
        this.driftPerMicro = driftPpm / 1_000_000.0;
    }

    @Override
    public long currentTimeMicros() {
        long now = time.currentTimeMicros();
        return now + offsetMicros + (long) ((now - startMicros) * driftPerMicro);
    }

    @Override
    public long nanoTime() {
        return time.currentTimeMicros() * 1_000L;
    }

    /** Steps the wall clock (an NTP correction, forwards or backwards). */
    void step(long micros) {
        offsetMicros += micros;
    }

    long offsetMicros() {
        return offsetMicros;
    }
}
