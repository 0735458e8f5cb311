package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.sim.History.Version;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private Op on(int key, Kind kind, ConsistencyLevel level, Outcome outcome, Version version) {
        Op op = history.invoke(0, 0, kind, key, level, 0);
        op.completedMicros = 10;
        op.outcome = outcome;
        op.version = version;
        return op;
    }

    @Test
    void aLoggedBatchIsInBothTablesOrInNeither() {
        on(1, Kind.LOGGED_BATCH, ConsistencyLevel.QUORUM, Outcome.UNKNOWN, new Version(100, 1));
        on(2, Kind.LOGGED_BATCH, ConsistencyLevel.QUORUM, Outcome.UNKNOWN, new Version(100, 2));
        on(3, Kind.LOGGED_BATCH, ConsistencyLevel.QUORUM, Outcome.UNKNOWN, new Version(100, 3));
        Map<Integer, Version> registers = new java.util.HashMap<>(Map.of(1, new Version(100, 1),
                3, new Version(200, 9)));
        Map<Integer, java.util.Set<Long>> mirrors = new java.util.HashMap<>(Map.of(1, java.util.Set.of(1L),
                2, java.util.Set.of(), 3, java.util.Set.of()));
        assertThat(Checkers.loggedBatches(history, registers, mirrors, op -> false))
                .as("whole, absent, and hidden by a newer write").isEmpty();
        mirrors.put(2, java.util.Set.of(2L));
        assertThat(Checkers.loggedBatches(history, registers, mirrors, op -> false)).hasSize(1).first().asString()
                .contains("has its mirror row but the register of k2");
        mirrors.put(2, java.util.Set.of());
        registers.put(2, new Version(100, 2));
        assertThat(Checkers.loggedBatches(history, registers, mirrors, op -> false)).hasSize(1).first().asString()
                .contains("was in the register of k2");
        mirrors.remove(2);
        assertThat(Checkers.loggedBatches(history, registers, mirrors, op -> false))
                .as("a mirror that could not be read is not judged").isEmpty();
    }

    @Test
    void aReadThatSawALoggedBatchRequiresItsMirrorRow() {
        on(1, Kind.LOGGED_BATCH, ConsistencyLevel.ONE, Outcome.UNKNOWN, new Version(100, 1));
        on(1, Kind.READ, ConsistencyLevel.ONE, Outcome.OK, new Version(100, 1));
        Map<Integer, Version> registers = Map.of(1, new Version(300, 5));
        assertThat(Checkers.loggedBatches(history, registers, Map.of(1, java.util.Set.of(1L)), op -> false))
                .isEmpty();
        assertThat(Checkers.loggedBatches(history, registers, Map.of(1, java.util.Set.of()), op -> false))
                .hasSize(1);
    }

    @Test
    void anAcknowledgedLoggedBatchMustHaveItsMirrorRow() {
        Op batch = on(1, Kind.LOGGED_BATCH, ConsistencyLevel.QUORUM, Outcome.OK, new Version(100, 1));
        Map<Integer, Version> registers = Map.of(1, new Version(200, 5));
        assertThat(Checkers.loggedBatches(history, registers, Map.of(1, java.util.Set.of(1L, 7L)), op -> false))
                .isEmpty();
        assertThat(Checkers.loggedBatches(history, registers, Map.of(1, java.util.Set.of(7L)), op -> false))
                .hasSize(1).first().asString().contains("acknowledged logged batch lost");
        assertThat(Checkers.loggedBatches(history, registers, Map.of(1, java.util.Set.of(7L)), op -> op == batch))
                .isEmpty();
        on(2, Kind.UNLOGGED_BATCH, ConsistencyLevel.QUORUM, Outcome.UNKNOWN, new Version(100, 2));
        assertThat(Checkers.loggedBatches(history, Map.of(1, new Version(200, 5), 2, new Version(100, 2)),
                Map.of(1, java.util.Set.of(1L), 2, java.util.Set.of()), op -> false))
                .as("an unlogged batch may be half applied").isEmpty();
    }

    @Test
    void aListKeepsEveryAcknowledgedAppendAndInventsNothing() {
        on(1, Kind.APPEND, ConsistencyLevel.QUORUM, Outcome.OK, new Version(100, 1));
        on(1, Kind.APPEND, ConsistencyLevel.ONE, Outcome.OK, new Version(100, 2));
        on(1, Kind.APPEND, ConsistencyLevel.QUORUM, Outcome.UNKNOWN, new Version(100, 3));
        on(1, Kind.APPEND, ConsistencyLevel.QUORUM, Outcome.FAILED, new Version(100, 4));
        assertThat(Checkers.listAppends(history, Map.of(1, List.of(1L, 3L)), op -> false)).isEmpty();
        assertThat(Checkers.listAppends(history, Map.of(1, List.of(3L)), op -> false)).hasSize(1).first()
                .asString().contains("lost 1 acknowledged");
        assertThat(Checkers.listAppends(history, Map.of(1, List.of(1L, 4L)), op -> false)).hasSize(1).first()
                .asString().contains("which nothing wrote");
        assertThat(Checkers.listAppends(history, Map.of(1, List.of(1L, 1L)), op -> false)).hasSize(1).first()
                .asString().contains("twice");
    }

    @Test
    void aReplacedFirstElementExcusesOneMissingAppend() {
        on(1, Kind.APPEND, ConsistencyLevel.QUORUM, Outcome.OK, new Version(100, 1));
        on(1, Kind.APPEND, ConsistencyLevel.QUORUM, Outcome.OK, new Version(100, 2));
        on(1, Kind.SET_FIRST, ConsistencyLevel.QUORUM, Outcome.UNKNOWN, new Version(100, 5));
        assertThat(Checkers.listAppends(history, Map.of(1, List.of(5L, 2L)), op -> false)).isEmpty();
        assertThat(Checkers.listAppends(history, Map.of(1, List.of(5L)), op -> false)).hasSize(1);
    }

    @Test
    void nodesMustEndWithOneSchema() {
        assertThat(Checkers.schemaAgreement(Map.of("node 1", "v1 [a, b]", "node 2", "v1 [a, b]"))).isEmpty();
        assertThat(Checkers.schemaAgreement(Map.of("node 1", "v1 [a, b]", "node 2", "v2 [a]"))).hasSize(2);
    }
    private static io.cairn.node.metadata.NodeRecord record(int i) {
        return new io.cairn.node.metadata.NodeRecord(new io.cairn.node.metadata.NodeId(new java.util.UUID(0, i)),
                new io.cairn.cluster.messaging.NodeAddress("127.0.0." + i, 7000),
                new io.cairn.cluster.messaging.NodeAddress("127.0.0." + i, 9042), "datacenter1", "rack1",
                io.cairn.node.metadata.NodeState.REGISTERED, "5.0.0");
    }

    private static List<io.cairn.node.metadata.LogEntry> log(int... registered) {
        List<io.cairn.node.metadata.LogEntry> entries = new java.util.ArrayList<>();
        entries.add(new io.cairn.node.metadata.LogEntry(io.cairn.node.metadata.Epoch.FIRST, 1,
                new io.cairn.node.metadata.Initialize("c", record(1), new java.util.TreeSet<>(List.of(0L)),
                        io.cairn.node.schema.Schema.of(Map.of()))));
        for (int node : registered) {
            entries.add(new io.cairn.node.metadata.LogEntry(new io.cairn.node.metadata.Epoch(entries.size() + 1),
                    10 + node, new io.cairn.node.metadata.Register(record(node))));
        }
        return entries;
    }

    @Test
    void everyNodeMustEndWithOneMetadataLogThatListsEveryMember() {
        Set<java.util.UUID> members = Set.of(new java.util.UUID(0, 1), new java.util.UUID(0, 2),
                new java.util.UUID(0, 3));
        assertThat(Checkers.metadataLog(Map.of("node 1", log(2, 3), "node 2", log(2, 3)), Map.of(), members))
                .isEmpty();
        assertThat(Checkers.metadataLog(Map.of("node 1", log(2, 3), "node 2", log(2)), Map.of(), members))
                .containsExactly("node 2's metadata log stopped at epoch 2 of 3");
        assertThat(Checkers.metadataLog(Map.of("node 1", log(2, 3), "node 2", log(3, 2)), Map.of(), members))
                .singleElement().asString().contains("applied different entries at epoch 2");
        assertThat(Checkers.metadataLog(Map.of("node 1", log(2), "node 2", log(2)), Map.of(), members))
                .singleElement().asString().contains("joined the ring but is not in the metadata log");
        assertThat(Checkers.metadataLog(Map.of("node 1", log(2, 3)), Map.of("node 1", "an entry did not apply"),
                members)).containsExactly("node 1's metadata log halted: an entry did not apply");
    }
}
