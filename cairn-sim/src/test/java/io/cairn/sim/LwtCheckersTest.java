package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cairn.sim.History.NO_ROW;
import static org.assertj.core.api.Assertions.assertThat;

/** The checkers of lightweight transactions on hand-made histories. */
class LwtCheckersTest {

    private final History history = new History();

    private Op op(Kind kind, int key, long from, long to, Outcome outcome) {
        Op op = history.invoke(0, 0, kind, key, ConsistencyLevel.SERIAL, from);
        op.completedMicros = to;
        op.outcome = outcome;
        return op;
    }

    private Op cas(long from, long to, long expected, long written, Outcome outcome, boolean applied, long seen) {
        Op op = op(expected == NO_ROW ? Kind.CREATE : Kind.CAS, 1, from, to, outcome);
        op.expected = expected;
        op.written = written;
        op.applied = applied;
        op.seen = seen;
        return op;
    }

    private Op read(long from, long to, long seen) {
        Op op = op(Kind.LWT_READ, 1, from, to, Outcome.OK);
        op.seen = seen;
        return op;
    }

    private Op insert(int key, long from, long to, long written, Outcome outcome, boolean applied, long seen) {
        Op op = op(Kind.UNIQUE_INSERT, key, from, to, outcome);
        op.written = written;
        op.applied = applied;
        op.seen = seen;
        return op;
    }

    @Test
    void aRegisterOfCreationsCompareAndSetsAndReadsInOrderIsLinearizable() {
        cas(0, 10, NO_ROW, 1, Outcome.OK, true, NO_ROW);
        cas(20, 30, NO_ROW, 2, Outcome.OK, false, 1);
        cas(40, 50, 1, 3, Outcome.OK, true, NO_ROW);
        cas(60, 70, 1, 4, Outcome.OK, false, 3);
        read(80, 90, 3);
        assertThat(LwtCheckers.linearizable(history)).isEmpty();
    }

    @Test
    void twoCompareAndSetsFromOneValueCannotBothApply() {
        cas(0, 10, NO_ROW, 1, Outcome.OK, true, NO_ROW);
        cas(20, 30, 1, 2, Outcome.OK, true, NO_ROW);
        cas(25, 35, 1, 3, Outcome.OK, true, NO_ROW);
        assertThat(LwtCheckers.linearizable(history)).hasSize(1).first().asString()
                .contains("k1 is not linearizable").contains("first at");
    }

    @Test
    void aCompareAndSetThatDidNotApplyMustAnswerTheCurrentValue() {
        cas(0, 10, NO_ROW, 1, Outcome.OK, true, NO_ROW);
        cas(20, 30, 5, 2, Outcome.OK, false, 7);
        assertThat(LwtCheckers.linearizable(history)).as("7 was never the value").hasSize(1);
    }

    @Test
    void aCompareAndSetThatDidNotApplyCannotHaveSeenTheValueItExpected() {
        cas(0, 10, NO_ROW, 1, Outcome.OK, true, NO_ROW);
        cas(20, 30, 1, 2, Outcome.OK, false, 1);
        assertThat(LwtCheckers.linearizable(history)).hasSize(1);
    }

    @Test
    void aTimedOutCompareAndSetMayTakeEffectLaterOrNever() {
        cas(0, 10, NO_ROW, 1, Outcome.OK, true, NO_ROW);
        cas(20, 30, 1, 2, Outcome.UNKNOWN, false, NO_ROW);
        read(40, 50, 1);
        read(60, 70, 2);
        assertThat(LwtCheckers.linearizable(history)).isEmpty();
        read(80, 90, 1);
        assertThat(LwtCheckers.linearizable(history)).as("but it cannot be undone").hasSize(1);
    }

    @Test
    void anUnavailableCompareAndSetDidNotHappen() {
        cas(0, 10, NO_ROW, 1, Outcome.OK, true, NO_ROW);
        cas(20, 30, 1, 2, Outcome.FAILED, false, NO_ROW);
        read(40, 50, 2);
        assertThat(LwtCheckers.linearizable(history)).hasSize(1);
    }

    @Test
    void aUniqueKeyIsWonOnceAndEveryLoserAndLaterReadSeesTheWinner() {
        insert(1, 0, 10, 100, Outcome.OK, true, NO_ROW);
        insert(1, 5, 15, 101, Outcome.OK, false, 100);
        Op serial = op(Kind.UNIQUE_READ, 1, 20, 30, Outcome.OK);
        serial.seen = 100;
        assertThat(LwtCheckers.uniqueInserts(history)).isEmpty();

        insert(2, 0, 10, 200, Outcome.OK, true, NO_ROW);
        insert(2, 5, 15, 201, Outcome.OK, true, NO_ROW);
        assertThat(LwtCheckers.uniqueInserts(history)).hasSize(1).first().asString().contains("inserted 2 times");
    }

    @Test
    void aLoserMustAnswerAValueAnInsertBeganBeforeItAnswered() {
        insert(3, 0, 10, 300, Outcome.UNKNOWN, false, NO_ROW);
        insert(3, 5, 15, 301, Outcome.OK, false, 300);
        assertThat(LwtCheckers.uniqueInserts(history)).as("a timed-out insert may have won").isEmpty();
        insert(3, 20, 25, 302, Outcome.OK, false, 399);
        insert(3, 30, 35, 303, Outcome.OK, false, NO_ROW);
        assertThat(LwtCheckers.uniqueInserts(history)).hasSize(2);
    }

    @Test
    void aReadAfterTheWinnerMustSeeIt() {
        insert(4, 0, 10, 400, Outcome.OK, true, NO_ROW);
        Op lost = op(Kind.UNIQUE_READ, 4, 20, 30, Outcome.OK);
        lost.seen = NO_ROW;
        Op other = op(Kind.UNIQUE_READ, 4, 40, 50, Outcome.OK);
        other.seen = 401;
        assertThat(LwtCheckers.uniqueInserts(history)).hasSize(2);
    }

    @Test
    void theFinalSerialAndQuorumReadsMustAgree() {
        assertThat(LwtCheckers.serialAgreesWithQuorum(Map.of("k1", 5L, "k2", NO_ROW), Map.of("k1", 5L, "k2", NO_ROW)))
                .isEmpty();
        assertThat(LwtCheckers.serialAgreesWithQuorum(Map.of("k1", 5L), Map.of("k1", 4L))).hasSize(1);
        assertThat(LwtCheckers.serialAgreesWithQuorum(Map.of("k1", 5L), Map.of())).as("a failed read is not compared")
                .isEmpty();
    }

    @Test
    void aNodeWhoseTransactionsOftenTimeOutOnceHealedIsNotLive() {
        List<Checkers.Window> windows = List.of(new Checkers.Window(0, 1_000));
        cas(0, 10, NO_ROW, 1, Outcome.OK, true, NO_ROW);
        for (int i = 0; i < 8; i++) {
            read(20 + 10 * i, 25 + 10 * i, 1);
        }
        cas(100, Long.MAX_VALUE, 1, 2, Outcome.UNKNOWN, false, NO_ROW);
        assertThat(LwtCheckers.liveness(history, windows)).as("one in ten may time out").isEmpty();
        cas(110, Long.MAX_VALUE, 1, 3, Outcome.UNKNOWN, false, NO_ROW);
        assertThat(LwtCheckers.liveness(history, windows)).hasSize(1).first().asString()
                .contains("node 1 answered 9 of the 11");
        assertThat(LwtCheckers.liveness(history, List.of(new Checkers.Window(2_000, 3_000)))).as("outside the window")
                .isEmpty();
    }
}
