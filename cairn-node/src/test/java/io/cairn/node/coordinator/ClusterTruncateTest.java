package io.cairn.node.coordinator;

import io.cairn.node.query.Await;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.node.coordinator.InJvmCluster.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.cairn.node.coordinator.InJvmCluster.localValue;
import static io.cairn.node.coordinator.InJvmCluster.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TRUNCATE empties a table on every replica, and refuses to run with a replica down. */
class ClusterTruncateTest {

    private final InJvmCluster cluster = new InJvmCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void writeRowsAtAll(int count) {
        for (int k = 0; k < count; k++) {
            run(cluster.nodes.get(0), "INSERT INTO ks.t (k, v) VALUES (" + k + ", " + k + ")", ConsistencyLevel.ALL);
        }
    }

    @Test
    void truncateLeavesNoRowOnAnyReplica() {
        cluster.start("dc1", "dc1", "dc1");
        writeRowsAtAll(20);
        run(cluster.nodes.get(1), "TRUNCATE ks.t", ConsistencyLevel.ONE);
        for (Node node : cluster.nodes) {
            for (int k = 0; k < 20; k++) {
                assertThat(localValue(node, k)).as("row %s on %s", k, node.address()).isNull();
            }
            assertThat(node.storage().scan(node.schema().current().table("ks", "t").tableId(),
                    io.cairn.storage.TokenRange.FULL, null, io.cairn.storage.ReadFilter.all(0)).partitions())
                    .as("storage of %s", node.address()).isEmpty();
        }
        assertThat(InJvmCluster.value(cluster.nodes.get(2), 3, ConsistencyLevel.ALL)).isNull();
    }

    @Test
    void truncateWithAReplicaDownFailsAndSaysWhy() {
        cluster.start("dc1", "dc1", "dc1");
        writeRowsAtAll(5);
        Node third = cluster.nodes.get(2);
        cluster.takeDown(third);
        assertThatThrownBy(() -> run(cluster.nodes.get(0), "TRUNCATE ks.t", ConsistencyLevel.ONE))
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATE_ERROR))
                .hasMessage("Error during truncate: Cannot achieve consistency level ALL: 3 required but only 2 alive");
        assertThat(localValue(third, 1)).as("the replica that was down keeps its rows").isEqualTo(1);
    }

    @Test
    void truncateThatStorageRefusesHereAndOnTheReplicasIsATruncateError() {
        cluster.start("dc1", "dc1", "dc1");
        Node first = cluster.nodes.get(0);
        // No node's storage holds this table, this coordinator's included.
        assertThatThrownBy(() -> Await.result(ClusterTruncate.everywhere(first.truncations(),
                first.messaging(), first.topology(), new io.cairn.storage.TableId("ks", "missing"),
                java.time.Duration.ofSeconds(5))))
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATE_ERROR))
                .hasMessageStartingWith("Error during truncate: Truncate failed on replica ");
    }

    @Test
    void truncateThatAReplicaDoesNotAnswerInTimeFails() {
        cluster.start("dc1", "dc1", "dc1");
        writeRowsAtAll(5);
        // The failure detector still sees the third node, but its messages are lost.
        cluster.network.isolate(cluster.nodes.get(2).address());
        Node first = cluster.nodes.get(0);
        assertThatThrownBy(() -> Await.result(ClusterTruncate.everywhere(first.truncations(),
                first.messaging(), first.topology(), first.schema().current().table("ks", "t").tableId(),
                java.time.Duration.ofMillis(200))))
                .isInstanceOfSatisfying(CqlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRUNCATE_ERROR))
                .hasMessage("Error during truncate: Truncate timed out - received only 2 responses");
    }
}
