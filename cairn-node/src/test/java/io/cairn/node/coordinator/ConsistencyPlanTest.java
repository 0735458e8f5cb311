package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnavailableException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cairn.node.coordinator.FixedTopology.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsistencyPlanTest {

    private static int blockFor(ConsistencyLevel level, FixedTopology topology) {
        return ConsistencyPlan.blockFor(level, "ks", topology.nodes(), topology);
    }

    @Test
    void eachLevelNeedsItsCountOfThreeReplicasInOneDataCenter() {
        FixedTopology topology = FixedTopology.of("dc1", 3);

        assertThat(blockFor(ConsistencyLevel.ANY, topology)).isEqualTo(1);
        assertThat(blockFor(ConsistencyLevel.ONE, topology)).isEqualTo(1);
        assertThat(blockFor(ConsistencyLevel.LOCAL_ONE, topology)).isEqualTo(1);
        assertThat(blockFor(ConsistencyLevel.TWO, topology)).isEqualTo(2);
        assertThat(blockFor(ConsistencyLevel.THREE, topology)).isEqualTo(3);
        assertThat(blockFor(ConsistencyLevel.QUORUM, topology)).isEqualTo(2);
        assertThat(blockFor(ConsistencyLevel.LOCAL_QUORUM, topology)).isEqualTo(2);
        assertThat(blockFor(ConsistencyLevel.EACH_QUORUM, topology)).isEqualTo(2);
        assertThat(blockFor(ConsistencyLevel.ALL, topology)).isEqualTo(3);
    }

    @Test
    void withTwoDataCentersQuorumCountsAllReplicasAndTheLocalLevelsOnlyThisOnes() {
        FixedTopology topology = FixedTopology.of("dc1", 3, "dc2", 2);

        assertThat(blockFor(ConsistencyLevel.QUORUM, topology)).as("5 replicas in all").isEqualTo(3);
        assertThat(blockFor(ConsistencyLevel.LOCAL_QUORUM, topology)).as("3 in this data center").isEqualTo(2);
        assertThat(blockFor(ConsistencyLevel.EACH_QUORUM, topology)).as("2 of dc1's 3 plus 2 of dc2's 2")
                .isEqualTo(4);
        assertThat(ConsistencyPlan.neededPerDataCenter("ks", topology.nodes(), topology))
                .isEqualTo(Map.of("dc1", 2, "dc2", 2));
        assertThat(blockFor(ConsistencyLevel.ALL, topology)).isEqualTo(5);
    }

    @Test
    void aReplicationFactorAboveTheNodeCountStillSetsTheQuorum() {
        FixedTopology topology = FixedTopology.of("dc1", 1).withReplicationFactor("dc1", 3);

        assertThat(blockFor(ConsistencyLevel.QUORUM, topology)).isEqualTo(2);
        assertThatThrownBy(() -> ConsistencyPlan.checkAvailable(ConsistencyLevel.QUORUM, "ks", topology.nodes(),
                topology, false)).isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.required()).isEqualTo(2);
                    assertThat(e.alive()).isEqualTo(1);
                });
    }

    @Test
    void localQuorumIgnoresADownRemoteDataCenterButNotTwoLocalReplicasDown() {
        FixedTopology remoteDown = FixedTopology.of("dc1", 3, "dc2", 3).down(node("dc2", 1), node("dc2", 2),
                node("dc2", 3));
        assertThatCode(() -> ConsistencyPlan.checkAvailable(ConsistencyLevel.LOCAL_QUORUM, "ks", remoteDown.nodes(),
                remoteDown, true)).doesNotThrowAnyException();

        FixedTopology localDown = FixedTopology.of("dc1", 3, "dc2", 3).down(node("dc1", 2), node("dc1", 3));
        assertThatThrownBy(() -> ConsistencyPlan.checkAvailable(ConsistencyLevel.LOCAL_QUORUM, "ks",
                localDown.nodes(), localDown, true)).isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.required()).isEqualTo(2);
                    assertThat(e.alive()).as("only this node is up in dc1").isEqualTo(1);
                });
        assertThatCode(() -> ConsistencyPlan.checkAvailable(ConsistencyLevel.QUORUM, "ks", localDown.nodes(),
                localDown, true)).as("4 of 6 are up").doesNotThrowAnyException();
    }

    @Test
    void eachQuorumIsUnavailableWhenOneDataCenterLacksItsQuorum() {
        FixedTopology topology = FixedTopology.of("dc1", 3, "dc2", 3).down(node("dc2", 2), node("dc2", 3));

        assertThatThrownBy(() -> ConsistencyPlan.checkAvailable(ConsistencyLevel.EACH_QUORUM, "ks", topology.nodes(),
                topology, true)).isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.required()).isEqualTo(2);
                    assertThat(e.alive()).isEqualTo(1);
                });
    }

    @Test
    void anyIsAlwaysAvailableForWritesAndRefusedForReads() {
        FixedTopology allDown = FixedTopology.of("dc1", 3).down(node("dc1", 1), node("dc1", 2), node("dc1", 3));
        List<NodeAddress> replicas = allDown.nodes();

        assertThatCode(() -> ConsistencyPlan.checkAvailable(ConsistencyLevel.ANY, "ks", replicas, allDown, true))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ConsistencyPlan.checkAvailable(ConsistencyLevel.ANY, "ks", replicas, allDown, false))
                .isInstanceOf(CqlException.class).hasMessageContaining("only supported for writes");
    }
}
