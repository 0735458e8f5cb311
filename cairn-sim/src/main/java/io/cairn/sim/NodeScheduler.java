package io.cairn.sim;

import io.cairn.common.time.Scheduler;
import io.cairn.common.time.VirtualScheduler;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * One node's view of the simulation's event loop. A crash starts a new incarnation: every
 * task of the old one (timers, deliveries to it) is dropped when its time comes. A pause
 * (a long GC, a stopped VM) holds the node's one-shot tasks until it ends and skips its
 * periodic ones meanwhile, as a frozen process would.
 */
final class NodeScheduler implements Scheduler {

    private final VirtualScheduler loop;
    private final Consumer<Throwable> onError;
    private int incarnation;
    private long pausedUntilMicros;

    NodeScheduler(VirtualScheduler loop, Consumer<Throwable> onError) {
        this.loop = loop;
        this.onError = onError;
    }

    /** Drops every task scheduled so far: the process they belonged to is gone. */
    void newIncarnation() {
        incarnation++;
        pausedUntilMicros = 0;
    }

    void pauseUntil(long micros) {
        pausedUntilMicros = Math.max(pausedUntilMicros, micros);
    }

    boolean isPaused() {
        return now() < pausedUntilMicros;
    }

    private long now() {
        return loop.clock().currentTimeMicros();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        int owner = incarnation;
        Cancellable[] current = new Cancellable[1];
        boolean[] cancelled = new boolean[1];
        Runnable[] attempt = new Runnable[1];
        attempt[0] = () -> {
            if (owner != incarnation || cancelled[0]) {
                return;
            }
            if (isPaused()) {
                current[0] = loop.schedule(Duration.ofNanos((pausedUntilMicros - now()) * 1_000L), attempt[0]);
                return;
            }
            run(task);
        };
        current[0] = loop.schedule(delay, attempt[0]);
        return () -> {
            cancelled[0] = true;
            current[0].cancel();
        };
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
        int owner = incarnation;
        Cancellable[] handle = new Cancellable[1];
        handle[0] = loop.scheduleWithFixedDelay(initialDelay, delay, () -> {
            if (owner != incarnation) {
                handle[0].cancel();
            } else if (!isPaused()) {
                run(task);
            }
        });
        return handle[0];
    }

    /** Runs a node's task; what it throws is a finding of the run, and the node goes on. */
    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | AssertionError e) {
            onError.accept(e);
        }
    }
}
