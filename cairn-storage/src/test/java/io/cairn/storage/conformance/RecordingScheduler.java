package io.cairn.storage.conformance;

import io.cairn.common.time.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scheduler that records tasks and runs them only when a test says so. */
public final class RecordingScheduler implements Scheduler {

    /** A recorded periodic or one-off task. */
    public record Task(Duration delay, Runnable action, boolean[] cancelled) {
    }

    private final List<Task> tasks = new ArrayList<>();

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        return record(delay, task);
    }

    @Override
    public synchronized Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
        return record(delay, task);
    }

    private Cancellable record(Duration delay, Runnable action) {
        boolean[] cancelled = {false};
        tasks.add(new Task(delay, action, cancelled));
        return () -> cancelled[0] = true;
    }

    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    /** Runs every task that is not cancelled, once. */
    public void runAll() {
        for (Task task : tasks()) {
            if (!task.cancelled()[0]) {
                task.action().run();
            }
        }
    }
}
