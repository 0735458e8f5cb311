package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.Verb;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CasWriteUnknownException;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.error.WriteType;
import io.cairn.node.coordinator.InJvmCluster.Node;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosPrepareMessage;
import io.cairn.node.messages.PaxosProposeMessage;
import io.cairn.node.messages.PaxosProposeResponse;
import io.cairn.node.paxos.AcceptorState;
import io.cairn.node.query.Await;
import io.cairn.node.schema.PartitionKeySerializer;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lightweight transactions among three nodes of an in-JVM network, every node a replica
 * ({@code ks.t (k int PRIMARY KEY, v int)} at RF 3): compare-and-set of {@code v} through
 * each node's coordinator, without the CQL layer.
 */
class LightweightTransactionClusterTest {

    private final InJvmCluster fixture = new InJvmCluster();
    private final List<Node> nodes = fixture.nodes;

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Sets {@code v} to {@code next} if it is {@code expected} now (null: the row does not exist). */
    private record SetIf(Integer expected, int next) implements CasRequest {
        @Override
        public ReadFilter readFilter() {
            return ReadFilter.all(0);
        }

        @Override
        public PartitionUpdate decide(PartitionData current, long timestampMicros, long nowSeconds) {
            if (!Objects.equals(valueOf(current), expected)) {
                return null;
            }
            return update(current.key(), next, timestampMicros);
        }
    }

    private static PartitionUpdate update(PartitionKey key, int value, long micros) {
        return PartitionUpdate.builder(key).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live("v", ByteBuffer.allocate(4).putInt(value).array(), micros)).build()).build();
    }

    private static Integer valueOf(PartitionData data) {
        if (data.rows().isEmpty() || data.rows().get(0).cell("v") == null) {
            return null;
        }
        return ByteBuffer.wrap(data.rows().get(0).cell("v").value()).getInt();
    }

    private static PartitionKey key(int k) {
        byte[] bytes = ByteBuffer.allocate(4).putInt(k).array();
        return new PartitionKey(PartitionKeySerializer.token(bytes), bytes);
    }

    private TableMetadata table() {
        return nodes.get(0).schema().current().table("ks", "t");
    }

    private CompletableFuture<CasResult> cas(Node node, int k, Integer expected, int next) {
        return node.coordinator().cas(table(), key(k), new SetIf(expected, next), ConsistencyLevel.SERIAL,
                ConsistencyLevel.QUORUM).toCompletableFuture();
    }

    private Integer serialRead(Node node, int k) {
        return valueOf(Await.result(node.coordinator().readSerial(table(), key(k), ReadFilter.all(0),
                ConsistencyLevel.SERIAL)));
    }

    @Test
    void aTransactionWhoseConditionHoldsAppliesAndEveryReplicaGetsIt() {
        fixture.start("dc1", "dc1", "dc1");

        CasResult result = Await.result(cas(nodes.get(0), 1, null, 10));

        assertThat(result.applied()).isTrue();
        assertThat(InJvmCluster.value(nodes.get(1), 1, ConsistencyLevel.QUORUM)).isEqualTo(10);
        assertThat(serialRead(nodes.get(2), 1)).isEqualTo(10);
        awaitLocalValues(1, 10);
    }

    @Test
    void aTransactionWhoseConditionFailsWritesNothingAndAnswersTheCurrentRow() {
        fixture.start("dc1", "dc1", "dc1");
        assertThat(Await.result(cas(nodes.get(0), 2, null, 20)).applied()).isTrue();

        CasResult refused = Await.result(cas(nodes.get(1), 2, 5, 21));

        assertThat(refused.applied()).isFalse();
        assertThat(valueOf(refused.current())).isEqualTo(20);
        assertThat(serialRead(nodes.get(2), 2)).isEqualTo(20);
        CasResult next = Await.result(cas(nodes.get(2), 2, 20, 22));
        assertThat(next.applied()).as("the condition is evaluated on the latest committed value").isTrue();
        assertThat(serialRead(nodes.get(0), 2)).isEqualTo(22);
    }

    @Test
    void twoCoordinatorsRacingToCreateOneRowNeverBothApply() {
        fixture.start("dc1", "dc1", "dc1");
        int cleanRaces = 0;
        for (int k = 100; k < 110; k++) {
            CompletableFuture<CasResult> first = cas(nodes.get(0), k, null, 1);
            CompletableFuture<CasResult> second = cas(nodes.get(1), k, null, 2);
            CasResult a = outcome(first);
            CasResult b = outcome(second);
            Integer value = serialRead(nodes.get(2), k);

            assertThat(value).as("key %d", k).isIn(1, 2);
            assertThat(a != null && a.applied() && b != null && b.applied()).as("both applied, key %d", k).isFalse();
            if (a != null && a.applied()) {
                assertThat(value).isEqualTo(1);
            }
            if (b != null && b.applied()) {
                assertThat(value).isEqualTo(2);
            }
            for (CasResult loser : java.util.Arrays.asList(a, b)) {
                if (loser != null && !loser.applied()) {
                    assertThat(valueOf(loser.current())).as("a refused transaction saw the winner").isEqualTo(value);
                }
            }
            if (a != null && b != null) {
                assertThat(a.applied() ^ b.applied()).as("exactly one applied, key %d", k).isTrue();
                cleanRaces++;
            }
        }
        assertThat(cleanRaces).as("races whose outcomes were both known").isPositive();
    }

    /** The result, or null when the outcome is unknown (which contention may cause, and a client must tolerate). */
    private static CasResult outcome(CompletableFuture<CasResult> transaction) {
        try {
            return transaction.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CasWriteUnknownException) {
                return null;
            }
            throw e;
        }
    }

    /** Plants a proposal accepted (not committed) by nodes 2 and 3, a quorum: it may have been chosen. */
    private void plantAcceptedProposal(int k, int value) {
        long micros = fixture.clock.currentTimeMicros() - 1_000;
        Ballot ballot = new Ballot(micros, 1);
        for (Node node : List.of(nodes.get(1), nodes.get(2))) {
            var replica = node.assembly().paxosReplica();
            assertThat(replica.prepare(new PaxosPrepareMessage(ballot, table().tableId(), key(k), ReadFilter.all(0))).promised()).isTrue();
            PaxosProposeResponse answer = replica.propose(new PaxosProposeMessage(ballot, table().tableId(),
                    update(key(k), value, micros), List.of(), 3));
            assertThat(answer.outcome()).isEqualTo(PaxosProposeResponse.Outcome.ACCEPTED);
        }
    }

    @Test
    void aLaterTransactionCompletesAProposalLeftInFlight() {
        fixture.start("dc1", "dc1", "dc1");
        plantAcceptedProposal(3, 30);
        assertThat(InJvmCluster.value(nodes.get(0), 3, ConsistencyLevel.ALL)).as("not applied yet").isNull();

        CasResult result = Await.result(cas(nodes.get(0), 3, 30, 31));

        assertThat(result.applied()).as("the condition saw the completed proposal").isTrue();
        assertThat(serialRead(nodes.get(1), 3)).isEqualTo(31);
    }

    @Test
    void aSerialReadSeesAnAcceptedButUncommittedProposal() {
        fixture.start("dc1", "dc1", "dc1");
        plantAcceptedProposal(4, 40);

        assertThat(serialRead(nodes.get(0), 4)).isEqualTo(40);
        assertThat(InJvmCluster.value(nodes.get(0), 4, ConsistencyLevel.QUORUM))
                .as("completing it committed it on a quorum").isEqualTo(40);
    }

    @Test
    void tooFewLiveReplicasFailAsUnavailableBeforeAnythingIsSent() {
        fixture.start("dc1", "dc1", "dc1");
        fixture.takeDown(nodes.get(1));
        fixture.takeDown(nodes.get(2));

        assertThatThrownBy(() -> Await.result(cas(nodes.get(0), 5, null, 50)))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("Cannot achieve consistency level SERIAL: 2 required but only 1 alive");
        assertThatThrownBy(() -> serialRead(nodes.get(0), 5)).isInstanceOf(UnavailableException.class);
        assertThat(nodes.get(0).assembly().paxosReplica().state(table().tableId(), key(5)).promised())
                .as("not even the local replica promised").isNull();
    }

    @Test
    void silentReplicasTimeAPrepareOutAsACasWriteTimeoutOrAReadTimeout() {
        fixture.start("dc1", "dc1", "dc1");
        // Up to the failure detectors, but their messages are lost.
        fixture.network.isolate(nodes.get(1).address());
        fixture.network.isolate(nodes.get(2).address());

        assertThatThrownBy(() -> Await.result(cas(nodes.get(0), 7, null, 70)))
                .isInstanceOfSatisfying(WriteTimeoutException.class, timeout -> {
                    assertThat(timeout).isNotInstanceOf(CasWriteUnknownException.class);
                    assertThat(timeout.writeType()).isEqualTo(WriteType.CAS);
                    assertThat(timeout.consistency()).isEqualTo(ConsistencyLevel.SERIAL);
                    assertThat(timeout.received()).isEqualTo(1);
                    assertThat(timeout.blockFor()).isEqualTo(2);
                });
        assertThatThrownBy(() -> serialRead(nodes.get(0), 7)).isInstanceOf(ReadTimeoutException.class);
    }

    @Test
    void aProposalThatOnlyTheCoordinatorAcceptedHasAnUnknownOutcome() {
        fixture.start("dc1", "dc1", "dc1");
        fixture.network.setDeliveryPolicy((from, to, message) -> message.verb() == Verb.PAXOS_PROPOSE
                ? Optional.empty() : Optional.of(Duration.ZERO));

        assertThatThrownBy(() -> Await.result(cas(nodes.get(0), 8, null, 80)))
                .isInstanceOfSatisfying(CasWriteUnknownException.class, unknown -> {
                    assertThat(unknown.writeType()).isEqualTo(WriteType.CAS);
                    assertThat(unknown.received()).as("acceptances known").isEqualTo(1);
                });
        fixture.network.setDeliveryPolicy(InJvmNetwork.DeliveryPolicy.IMMEDIATE);
        assertThat(serialRead(nodes.get(0), 8)).as("a quorum with the coordinator completes it").isEqualTo(80);
    }

    @Test
    void anUncontendedTransactionFromAReplicaTakesTwoRoundTrips() {
        fixture.start("dc1", "dc1", "dc1");
        List<String> requests = Collections.synchronizedList(new ArrayList<>());
        List<String> cleanups = Collections.synchronizedList(new ArrayList<>());
        fixture.network.setDeliveryPolicy((from, to, message) -> {
            String verb = message.verb().name();
            String sent = verb + " " + from.host() + "->" + to.host();
            // Gossip and the metadata log's messages run on their own; everything else on the path is counted,
            // the one-way cleanups (sent once the client has its answer) apart.
            if (message.verb() == Verb.PAXOS_CLEANUP) {
                cleanups.add(sent);
            } else if (!message.isResponse() && !verb.startsWith("GOSSIP") && !verb.startsWith("SCHEMA")
                    && message.verb() != Verb.ECHO) {
                requests.add(sent);
            }
            return Optional.of(Duration.ZERO);
        });

        assertThat(Await.result(cas(nodes.get(0), 6, null, 60)).applied()).isTrue();
        awaitLocalValues(6, 60);
        awaitCleanedUp(6, nodes);

        assertThat(requests).containsExactlyInAnyOrder(
                "PAXOS_PREPARE 127.0.0.1->127.0.0.2", "PAXOS_PREPARE 127.0.0.1->127.0.0.3",
                "PAXOS_PROPOSE 127.0.0.1->127.0.0.2", "PAXOS_PROPOSE 127.0.0.1->127.0.0.3");
        assertThat(cleanups).containsExactlyInAnyOrder(
                "PAXOS_CLEANUP 127.0.0.1->127.0.0.2", "PAXOS_CLEANUP 127.0.0.1->127.0.0.3");
    }

    @Test
    void onceEveryReplicaCommittedATransactionItsRegistersKeepTheBallotsButNotTheUpdates() {
        fixture.start("dc1", "dc1", "dc1");

        assertThat(Await.result(cas(nodes.get(1), 9, null, 90)).applied()).isTrue();

        awaitCleanedUp(9, nodes);
        for (Node node : nodes) {
            AcceptorState state = paxosState(node, 9);
            assertThat(state.committedBallot()).as("committed ballot on %s", node.address()).isNotNull();
            assertThat(state.acceptedBallot()).as("accepted ballot on %s", node.address())
                    .isEqualTo(state.committedBallot());
        }
        assertThat(localValue(nodes.get(2), 9)).isEqualTo(90);
        assertThat(Await.result(cas(nodes.get(2), 9, 90, 91)).applied()).as("the next transaction").isTrue();
        assertThat(serialRead(nodes.get(0), 9)).isEqualTo(91);
    }

    @Test
    void whileAReplicaIsDownTheCommittedUpdatesAreKept() {
        fixture.start("dc1", "dc1", "dc1");
        fixture.takeDown(nodes.get(2));

        assertThat(Await.result(cas(nodes.get(0), 12, null, 120)).applied()).isTrue();
        assertThat(serialRead(nodes.get(1), 12)).isEqualTo(120);

        for (Node node : List.of(nodes.get(0), nodes.get(1))) {
            AcceptorState state = paxosState(node, 12);
            assertThat(state.committed()).as("committed update on %s", node.address()).isNotNull();
            assertThat(state.committedBallot()).isNotNull();
        }
        assertThat(paxosState(nodes.get(2), 12).committedBallot()).as("the replica that was down").isNull();
    }

    @Test
    void aProposalInFlightWhenItsTableIsDroppedIsNotCompletedIntoATableCreatedAgainUnderItsName() {
        fixture.start("dc1", "dc1", "dc1");
        plantAcceptedProposal(13, 130);

        InJvmCluster.run(nodes.get(0), "DROP TABLE ks.t", ConsistencyLevel.ONE);
        InJvmCluster.run(nodes.get(0), "CREATE TABLE ks.t (k int PRIMARY KEY, v int)", ConsistencyLevel.ONE);
        fixture.awaitSchemaAgreement();

        assertThat(serialRead(nodes.get(0), 13)).as("the old table's proposal").isNull();
        assertThat(Await.result(cas(nodes.get(1), 13, null, 131)).applied()).isTrue();
        assertThat(serialRead(nodes.get(2), 13)).isEqualTo(131);
    }

    @Test
    void aProposalAcceptedBeforeATruncateDoesNotBringItsRowBackWhenCompleted() {
        fixture.start("dc1", "dc1", "dc1");
        plantAcceptedProposal(14, 140);

        InJvmCluster.run(nodes.get(0), "TRUNCATE ks.t", ConsistencyLevel.ALL);
        fixture.clock.advance(Duration.ofMillis(1));

        assertThat(serialRead(nodes.get(0), 14)).as("completed, but truncated before").isNull();
        assertThat(InJvmCluster.value(nodes.get(0), 14, ConsistencyLevel.ALL)).isNull();
        assertThat(Await.result(cas(nodes.get(1), 14, null, 141)).applied()).isTrue();
        assertThat(serialRead(nodes.get(2), 14)).isEqualTo(141);
    }

    private AcceptorState paxosState(Node node, int k) {
        return node.assembly().paxosReplica().state(table().tableId(), key(k));
    }

    /** Waits (a few seconds at most) until none of {@code of} keeps an update in its registers for {@code k}. */
    private void awaitCleanedUp(int k, List<Node> of) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (of.stream().anyMatch(node -> paxosState(node, k).committed() != null
                || paxosState(node, k).accepted() != null) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (Node node : of) {
            assertThat(paxosState(node, k).committed()).as("committed update on %s", node.address()).isNull();
            assertThat(paxosState(node, k).accepted()).as("accepted update on %s", node.address()).isNull();
        }
    }

    /** Waits (a few seconds at most) until every node's own storage holds {@code value} for {@code k}. */
    private void awaitLocalValues(int k, int value) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (nodes.stream().anyMatch(node -> !Integer.valueOf(value).equals(localValue(node, k)))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (Node node : nodes) {
            assertThat(localValue(node, k)).as("value on %s", node.address()).isEqualTo(value);
        }
    }

    private Integer localValue(Node node, int k) {
        return valueOf(node.storage().read(table().tableId(), key(k), ReadFilter.all(0)));
    }
}
