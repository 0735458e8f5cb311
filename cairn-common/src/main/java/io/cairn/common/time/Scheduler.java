package io.cairn.common.time;

import java.time.Duration;

/**
 * Runs tasks later. Components take a scheduler through their constructor instead of
 * creating threads, so that the simulator can run them on virtual time.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} repeatedly, waiting {@code delay} between the end of one run and the
     * start of the next. A task that throws is logged by the implementation and keeps its schedule.
     */
    Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task);

    /** A handle to stop a scheduled task; cancelling twice is harmless. */
    interface Cancellable {
        void cancel();
    }
}
