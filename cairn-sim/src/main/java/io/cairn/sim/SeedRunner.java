package io.cairn.sim;

import io.cairn.common.SuppressForbidden;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs many seeds, several at once (each run is single-threaded and shares nothing, so
 * running them side by side changes no run), and sums up simulated time per wall second.
 */
@SuppressForbidden(reason = "runs independent simulations on worker threads and times them on the wall clock")
public final class SeedRunner {

    /** What a batch of runs gave: the failures in full, and the totals. */
    public record Summary(int runs, List<SimResult> failures, long simulatedMicros, long wallNanos, long operations) {

        /** Simulated seconds per wall-clock second, over the whole batch. */
        public double speedup() {
            return wallNanos == 0 ? 0 : simulatedMicros * 1_000.0 / wallNanos;
        }

        public String describe() {
            return String.format(java.util.Locale.ROOT,
                    "%d runs, %d failed; %.0f simulated s in %.1f wall s (%.0f simulated s per wall s); %d operations",
                    runs, failures.size(), simulatedMicros / 1e6, wallNanos / 1e9, speedup(), operations);
        }
    }

    private SeedRunner() {
    }

    /**
     * Runs every configuration on {@code threads} threads; {@code each} hears each result as it ends,
     * in the order of {@code configs}. At most {@code 2 * threads} runs are submitted and not yet
     * reported at any time, and a passed run's result is dropped once reported: a batch of thousands
     * of seeds keeps only its failures, not every run's history.
     */
    public static Summary run(List<SimConfig> configs, int threads, Consumer<SimResult> each) {
        long start = System.nanoTime();
        int workers = Math.max(1, threads);
        int window = 2 * workers;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            ArrayDeque<Future<SimResult>> inFlight = new ArrayDeque<>(window);
            List<SimResult> failures = new ArrayList<>();
            long simulated = 0;
            long operations = 0;
            int next = 0;
            while (next < configs.size() || !inFlight.isEmpty()) {
                while (next < configs.size() && inFlight.size() < window) {
                    SimConfig config = configs.get(next++);
                    inFlight.add(pool.submit(() -> Simulation.run(config)));
                }
                SimResult result = inFlight.remove().get();
                each.accept(result);
                simulated += result.simulatedMicros();
                operations += result.history().ops().size();
                if (!result.passed()) {
                    failures.add(result);
                }
            }
            return new Summary(configs.size(), failures, simulated, System.nanoTime() - start, operations);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A run failed to run: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
