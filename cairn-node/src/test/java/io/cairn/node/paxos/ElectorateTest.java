package io.cairn.node.paxos;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.UnavailableException;
import io.cairn.node.ring.Topology;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who must agree on a partition's transactions, and when too few are alive to try. */
class ElectorateTest {

    private static final NodeAddress A1 = new NodeAddress("10.0.0.1", 7000);
    private static final NodeAddress A2 = new NodeAddress("10.0.0.2", 7000);
    private static final NodeAddress A3 = new NodeAddress("10.0.0.3", 7000);
    private static final NodeAddress B1 = new NodeAddress("10.0.1.1", 7000);
    private static final NodeAddress B2 = new NodeAddress("10.0.1.2", 7000);
    private static final NodeAddress B3 = new NodeAddress("10.0.1.3", 7000);
    private static final NodeAddress JOINING = new NodeAddress("10.0.0.9", 7000);

    /** Three replicas in dc1 (this node is A1), three in dc2, {@code down} dead, {@code pending} joining dc1. */
    private static Topology topology(Set<NodeAddress> down, List<NodeAddress> pending) {
        return new Topology() {
            @Override
            public NodeAddress self() {
                return A1;
            }

            @Override
            public List<NodeAddress> replicasFor(String keyspace, long token) {
                return List.of(A1, A2, A3, B1, B2, B3);
            }

            @Override
            public List<NodeAddress> pendingFor(String keyspace, long token) {
                return pending;
            }

            @Override
            public String dataCenterOf(NodeAddress node) {
                return node.host().startsWith("10.0.0.") ? "dc1" : "dc2";
            }

            @Override
            public int replicationFactor(String keyspace, String dataCenter) {
                return dataCenter == null ? 6 : 3;
            }

            @Override
            public boolean isAlive(NodeAddress node) {
                return !down.contains(node);
            }
        };
    }

    @Test
    void serialNeedsAQuorumOfAllReplicasAndEveryPendingOne() {
        Electorate electorate = Electorate.of(topology(Set.of(), List.of(JOINING)), "ks", 1, ConsistencyLevel.SERIAL,
                ConsistencyLevel.QUORUM);

        assertThat(electorate.required()).isEqualTo(6 / 2 + 1 + 1);
        assertThat(electorate.live()).containsExactly(A1, A2, A3, B1, B2, B3, JOINING);
        assertThat(electorate.othersToCommit()).isEmpty();
        assertThat(electorate.commitBlockFor()).isEqualTo(5);
    }

    @Test
    void localSerialAsksOnlyTheLocalDataCenterAndCommitsEverywhere() {
        Electorate electorate = Electorate.of(topology(Set.of(B1, B2, B3), List.of()), "ks", 1,
                ConsistencyLevel.LOCAL_SERIAL, ConsistencyLevel.LOCAL_QUORUM);

        assertThat(electorate.required()).isEqualTo(2);
        assertThat(electorate.live()).containsExactly(A1, A2, A3);
        assertThat(electorate.commitBlockFor()).isEqualTo(2);
        assertThat(electorate.countsForCommit().test(B1)).isFalse();
        assertThat(electorate.replicas()).as("a cleanup waits for every replica, the dead ones too")
                .containsExactly(A1, A2, A3, B1, B2, B3);
    }

    @Test
    void aCleanupWaitsForPendingReplicasToo() {
        Electorate electorate = Electorate.of(topology(Set.of(), List.of(JOINING)), "ks", 1,
                ConsistencyLevel.LOCAL_SERIAL, ConsistencyLevel.ONE);

        assertThat(electorate.replicas()).containsExactly(A1, A2, A3, B1, B2, B3, JOINING);
    }

    @Test
    void tooFewLiveMembersOrTooFewForTheCommitAreUnavailable() {
        assertThatThrownBy(() -> Electorate.of(topology(Set.of(A2, A3), List.of()), "ks", 1,
                ConsistencyLevel.LOCAL_SERIAL, ConsistencyLevel.ONE))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("Cannot achieve consistency level LOCAL_SERIAL: 2 required but only 1 alive");
        assertThatThrownBy(() -> Electorate.of(topology(Set.of(B3), List.of()), "ks", 1,
                ConsistencyLevel.SERIAL, ConsistencyLevel.ALL))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("Cannot achieve consistency level ALL: 6 required but only 5 alive");
    }

    @Test
    void anyCommitsWithoutWaitingAndNonSerialLevelsAreRefusedAsSerial() {
        assertThat(Electorate.of(topology(Set.of(), List.of()), "ks", 1, ConsistencyLevel.SERIAL,
                ConsistencyLevel.ANY).commitBlockFor()).isZero();
        assertThatThrownBy(() -> Electorate.of(topology(Set.of(), List.of()), "ks", 1, ConsistencyLevel.QUORUM,
                ConsistencyLevel.QUORUM)).hasMessageContaining("Invalid serial consistency level QUORUM");
    }
}
