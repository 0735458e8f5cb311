package io.cairn.tools.bench;

import io.cairn.common.time.Clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The lightweight-transaction operations, as a compare-and-set client runs them.
 *
 * <p>CAS_INSERT inserts a new record IF NOT EXISTS. CAS_UPDATE replaces a record's field0 IF it
 * still holds the value the client last knew: the value it wrote when its last update of that
 * record was applied, or the current value a refusal returned. A record it knows nothing about
 * (never touched, or its last update's outcome was unknown) is first read at SERIAL, as a
 * client must before its first compare-and-set, and that read is measured as SERIAL_READ. With
 * many operations in flight on few records (the contended workload) several updates expect the
 * same value: one is applied and the others are refused and learn the new value, which is what
 * contending clients see.
 *
 * <p>Every step is recorded with its outcome; the stage {@link #issue} returns always completes
 * normally, once everything is recorded.
 */
final class CasWorkload {

    private final CasClient client;
    private final Workload workload;
    private final long records;
    private final Clock clock;
    private final long firstNewRecord;
    private final AtomicLong inserted = new AtomicLong();
    /** The value of field0 the client expects, by record key; absent when it does not know it. */
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();

    /** A value of field0 that may be null (a map cannot hold null). */
    private record Expected(String value) {
    }

    /**
     * New records are numbered from the run's start in microseconds, far above the loaded
     * records: a run cannot insert a record per microsecond, so runs one after another (a warm-up,
     * then the measured run) never insert the same key and every insert should be applied.
     */
    CasWorkload(CasClient client, Workload workload, long records, Clock clock) {
        if (!workload.conditional()) {
            throw new IllegalArgumentException("workload " + workload.name() + " has no conditional statements");
        }
        this.client = client;
        this.workload = workload;
        this.records = records;
        this.clock = clock;
        this.firstNewRecord = Math.max(records, clock.currentTimeMicros());
    }

    /** Records the updates may touch: every loaded record, or the contended workload's hot few. */
    long updatedRecords() {
        return workload.casKeys() > 0 ? Math.min(workload.casKeys(), records) : records;
    }

    /**
     * Starts one operation; the random draws happen here, on the calling thread ({@code random}
     * is not shared with the threads that complete the stages).
     */
    CompletionStage<Void> issue(Workload.Operation operation, long beginNanos, SplittableRandom random,
                                BenchRunner.Recording recording) {
        try {
            return switch (operation) {
                case CAS_INSERT -> insert(beginNanos, random, recording);
                case CAS_UPDATE -> update(beginNanos, random, recording);
                default -> throw new IllegalArgumentException("not a conditional operation: " + operation);
            };
        } catch (RuntimeException e) {
            // A statement that could not even be sent still counts, as a failure.
            recording.record(operation, micros(beginNanos), BenchRunner.Outcome.FAILED);
            return CompletableFuture.completedFuture(null);
        }
    }

    private CompletionStage<Void> insert(long beginNanos, SplittableRandom random, BenchRunner.Recording recording) {
        String key = Keys.key(firstNewRecord + inserted.getAndIncrement());
        List<String> fields = new ArrayList<>(Workload.FIELDS);
        for (int f = 0; f < Workload.FIELDS; f++) {
            fields.add(BenchRunner.Statements.value(random));
        }
        return measured(Workload.Operation.CAS_INSERT, beginNanos, recording,
                () -> client.insertIfNotExists(key, fields), CasWorkload::outcome).thenApply(ignored -> null);
    }

    private CompletionStage<Void> update(long beginNanos, SplittableRandom random, BenchRunner.Recording recording) {
        String key = Keys.key(random.nextLong(updatedRecords()));
        String value = BenchRunner.Statements.value(random);
        Expected known = expected.get(key);
        CompletionStage<Expected> current;
        long[] casBegin = {beginNanos};
        if (known != null) {
            current = CompletableFuture.completedFuture(known);
        } else {
            current = measured(Workload.Operation.SERIAL_READ, beginNanos, recording,
                    () -> client.readSerial(key).thenApply(Expected::new), read -> BenchRunner.Outcome.DONE)
                    .thenApply(read -> {
                        casBegin[0] = clock.nanoTime();
                        return read;
                    });
        }
        return current.thenCompose(before -> {
            if (before == null) {
                // The read failed (and was recorded): there is nothing to compare with.
                return CompletableFuture.completedFuture(null);
            }
            return measured(Workload.Operation.CAS_UPDATE, casBegin[0], recording,
                    () -> client.updateIf(key, value, before.value()), CasWorkload::outcome)
                    .thenApply(outcome -> {
                        learn(key, value, outcome);
                        return null;
                    });
        });
    }

    /** What the client expects of field0 after an update's outcome. */
    private void learn(String key, String written, CasOutcome outcome) {
        if (outcome == null) {
            expected.remove(key);
        } else if (outcome.result() == CasOutcome.Result.APPLIED) {
            expected.put(key, new Expected(written));
        } else if (outcome.currentKnown()) {
            expected.put(key, new Expected(outcome.current()));
        } else {
            // Unknown (the update may still take effect) or refused without the value: read it again.
            expected.remove(key);
        }
    }

    private static BenchRunner.Outcome outcome(CasOutcome outcome) {
        return switch (outcome.result()) {
            case APPLIED -> BenchRunner.Outcome.APPLIED;
            case NOT_APPLIED -> BenchRunner.Outcome.NOT_APPLIED;
            case UNKNOWN -> BenchRunner.Outcome.UNKNOWN;
        };
    }

    /**
     * Runs one statement and records its latency from {@code beginNanos} and its outcome; the
     * stage completes with the statement's result, or with null when it failed (recorded as a
     * failure, not propagated).
     */
    private <T> CompletionStage<T> measured(Workload.Operation operation, long beginNanos,
                                            BenchRunner.Recording recording,
                                            java.util.function.Supplier<CompletionStage<T>> statement,
                                            Function<T, BenchRunner.Outcome> classify) {
        CompletionStage<T> sent;
        try {
            sent = statement.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((result, error) -> {
            recording.record(operation, micros(beginNanos), error != null ? BenchRunner.Outcome.FAILED
                    : classify.apply(result));
            return error != null ? null : result;
        });
    }

    private long micros(long beginNanos) {
        return (clock.nanoTime() - beginNanos) / 1_000;
    }
}
