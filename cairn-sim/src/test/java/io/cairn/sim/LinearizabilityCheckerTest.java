package io.cairn.sim;

import io.cairn.sim.LinearizabilityChecker.Operation;
import io.cairn.sim.LinearizabilityChecker.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.cairn.sim.LinearizabilityChecker.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** The register linearizability checker on hand-made histories, and on generated ones. */
class LinearizabilityCheckerTest {

    private static final long UNKNOWN = Long.MAX_VALUE;
    private final LinearizabilityChecker checker = new LinearizabilityChecker(1_000_000);

    @Test
    void sequentialHistoriesAreJudgedByTheRegistersRules() {
        assertThat(checker.check(List.of(
                Operation.read(0, 1, NONE),
                Operation.write(2, 3, 1),
                Operation.read(4, 5, 1),
                Operation.cas(6, 7, 1, 2, true),
                Operation.cas(8, 9, 1, 3, false),
                Operation.read(10, 11, 2)))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.write(0, 1, 1),
                Operation.read(2, 3, NONE)))).as("a read after a completed write misses it")
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.write(0, 1, 1),
                Operation.cas(2, 3, 1, 2, false)))).as("a CAS that should have applied")
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.read(0, 1, 7)))).as("a value never written").isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aCompareAndSetThatDidNotApplyIsAReadOfTheValueItAnswered() {
        assertThat(checker.check(List.of(
                Operation.write(0, 1, 1),
                Operation.casNotApplied(2, 3, 5, 1)))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.write(0, 1, 1),
                Operation.casNotApplied(2, 3, 5, 2)))).as("it answered a value the register never held")
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.write(0, 1, 1),
                Operation.casNotApplied(2, 3, 1, 1)))).as("it saw the value it expected, so it should have applied")
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.casNotApplied(0, 1, 5, NONE)))).as("no row yet").isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void concurrentOperationsMayTakeEffectInEitherOrder() {
        // Two overlapping writes, then reads: either order explains "2 then 2".
        assertThat(checker.check(List.of(
                Operation.write(0, 10, 1),
                Operation.write(5, 15, 2),
                Operation.read(20, 21, 2),
                Operation.read(22, 23, 2)))).isEqualTo(Verdict.LINEARIZABLE);
        // A read overlapping a write may see the old or the new value...
        assertThat(checker.check(List.of(
                Operation.write(0, 1, 1),
                Operation.write(10, 20, 2),
                Operation.read(11, 12, 2),
                Operation.read(13, 14, 1)))).as("...but not the new one and then the old one")
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.write(0, 1, 1),
                Operation.write(10, 20, 2),
                Operation.read(11, 12, 1),
                Operation.read(13, 14, 2)))).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void anOperationWithAnUnknownOutcomeMayHaveHappenedOrNot() {
        assertThat(checker.check(List.of(
                Operation.write(0, UNKNOWN, 1),
                Operation.read(5, 6, 1)))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.write(0, UNKNOWN, 1),
                Operation.read(5, 6, NONE)))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.write(0, UNKNOWN, 1),
                Operation.read(5, 6, 1),
                Operation.read(7, 8, NONE)))).as("once seen, it happened").isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.read(0, 1, NONE),
                Operation.write(5, UNKNOWN, 1)))).as("not before its invocation")
                .isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.read(2, 3, 1),
                Operation.write(5, UNKNOWN, 1)))).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void compareAndSetRacesAllowOneWinner() {
        assertThat(checker.check(List.of(
                Operation.cas(0, 10, NONE, 1, true),
                Operation.cas(0, 10, NONE, 2, false),
                Operation.read(11, 12, 1)))).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(
                Operation.cas(0, 10, NONE, 1, true),
                Operation.cas(0, 10, NONE, 2, true)))).as("two winners").isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    /**
     * Histories generated from a real sequential register with random overlaps are always
     * linearizable; the same histories with one read's answer changed to a value the register
     * never held at any time the read could see are not.
     */
    @Test
    void generatedHistoriesOfARealRegisterPassAndCorruptedOnesFail() {
        SplittableRandom random = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            List<Operation> history = new ArrayList<>();
            long state = NONE;
            long clock = 0;
            for (int i = 0; i < 30; i++) {
                // Each operation takes effect at `clock`; its invocation and completion straddle it.
                long invoked = clock - random.nextInt(20);
                long completed = clock + random.nextInt(20);
                int type = random.nextInt(3);
                if (type == 0) {
                    long value = i + 1;
                    history.add(Operation.write(invoked, completed, value));
                    state = value;
                } else if (type == 1) {
                    history.add(Operation.read(invoked, completed, state));
                } else {
                    long expected = random.nextBoolean() ? state : 1_000 + i;
                    boolean applied = expected == state;
                    history.add(Operation.cas(invoked, completed, expected, 2_000 + i, applied));
                    if (applied) {
                        state = 2_000 + i;
                    }
                }
                clock += 10;
            }
            assertThat(checker.check(history)).as("round %d", round).isEqualTo(Verdict.LINEARIZABLE);
            List<Operation> corrupted = new ArrayList<>(history);
            corrupted.add(Operation.read(clock + 100, clock + 101, 999_999));
            assertThat(checker.check(corrupted)).isEqualTo(Verdict.NOT_LINEARIZABLE);
        }
    }

    @Test
    void aSearchPastItsBoundSaysUnknown() {
        List<Operation> history = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            history.add(Operation.write(0, 100, i + 1));
        }
        history.add(Operation.read(200, 201, 999));
        assertThat(new LinearizabilityChecker(1_000).check(history)).isEqualTo(Verdict.UNKNOWN);
    }
}
