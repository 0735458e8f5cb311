package io.cairn.common.time;

import io.cairn.common.SuppressForbidden;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The production scheduler: one daemon thread per instance. Only the node's wiring creates
 * one; cluster and storage code receive it as a {@link Scheduler}.
 */
@SuppressForbidden(reason = "the production scheduler owns the node's timer thread")
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService executor;
    private final Consumer<Throwable> onTaskFailure;

    /**
     * @param threadName    name of the scheduler thread, for thread dumps
     * @param onTaskFailure told about any exception a task throws; the task keeps its schedule
     */
    public ExecutorScheduler(String threadName, Consumer<Throwable> onTaskFailure) {
        AtomicInteger created = new AtomicInteger();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + created.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.onTaskFailure = onTaskFailure;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.scheduleWithFixedDelay(
                guarded(task), initialDelay.toNanos(), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                onTaskFailure.accept(e);
            }
        };
    }

    /** Stops the thread after the running task, if any, completes; pending tasks are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
