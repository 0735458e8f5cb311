package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.sim.History.Version;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The history checkers on hand-made histories. */
class CheckersTest {

    private final History history = new History();

    private Op op(Kind kind, ConsistencyLevel level, long from, long to, Outcome outcome, Version version) {
        Op op = history.invoke(0, 0, kind, 1, level, from);
        op.completedMicros = to;
        op.outcome = outcome;
        op.version = version;
        return op;
    }

    @Test
    void aQuorumReadMustSeeAWriteAcknowledgedBeforeIt() {
        op(Kind.WRITE, ConsistencyLevel.QUORUM, 0, 10, Outcome.OK, new Version(100, 1));
        op(Kind.WRITE, ConsistencyLevel.QUORUM, 20, 30, Outcome.OK, new Version(200, 2));
        op(Kind.READ, ConsistencyLevel.QUORUM, 25, 26, Outcome.OK, new Version(100, 1));
        assertThat(Checkers.readAfterWrite(history)).as("concurrent with the second write").isEmpty();
        op(Kind.READ, ConsistencyLevel.ONE, 40, 41, Outcome.OK, new Version(100, 1));
        assertThat(Checkers.readAfterWrite(history)).as("ONE promises nothing").isEmpty();
        op(Kind.READ, ConsistencyLevel.QUORUM, 40, 41, Outcome.OK, new Version(100, 1));
        assertThat(Checkers.readAfterWrite(history)).hasSize(1).first().asString().contains("stale read");
    }

    @Test
    void aWriteWithAHigherTimestampSupersedesALaterOne() {
        // Skewed clocks: the later write carries the lower timestamp and loses, as in Cassandra.
        op(Kind.WRITE, ConsistencyLevel.QUORUM, 0, 10, Outcome.OK, new Version(500, 1));
        op(Kind.WRITE, ConsistencyLevel.QUORUM, 20, 30, Outcome.OK, new Version(200, 2));
        op(Kind.READ, ConsistencyLevel.QUORUM, 40, 41, Outcome.OK, new Version(500, 1));
        assertThat(Checkers.readAfterWrite(history)).isEmpty();
        assertThat(Checkers.lostWrites(history, Map.of(1, new Version(500, 1)))).isEmpty();
        assertThat(Checkers.lostWrites(history, Map.of(1, new Version(200, 2)))).hasSize(1);
    }

    @Test
    void unacknowledgedWritesMayBeLostButNotInvented() {
        op(Kind.WRITE, ConsistencyLevel.QUORUM, 0, 10, Outcome.UNKNOWN, new Version(100, 1));
        op(Kind.WRITE, ConsistencyLevel.ONE, 0, 10, Outcome.OK, new Version(90, 2));
        op(Kind.WRITE, ConsistencyLevel.QUORUM, 0, 10, Outcome.FAILED, new Version(300, 3));
        assertThat(Checkers.lostWrites(history, Map.of(1, new Version(50, 9)))).isEmpty();
        assertThat(Checkers.noPhantoms(history, Map.of(1, new Version(100, 1)))).isEmpty();
        assertThat(Checkers.noPhantoms(history, Map.of(1, new Version(300, 3)))).as("it certainly failed")
                .hasSize(1);
    }

    @Test
    void livenessAndConvergence() {
        op(Kind.WRITE, ConsistencyLevel.QUORUM, 5, 6, Outcome.FAILED, new Version(1, 1));
        op(Kind.WRITE, ConsistencyLevel.ONE, 15, 16, Outcome.FAILED, new Version(2, 2));
        assertThat(Checkers.liveness(history, List.of(new Checkers.Window(10, 20)))).isEmpty();
        assertThat(Checkers.liveness(history, List.of(new Checkers.Window(0, 10)))).hasSize(1);
        assertThat(Checkers.convergence(Map.of(1, Map.of("node 1", "a", "node 2", "a")))).isEmpty();
        assertThat(Checkers.convergence(Map.of(1, Map.of("node 1", "a", "node 2", "b")))).hasSize(1);
    }

    @Test
    void aDeletionExplainsAMissingRowOnlyWhenItIsNewEnough() {
        op(Kind.WRITE, ConsistencyLevel.QUORUM, 0, 10, Outcome.OK, new Version(100, 1));
        op(Kind.READ, ConsistencyLevel.QUORUM, 20, 21, Outcome.OK, null);
        assertThat(Checkers.readAfterWrite(history)).as("nothing deleted it").hasSize(1);
        assertThat(Checkers.lostWrites(history, java.util.Collections.singletonMap(1, null))).hasSize(1);
        op(Kind.DELETE, ConsistencyLevel.ONE, 15, 16, Outcome.UNKNOWN, new Version(50, History.TOMBSTONE));
        assertThat(Checkers.readAfterWrite(history)).as("an older deletion does not").hasSize(1);
        op(Kind.DELETE, ConsistencyLevel.ONE, 15, 16, Outcome.UNKNOWN, new Version(150, History.TOMBSTONE));
        assertThat(Checkers.readAfterWrite(history)).isEmpty();
        assertThat(Checkers.lostWrites(history, java.util.Collections.singletonMap(1, null))).isEmpty();
        // A tombstone wins over a cell of its own timestamp.
        assertThat(new Version(150, History.TOMBSTONE)).isGreaterThan(new Version(150, 99));
    }

    @Test
    void writesThatACrashMayHaveLostAreExcusedOnlyWhenNamed() {
        Op write = op(Kind.WRITE, ConsistencyLevel.QUORUM, 0, 10, Outcome.OK, new Version(100, 1));
        op(Kind.READ, ConsistencyLevel.QUORUM, 20, 21, Outcome.OK, null);
        assertThat(Checkers.readAfterWrite(history)).hasSize(1);
        assertThat(Checkers.readAfterWrite(history, op -> op == write)).isEmpty();
        assertThat(Checkers.lostWrites(history, java.util.Collections.singletonMap(1, null), op -> op == write))
                .isEmpty();
    }
}
