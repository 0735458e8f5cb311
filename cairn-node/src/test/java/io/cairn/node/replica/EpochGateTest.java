package io.cairn.node.replica;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.messages.MutationMessage;
import io.cairn.node.messages.ReadMessage;
import io.cairn.node.messages.ReadMode;
import io.cairn.node.metadata.AdvanceMovement;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.MetadataFixturesAccess;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.PrepareJoin;
import io.cairn.node.metadata.Register;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.replica.ReplicaHarness.Answer;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.system.TruncationRecords;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.engine.KvStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica refuses a data request planned at an epoch whose replicas for its token have
 * changed since (a coordinator that missed a step of a join), with STALE_EPOCH and without
 * applying it, and serves every other request: planned at an older epoch whose replicas still
 * hold, at its own epoch, at a newer one, or at none.
 */
class EpochGateTest {

    private static final TableId TABLE = new TableId("ks", "t");
    /** With a fourth node at token 4000, the replicas of token 3500 change; those of token 500 do not. */
    private static final long MOVED = 3500;
    private static final long KEPT = 500;

    private final ReplicaHarness harness = new ReplicaHarness();
    private final KvStorageEngine storage = harness.openStorage();
    private final Map<Epoch, ClusterMetadata> snapshots = new HashMap<>();
    private final ClusterMetadata before;
    private final ClusterMetadata started;
    private final EpochGate gate;
    /** The replica's own host id: node 1 of the ring, unless a test says otherwise. */
    private volatile NodeId self = new NodeId(new UUID(0, 1));

    EpochGateTest() {
        before = keep(MetadataFixturesAccess.cluster(3));
        NodeId fourth = new NodeId(new UUID(0, 4));
        NodeAddress at = new NodeAddress("127.0.0.4", 7000);
        ClusterMetadata metadata = keep(apply(before, new Register(new NodeRecord(fourth, at,
                new NodeAddress(at.host(), 9042), "datacenter1", "rack1", NodeState.REGISTERED, "test"))));
        metadata = keep(apply(metadata, new PrepareJoin(fourth, new TreeSet<>(java.util.List.of(4000L)))));
        started = keep(apply(metadata, new AdvanceMovement(fourth, AdvanceMovement.To.STARTED)));
        gate = new EpochGate(() -> started, epoch -> Optional.ofNullable(snapshots.get(epoch)), () -> self,
                new TableId("system", "metadata_slots"), token -> token % 2 == 0);
        SchemaManager schema = new SchemaManager(storage, harness.clock, new SplittableRandom(1),
                new StatementParser());
        schema.start();
        storage.createTable(TABLE, TableOptions.DEFAULTS);
        io.cairn.node.paxos.PaxosReplica paxos = new io.cairn.node.paxos.PaxosReplica(storage, harness.messaging,
                table -> Long.MIN_VALUE);
        new ReplicaHandlers(storage, harness.messaging, new TruncationRecords(storage, schema, harness.clock),
                ReplicaStage.onCallingThread(), gate, paxos::exportRegisters, harness.clock).register();
        paxos.register(java.util.function.UnaryOperator.identity(), gate);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private ClusterMetadata keep(ClusterMetadata metadata) {
        snapshots.put(metadata.epoch(), metadata);
        return metadata;
    }

    private static ClusterMetadata apply(ClusterMetadata previous, Transformation entry) {
        Transformation.Result result = entry.apply(previous);
        assertThat(result).isInstanceOf(Transformation.Applied.class);
        return ((Transformation.Applied) result).next();
    }

    private static PartitionKey key(long token) {
        return new PartitionKey(token, Long.toString(token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private Answer write(long token, long epoch) {
        PartitionUpdate update = PartitionUpdate.builder(key(token)).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live("v", new byte[] {1}, 10)).build()).build();
        return send(Verb.MUTATION, new MutationMessage(TABLE, update).serialize(), epoch);
    }

    private Answer send(Verb verb, byte[] payload, long epoch) {
        Answer answer = new Answer();
        harness.peer.sendRequest(ReplicaHarness.REPLICA, verb, payload, epoch, ReplicaHarness.REQUEST_TIMEOUT,
                answer);
        harness.scheduler.advance(ReplicaHarness.REQUEST_TIMEOUT.multipliedBy(2));
        return answer;
    }

    private boolean stored(long token) {
        return !storage.read(TABLE, key(token), ReadFilter.all(1)).rows().isEmpty();
    }

    @Test
    void aWritePlannedBeforeTheJoinStartedIsRefusedWhereTheReplicasChangedAndServedWhereTheyDidNot() {
        Answer stale = write(MOVED, before.epoch().value());
        assertThat(stale.failure).isEqualTo(ResponseCallback.Failure.STALE_EPOCH);
        assertThat(stale.response).isNull();
        assertThat(stored(MOVED)).as("a refused write is not applied").isFalse();
        assertThat(gate.refusals()).isEqualTo(1);

        Answer unchanged = write(KEPT, before.epoch().value());
        assertThat(unchanged.failure).isNull();
        assertThat(unchanged.response).isNotNull();
        assertThat(stored(KEPT)).isTrue();
    }

    @Test
    void requestsAtTheReplicasEpochANewerOneOrNoneAreServed() {
        for (long epoch : new long[] {started.epoch().value(), started.epoch().value() + 5, 0}) {
            Answer answer = write(MOVED, epoch);
            assertThat(answer.failure).as("planned at %s", epoch).isNull();
            assertThat(answer.response).as("planned at %s", epoch).isNotNull();
        }
        assertThat(gate.refusals()).isZero();
    }

    /**
     * The log's slots have voters of their own: a Paxos request about one is answered only by
     * the node that votes on it (here: even tokens), whatever the epoch it was sent at, and a
     * node that does not is NOT_A_REPLICA even when it is in the ring.
     */
    @Test
    void aPrepareOfTheLogsSlotsIsAnsweredOnlyWhereThisNodeVotes() {
        TableId slots = new TableId("system", "metadata_slots");
        storage.createTable(slots, TableOptions.DEFAULTS);
        for (long epoch : new long[] {before.epoch().value(), started.epoch().value(), 0}) {
            Answer voter = send(Verb.PAXOS_PREPARE, new io.cairn.node.messages.PaxosPrepareMessage(
                    new io.cairn.node.messages.Ballot(100 + epoch, 1), slots, key(4), ReadFilter.all(1)).serialize(),
                    epoch);
            assertThat(voter.failure).as("planned at %s", epoch).isNull();
            assertThat(voter.response).as("planned at %s", epoch).isNotNull();
            Answer other = send(Verb.PAXOS_PREPARE, new io.cairn.node.messages.PaxosPrepareMessage(
                    new io.cairn.node.messages.Ballot(100 + epoch, 1), slots, key(5), ReadFilter.all(1)).serialize(),
                    epoch);
            assertThat(other.failure).as("planned at %s", epoch).isEqualTo(ResponseCallback.Failure.NOT_A_REPLICA);
        }
        assertThat(gate.notReplicaRefusals()).isEqualTo(3);
    }

    /**
     * A node that took the address of a ring member without being in the ring itself (a
     * replacement on a dead node's address, before it prepared) answers for no one, at any
     * epoch; the node that joins answers once writes go to it.
     */
    @Test
    void aNodeThatHoldsNoReplicaAtItsEpochRefusesEveryDataRequestWhateverItsPlan() {
        self = new NodeId(new UUID(0, 9));
        for (long epoch : new long[] {started.epoch().value(), started.epoch().value() + 5, 0}) {
            assertThat(write(KEPT, epoch).failure).as("planned at %s", epoch)
                    .isEqualTo(ResponseCallback.Failure.NOT_A_REPLICA);
        }
        assertThat(send(Verb.READ, new ReadMessage(TABLE, ReadMode.DATA, key(KEPT), ReadFilter.all(1)).serialize(),
                started.epoch().value()).failure).isEqualTo(ResponseCallback.Failure.NOT_A_REPLICA);
        assertThat(stored(KEPT)).as("a refused write is not applied").isFalse();
        assertThat(gate.notReplicaRefusals()).isEqualTo(4);
        self = null;
        assertThat(write(KEPT, started.epoch().value()).failure).as("before it knows its host id")
                .isEqualTo(ResponseCallback.Failure.NOT_A_REPLICA);

        self = new NodeId(new UUID(0, 4));
        Answer pending = write(MOVED, started.epoch().value());
        assertThat(pending.failure).as("the joining node, past its first step").isNull();
        assertThat(stored(MOVED)).isTrue();
    }

    @Test
    void aReadPlannedBeforeTheJoinStartedIsRefusedToo() {
        Answer stale = send(Verb.READ, new ReadMessage(TABLE, ReadMode.DATA, key(MOVED), ReadFilter.all(1))
                .serialize(), before.epoch().value());
        assertThat(stale.failure).isEqualTo(ResponseCallback.Failure.STALE_EPOCH);
    }

    @Test
    void aPaxosPreparePlannedBeforeTheJoinStartedIsRefusedAndOnePlannedNowIsPromised() {
        byte[] prepare = new io.cairn.node.messages.PaxosPrepareMessage(new io.cairn.node.messages.Ballot(10, 1),
                TABLE, key(MOVED), ReadFilter.all(1)).serialize();
        assertThat(send(Verb.PAXOS_PREPARE, prepare, before.epoch().value()).failure)
                .isEqualTo(ResponseCallback.Failure.STALE_EPOCH);
        Answer now = send(Verb.PAXOS_PREPARE, prepare, started.epoch().value());
        assertThat(now.failure).isNull();
        assertThat(io.cairn.node.messages.PaxosPrepareResponse.deserialize(now.response.payload()).promised()).isTrue();
    }

    /**
     * A range read of the piece (3000, max] cut before the join: its end keeps its replicas, but
     * the new node's token 4000 now splits it, and (3000, 4000] has other replicas.
     */
    @Test
    void aRangeReadOfAPieceThatTheJoinSplitsIsRefusedThoughItsEndKeptItsReplicas() {
        io.cairn.storage.TokenRange piece = io.cairn.storage.TokenRange.openClosed(3000, Long.MAX_VALUE);
        byte[] read = new io.cairn.node.messages.RangeReadMessage(TABLE, piece, null, ReadFilter.all(1)).serialize();
        assertThat(send(Verb.RANGE_READ, read, before.epoch().value()).failure)
                .isEqualTo(ResponseCallback.Failure.STALE_EPOCH);
        byte[] after = new io.cairn.node.messages.RangeReadMessage(TABLE,
                io.cairn.storage.TokenRange.openClosed(4000, Long.MAX_VALUE), null, ReadFilter.all(1)).serialize();
        assertThat(send(Verb.RANGE_READ, after, started.epoch().value()).response).isNotNull();
        assertThat(write(Long.MAX_VALUE, before.epoch().value()).failure).as("the end alone kept its replicas")
                .isNull();
    }

    @Test
    void aPlanOlderThanTheSnapshotsKeptIsRefusedAsItCannotBeJudged() {
        snapshots.remove(before.epoch());
        assertThat(write(KEPT, before.epoch().value()).failure).isEqualTo(ResponseCallback.Failure.STALE_EPOCH);
    }
}
