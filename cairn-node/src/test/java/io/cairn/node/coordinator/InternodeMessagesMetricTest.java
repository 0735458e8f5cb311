package io.cairn.node.coordinator;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.coordinator.InJvmCluster.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.cairn.node.coordinator.InJvmCluster.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code internode_messages_sent} in a coordinator's metrics counts the messages its node sent,
 * so that a benchmark can tell what a statement costs in messages.
 */
class InternodeMessagesMetricTest {

    private final InJvmCluster cluster = new InJvmCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aWriteToThreeReplicasCountsTheMutationsItsCoordinatorSent() {
        cluster.start("dc1", "dc1", "dc1");
        Node coordinator = cluster.nodes.get(0);
        long before = coordinator.coordinator().metrics().get("internode_messages_sent");
        for (int k = 0; k < 10; k++) {
            run(coordinator, "INSERT INTO ks.t (k, v) VALUES (" + k + ", 1)", ConsistencyLevel.QUORUM);
        }
        // Each write sends a MUTATION to each of the two other replicas; gossip may add a few.
        assertThat(coordinator.coordinator().metrics().get("internode_messages_sent")).isGreaterThanOrEqualTo(
                before + 20);
    }
}
