package io.cairn.tools.bench;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.servererrors.DefaultWriteType;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.cairn.common.time.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CasWorkloadTest {

    private static final long LOADED = 1_000;

    /**
     * A linearizable store of field0 per key, as a server's Paxos gives it. With {@code held},
     * statements wait until {@link #release} runs them in the order sent, so that several can be
     * in flight at once; {@code next} forces the outcome of the next conditional statement.
     */
    static final class MemoryCas implements CasClient {
        final Map<String, String> field0 = new HashMap<>();
        final Set<String> inserted = new HashSet<>();
        final List<Runnable> held = new ArrayList<>();
        boolean holding;
        CasOutcome next;
        RuntimeException fail;
        int serialReads;
        int updates;

        MemoryCas(long records) {
            for (long r = 0; r < records; r++) {
                field0.put(Keys.key(r), "initial-" + r);
            }
        }

        private <T> CompletionStage<T> run(java.util.function.Supplier<T> statement) {
            CompletableFuture<T> result = new CompletableFuture<>();
            Runnable step = () -> {
                if (fail != null) {
                    result.completeExceptionally(fail);
                } else {
                    result.complete(statement.get());
                }
            };
            if (holding) {
                held.add(step);
            } else {
                step.run();
            }
            return result;
        }

        void release() {
            List<Runnable> steps = new ArrayList<>(held);
            held.clear();
            steps.forEach(Runnable::run);
        }

        @Override
        public CompletionStage<CasOutcome> insertIfNotExists(String key, List<String> fields) {
            return run(() -> {
                assertThat(fields).hasSize(Workload.FIELDS);
                if (!inserted.add(key) || field0.containsKey(key)) {
                    return CasOutcome.notApplied(field0.get(key));
                }
                field0.put(key, fields.get(0));
                return CasOutcome.APPLIED;
            });
        }

        @Override
        public CompletionStage<CasOutcome> updateIf(String key, String value, String expected) {
            return run(() -> {
                updates++;
                if (next != null) {
                    CasOutcome forced = next;
                    next = null;
                    return forced;
                }
                if (!java.util.Objects.equals(field0.get(key), expected)) {
                    return CasOutcome.notApplied(field0.get(key));
                }
                field0.put(key, value);
                return CasOutcome.APPLIED;
            });
        }

        @Override
        public CompletionStage<String> readSerial(String key) {
            return run(() -> {
                serialReads++;
                return field0.get(key);
            });
        }
    }

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void theLightweightTransactionWorkloadsPickOnlyTheirConditionalStatement() {
        assertThat(Workload.of("lwt-insert").pick(0.0)).isEqualTo(Workload.Operation.CAS_INSERT);
        assertThat(Workload.of("lwt-insert").pick(0.999)).isEqualTo(Workload.Operation.CAS_INSERT);
        assertThat(Workload.of("LWT-UPDATE").pick(0.5)).isEqualTo(Workload.Operation.CAS_UPDATE);
        assertThat(Workload.of("lwt-contended").pick(0.999)).isEqualTo(Workload.Operation.CAS_UPDATE);
        assertThat(Workload.of("lwt-update").conditional()).isTrue();
        assertThat(Workload.of("a").conditional()).isFalse();
        assertThat(Workload.of("a").pick(0.75)).as("YCSB's mixes are unchanged").isEqualTo(Workload.Operation.UPDATE);
        assertThat(Workload.of("f").pick(0.75)).isEqualTo(Workload.Operation.READ_MODIFY_WRITE);
        assertThat(Workload.Operation.SERIAL_READ.conditional()).isFalse();
        assertThatThrownBy(() -> Workload.of("lwt")).hasMessageContaining("lwt-contended");
    }

    @Test
    void anUpdateReadsARecordAtSerialOnlyUntilItKnowsItsValue() {
        MemoryCas store = new MemoryCas(LOADED);
        CasWorkload workload = new CasWorkload(store, Workload.of("lwt-contended"), LOADED, clock);
        BenchRunner.Recording recording = new BenchRunner.Recording();
        for (int i = 0; i < 200; i++) {
            issue(workload, Workload.Operation.CAS_UPDATE, recording);
        }
        assertThat(workload.updatedRecords()).isEqualTo(Workload.CONTENDED_KEYS);
        assertThat(store.serialReads).as("one SERIAL read per record, then the client knows").isEqualTo(10);
        assertThat(recording.count(Workload.Operation.SERIAL_READ, BenchRunner.Outcome.DONE)).isEqualTo(10);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.APPLIED)).isEqualTo(200);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.NOT_APPLIED)).isZero();
        assertThat(recording.latencies.get(Workload.Operation.CAS_UPDATE).getTotalCount()).isEqualTo(200);
        assertThat(recording.done.get()).isEqualTo(210);
        for (long r = Workload.CONTENDED_KEYS; r < LOADED; r++) {
            assertThat(store.field0.get(Keys.key(r))).as("only the hot records change").isEqualTo("initial-" + r);
        }
    }

    @Test
    void aRefusalTeachesTheCurrentValueSoTheNextAttemptIsApplied() {
        MemoryCas store = new MemoryCas(1);
        CasWorkload workload = new CasWorkload(store, Workload.of("lwt-update"), 1, clock);
        BenchRunner.Recording recording = new BenchRunner.Recording();
        issue(workload, Workload.Operation.CAS_UPDATE, recording);
        store.field0.put(Keys.key(0), "written by another client");
        issue(workload, Workload.Operation.CAS_UPDATE, recording);
        issue(workload, Workload.Operation.CAS_UPDATE, recording);
        assertThat(store.serialReads).isEqualTo(1);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.APPLIED)).isEqualTo(2);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.NOT_APPLIED)).isEqualTo(1);
    }

    @Test
    void contendingUpdatesOfOneRecordApplyOnceAndTheOthersLearnTheWinner() {
        MemoryCas store = new MemoryCas(1);
        CasWorkload workload = new CasWorkload(store, Workload.of("lwt-contended"), 1, clock);
        BenchRunner.Recording recording = new BenchRunner.Recording();
        issue(workload, Workload.Operation.CAS_UPDATE, recording);
        store.holding = true;
        List<CompletionStage<Void>> inFlight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inFlight.add(workload.issue(Workload.Operation.CAS_UPDATE, clock.nanoTime(), random, recording));
        }
        assertThat(inFlight).noneMatch(stage -> stage.toCompletableFuture().isDone());
        store.release();
        assertThat(inFlight).allMatch(stage -> stage.toCompletableFuture().isDone());
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.APPLIED)).isEqualTo(2);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.NOT_APPLIED)).isEqualTo(7);
        store.holding = false;
        issue(workload, Workload.Operation.CAS_UPDATE, recording);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.APPLIED))
                .as("the refusals returned the winner's value, so the next attempt expects it").isEqualTo(3);
        assertThat(store.serialReads).isEqualTo(1);
    }

    @Test
    void anUnknownOutcomeIsCountedApartAndTheRecordIsReadAgain() {
        MemoryCas store = new MemoryCas(1);
        CasWorkload workload = new CasWorkload(store, Workload.of("lwt-update"), 1, clock);
        BenchRunner.Recording recording = new BenchRunner.Recording();
        store.next = CasOutcome.UNKNOWN;
        issue(workload, Workload.Operation.CAS_UPDATE, recording);
        issue(workload, Workload.Operation.CAS_UPDATE, recording);
        assertThat(store.serialReads).as("after an unknown outcome the client cannot know the value").isEqualTo(2);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.UNKNOWN)).isEqualTo(1);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.APPLIED)).isEqualTo(1);
        assertThat(recording.count(Workload.Operation.CAS_UPDATE, BenchRunner.Outcome.FAILED)).isZero();
        assertThat(recording.latencies.get(Workload.Operation.CAS_UPDATE).getTotalCount())
                .as("an unknown outcome kept its client waiting: it counts in the latencies").isEqualTo(2);
    }

    @Test
    void aFailedStatementIsAnErrorAndItsOperationStillCompletes() {
        MemoryCas store = new MemoryCas(1);
        CasWorkload workload = new CasWorkload(store, Workload.of("lwt-update"), 1, clock);
        BenchRunner.Recording recording = new BenchRunner.Recording();
        store.fail = new IllegalStateException("unavailable");
        CompletionStage<Void> stage = workload.issue(Workload.Operation.CAS_UPDATE, clock.nanoTime(), random,
                recording);
        assertThat(stage.toCompletableFuture()).isCompletedWithValue(null);
        assertThat(recording.count(Workload.Operation.SERIAL_READ, BenchRunner.Outcome.FAILED)).isEqualTo(1);
        assertThat(store.updates).as("no update without the value to compare with").isZero();
        assertThat(recording.latencies.get(Workload.Operation.SERIAL_READ).getTotalCount()).isZero();
    }

    @Test
    void insertsUseNewKeysThatALaterRunDoesNotReuse() {
        MemoryCas store = new MemoryCas(LOADED);
        BenchRunner.Recording recording = new BenchRunner.Recording();
        CasWorkload warmUp = new CasWorkload(store, Workload.of("lwt-insert"), LOADED, clock);
        for (int i = 0; i < 500; i++) {
            issue(warmUp, Workload.Operation.CAS_INSERT, recording);
        }
        clock.advance(Duration.ofSeconds(10));
        CasWorkload measured = new CasWorkload(store, Workload.of("lwt-insert"), LOADED, clock);
        for (int i = 0; i < 500; i++) {
            issue(measured, Workload.Operation.CAS_INSERT, recording);
        }
        assertThat(recording.count(Workload.Operation.CAS_INSERT, BenchRunner.Outcome.APPLIED)).isEqualTo(1_000);
        assertThat(recording.count(Workload.Operation.CAS_INSERT, BenchRunner.Outcome.NOT_APPLIED)).isZero();
        assertThat(store.field0).hasSize((int) LOADED + 1_000);
        assertThatThrownBy(() -> new CasWorkload(store, Workload.of("a"), LOADED, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTimeoutDuringThePaxosRoundIsAnUnknownOutcomeAndOtherTimeoutsAreErrors() {
        assertThat(DriverCasClient.unknown(new WriteTimeoutException(null, DefaultConsistencyLevel.QUORUM, 1, 2,
                DefaultWriteType.CAS))).isTrue();
        assertThat(DriverCasClient.unknown(new WriteTimeoutException(null, DefaultConsistencyLevel.QUORUM, 1, 2,
                DefaultWriteType.SIMPLE))).isFalse();
        assertThat(DriverCasClient.unknown(new IllegalStateException("timeout"))).isFalse();
    }

    @Test
    void theSummaryShowsConditionalOutcomesAndInternodeMessagesPerOperation() {
        BenchRunner.Recording recording = new BenchRunner.Recording();
        recording.record(Workload.Operation.CAS_UPDATE, 2_000, BenchRunner.Outcome.APPLIED);
        recording.record(Workload.Operation.CAS_UPDATE, 3_000, BenchRunner.Outcome.NOT_APPLIED);
        recording.record(Workload.Operation.CAS_UPDATE, 1_000_000, BenchRunner.Outcome.UNKNOWN);
        recording.record(Workload.Operation.SERIAL_READ, 1_000, BenchRunner.Outcome.DONE);
        Map<String, Long> counters = ServerCounters.delta(
                Map.of(ServerCounters.MESSAGES_SENT, 100L, "gone", 1L),
                Map.of(ServerCounters.MESSAGES_SENT, 132L, "new", 5L));
        assertThat(counters).containsOnly(Map.entry(ServerCounters.MESSAGES_SENT, 32L));
        BenchResult.Phase phase = BenchResult.Phase.of(recording, 1_000_000_000L, 0, true, counters);
        assertThat(phase.messagesPerOperation()).isEqualTo(8.0);
        BenchResult.Operation update = phase.byOperation().get("CAS_UPDATE");
        assertThat(List.of(update.count(), update.applied(), update.notApplied(), update.unknown(), update.errors()))
                .containsExactly(3L, 1L, 1L, 1L, 0L);
        BenchResult result = new BenchResult("cairn", "lwt-update", 10, 1, 0, "QUORUM", 3, null, phase, null);
        assertThat(result.summary()).contains("applied 1  not applied 1  unknown 1")
                .contains("internode messages 32 = 8.00 per op").contains("SERIAL_READ");
        BenchResult.Phase without = BenchResult.Phase.of(recording, 1_000_000_000L, 0, true, Map.of());
        assertThat(without.messagesPerOperation()).isEqualTo(-1);
        assertThat(BenchResult.compare(result, new BenchResult("cassandra", "lwt-update", 10, 1, 0, "QUORUM", 3,
                null, without, null))).contains("CAS_UPDATE unknown %").contains("internode messages/op");
    }

    @Test
    void aResultWrittenBeforeOutcomesAndCountersWereRecordedStillReadsAndCompares(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
        java.nio.file.Path old = directory.resolve("old.json");
        java.nio.file.Files.writeString(old, """
                {"label":"cassandra","workload":"a","records":100,"concurrency":32,"targetRate":0.0,
                 "consistency":"ONE","replicationFactor":1,"load":null,
                 "run":{"operations":10,"seconds":1.0,"throughput":10.0,"serverCpuSeconds":-1.0,
                        "serverCpuMicrosPerOperation":-1.0,
                        "byOperation":{"READ":{"count":10,"errors":0,"p50":100,"p90":200,"p99":300,"p999":400,
                                               "max":500,"percentiles":{"50":100}}}}}
                """);
        BenchResult result = BenchResult.read(old);
        assertThat(result.run().byOperation().get("READ").applied()).isZero();
        assertThat(result.run().messagesPerOperation()).isEqualTo(-1);
        assertThat(BenchResult.compare(result, result)).contains("READ p99 (ms)").doesNotContain("internode");
    }

    private void issue(CasWorkload workload, Workload.Operation operation, BenchRunner.Recording recording) {
        assertThat(workload.issue(operation, clock.nanoTime(), random, recording).toCompletableFuture())
                .isCompletedWithValue(null);
    }
}
