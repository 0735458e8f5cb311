package io.cairn.common.time;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A scheduler on virtual time: tasks run only when the owner advances the clock, in due-time
 * order (ties in scheduling order), on the advancing thread. Tests and the simulator use it so
 * that timeouts, retries and periodic work are deterministic and instantaneous.
 *
 * <p>Not thread-safe by design: one thread drives it.
 */
public final class VirtualScheduler implements Scheduler {

    private final ManualClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long sequence;

    public VirtualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    public ManualClock clock() {
        return clock;
    }

    /** The caller's handle; shared by every run of a periodic task. */
    private static final class Handle implements Cancellable {
        boolean isCancelled;

        @Override
        public void cancel() {
            isCancelled = true;
        }
    }

    private final class Task implements Comparable<Task> {
        final long dueMicros;
        final long order;
        final Runnable action;
        final long periodMicros;
        final Handle handle;

        Task(long dueMicros, Runnable action, long periodMicros, Handle handle) {
            this.dueMicros = dueMicros;
            this.order = sequence++;
            this.action = action;
            this.periodMicros = periodMicros;
            this.handle = handle;
        }

        @Override
        public int compareTo(Task other) {
            int cmp = Long.compare(dueMicros, other.dueMicros);
            return cmp != 0 ? cmp : Long.compare(order, other.order);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Handle handle = new Handle();
        tasks.add(new Task(clock.currentTimeMicros() + micros(delay), task, 0, handle));
        return handle;
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
        long period = Math.max(1, micros(delay));
        Handle handle = new Handle();
        tasks.add(new Task(clock.currentTimeMicros() + micros(initialDelay), task, period, handle));
        return handle;
    }

    private static long micros(Duration duration) {
        return Math.max(0, duration.toNanos() / 1_000L);
    }

    /** Runs every task due now (and those they schedule for now), without moving the clock. */
    public int runDue() {
        return runUntil(clock.currentTimeMicros());
    }

    /** Moves the clock forward by {@code amount}, running each task at its due time. */
    public int advance(Duration amount) {
        return runUntil(clock.currentTimeMicros() + micros(amount));
    }

    /** Runs tasks due up to {@code micros}, moving the clock to each task's time and finally to {@code micros}. */
    public int runUntil(long micros) {
        int ran = 0;
        while (!tasks.isEmpty() && tasks.peek().dueMicros <= micros) {
            Task task = tasks.poll();
            if (task.handle.isCancelled) {
                continue;
            }
            if (task.dueMicros > clock.currentTimeMicros()) {
                clock.setMicros(task.dueMicros);
            }
            task.action.run();
            ran++;
            if (task.periodMicros > 0 && !task.handle.isCancelled) {
                tasks.add(new Task(clock.currentTimeMicros() + task.periodMicros, task.action, task.periodMicros,
                        task.handle));
            }
        }
        if (micros > clock.currentTimeMicros()) {
            clock.setMicros(micros);
        }
        return ran;
    }

    /** Tasks waiting, cancelled ones included until their time comes. */
    public int pending() {
        return tasks.size();
    }
}
