package io.cairn.node.coordinator;

import io.cairn.node.hints.HintStore;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.node.coordinator.InJvmCluster.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.cairn.node.coordinator.InJvmCluster.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A write at ANY is acknowledged once a replica or a hint holds it, and never when nothing
 * could be stored: then it fails with WRITE_TIMEOUT, 0 of 1 received, as in Cassandra.
 */
class AnyConsistencyWriteTest {

    private final InJvmCluster cluster = new InJvmCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Node 1, a replica of nothing, coordinates; the replicas (nodes 2 and 3) are down. */
    private Node coordinatorOfReplicasThatAreDown(boolean storingHints, int maxHintsPerTarget) {
        cluster.start(storingHints, maxHintsPerTarget, "dc1", "dc1", "dc1");
        Node coordinator = cluster.nodes.get(0);
        cluster.notReplicas.add(coordinator.address());
        cluster.takeDown(cluster.nodes.get(1));
        cluster.takeDown(cluster.nodes.get(2));
        return coordinator;
    }

    private static void assertNotAcknowledged(Node coordinator, String insert) {
        assertThatThrownBy(() -> run(coordinator, insert, ConsistencyLevel.ANY))
                .isInstanceOfSatisfying(WriteTimeoutException.class, e -> {
                    assertThat(e.received()).isZero();
                    assertThat(e.blockFor()).isEqualTo(1);
                });
    }

    @Test
    void anyWriteWithEveryReplicaDownIsAcknowledgedByItsHints() {
        Node coordinator = coordinatorOfReplicasThatAreDown(true, HintStore.MAX_HINTS_PER_TARGET);
        run(coordinator, "INSERT INTO ks.t (k, v) VALUES (1, 1)", ConsistencyLevel.ANY);
        assertThat(coordinator.coordinator().metrics().get("hints_stored")).isEqualTo(2);
    }

    @Test
    void anyWriteWithEveryReplicaDownAndHintsOffIsNotAcknowledged() {
        Node coordinator = coordinatorOfReplicasThatAreDown(false, HintStore.MAX_HINTS_PER_TARGET);
        assertNotAcknowledged(coordinator, "INSERT INTO ks.t (k, v) VALUES (1, 1)");
    }

    @Test
    void anyWriteWithEveryReplicaDownPastTheHintCapIsNotAcknowledged() {
        Node coordinator = coordinatorOfReplicasThatAreDown(true, 1);
        run(coordinator, "INSERT INTO ks.t (k, v) VALUES (1, 1)", ConsistencyLevel.ANY);
        assertNotAcknowledged(coordinator, "INSERT INTO ks.t (k, v) VALUES (2, 2)");
        assertThat(coordinator.coordinator().metrics().get("hints_stored")).isEqualTo(2);
    }

    @Test
    void anyWriteThatNoReplicaAcknowledgesIsNotAcknowledgedWithHintsOff() {
        cluster.start(false, HintStore.MAX_HINTS_PER_TARGET, "dc1", "dc1", "dc1");
        Node coordinator = cluster.nodes.get(0);
        cluster.notReplicas.add(coordinator.address());
        // The replicas look alive, but what is sent to them is lost.
        cluster.network.isolate(cluster.nodes.get(1).address());
        cluster.network.isolate(cluster.nodes.get(2).address());
        assertNotAcknowledged(coordinator, "INSERT INTO ks.t (k, v) VALUES (1, 1)");
    }
}
