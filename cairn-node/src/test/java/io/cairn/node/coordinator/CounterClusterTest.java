package io.cairn.node.coordinator;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.coordinator.InJvmCluster.Node;
import io.cairn.node.query.Await;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters among three nodes of an in-JVM network ({@code ks.c (k int PRIMARY KEY, n counter)} at
 * RF 3), through each node's CQL layer: increments from every coordinator add up, one that is no
 * replica sends them to a leader, and a replica that missed increments gets their shards back by
 * hint and read repair without counting anything twice.
 */
class CounterClusterTest {

    private final InJvmCluster fixture = new InJvmCluster();
    private final List<Node> nodes = fixture.nodes;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void createCounterTable() {
        InJvmCluster.run(nodes.get(0), "CREATE TABLE ks.c (k int PRIMARY KEY, n counter)", ConsistencyLevel.ONE);
        fixture.awaitSchemaAgreement();
    }

    private static CompletableFuture<QueryResult> increment(Node node, int key, long delta, ConsistencyLevel level) {
        return node.processor().execute("UPDATE ks.c SET n = n + " + delta + " WHERE k = " + key,
                QueryOptions.DEFAULT.withConsistency(level), new ClientSession()).toCompletableFuture();
    }

    private static Long count(Node node, int key, ConsistencyLevel level) {
        QueryResult.Rows rows = (QueryResult.Rows) InJvmCluster.run(node, "SELECT n FROM ks.c WHERE k = " + key, level);
        return rows.rows().isEmpty() ? null : (Long) NativeType.COUNTER.compose(rows.rows().get(0).get(0));
    }

    private static io.cairn.storage.PartitionKey key(int k) {
        byte[] bytes = java.nio.ByteBuffer.allocate(4).putInt(k).array();
        return new io.cairn.storage.PartitionKey(io.cairn.node.schema.PartitionKeySerializer.token(bytes), bytes);
    }

    @Test
    void concurrentIncrementsThroughEveryCoordinatorAddUpOnEveryReplica() {
        fixture.start("dc1", "dc1", "dc1");
        createCounterTable();
        List<CompletableFuture<QueryResult>> writes = new ArrayList<>();
        long expected = 0;
        for (int i = 1; i <= 60; i++) {
            writes.add(increment(nodes.get(i % 3), 1, i, ConsistencyLevel.QUORUM));
            expected += i;
        }
        writes.add(increment(nodes.get(0), 1, -7, ConsistencyLevel.ALL));
        expected -= 7;
        writes.forEach(Await::result);

        for (Node node : nodes) {
            assertThat(count(node, 1, ConsistencyLevel.ALL)).as("read at ALL through %s", node.address())
                    .isEqualTo(expected);
        }
        // Every replica got every shard (the last write was at ALL, and each replica answered each
        // QUORUM write in this network): a read at ONE, served by the node itself, agrees.
        for (Node node : nodes) {
            assertThat(count(node, 1, ConsistencyLevel.ONE)).as("local count of %s", node.address())
                    .isEqualTo(expected);
        }
    }

    @Test
    void aCoordinatorThatIsNoReplicaHasAReplicaLeadTheIncrement() {
        fixture.start("dc1", "dc1", "dc1");
        createCounterTable();
        Node outsider = nodes.get(2);
        fixture.notReplicas.add(outsider.address());

        for (int i = 0; i < 5; i++) {
            Await.result(increment(outsider, 2, 10, ConsistencyLevel.QUORUM));
        }

        assertThat(count(outsider, 2, ConsistencyLevel.QUORUM)).isEqualTo(50);
        for (Node replica : nodes.subList(0, 2)) {
            assertThat(count(replica, 2, ConsistencyLevel.ONE)).as("local count of %s", replica.address())
                    .isEqualTo(50);
        }
        assertThat(outsider.storage().read(nodes.get(0).schema().current().table("ks", "c").tableId(),
                key(2), io.cairn.storage.ReadFilter.all(0)).rows())
                .as("the coordinator that is no replica stored nothing").isEmpty();
    }

    @Test
    void aReplicaThatMissedIncrementsGetsTheirShardsBackOnceWithoutCountingThemTwice() {
        fixture.start("dc1", "dc1", "dc1");
        createCounterTable();
        Node a = nodes.get(0);
        Node c = nodes.get(2);
        fixture.takeDown(c);
        for (int i = 0; i < 4; i++) {
            Await.result(increment(a, 3, 5, ConsistencyLevel.QUORUM));
            Await.result(increment(nodes.get(1), 3, 1, ConsistencyLevel.QUORUM));
        }

        fixture.down.remove(c.address());
        fixture.network.healAll();
        a.hints().replay();
        nodes.get(1).hints().replay();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Long.valueOf(24).equals(count(c, 3, ConsistencyLevel.ONE)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(count(c, 3, ConsistencyLevel.ONE)).as("the shards came back by hint").isEqualTo(24);

        // Delivered again (a hint replayed twice, a read repair): still counted once.
        a.hints().replay();
        assertThat(count(c, 3, ConsistencyLevel.ALL)).isEqualTo(24);
        Await.result(increment(c, 3, 100, ConsistencyLevel.ALL));
        for (Node node : nodes) {
            assertThat(count(node, 3, ConsistencyLevel.ONE)).isEqualTo(124);
        }
    }

    @Test
    void aTruncatedCounterTableCountsAgainFromZeroOnEveryReplica() {
        fixture.start("dc1", "dc1", "dc1");
        createCounterTable();
        for (Node node : nodes) {
            Await.result(increment(node, 5, 10, ConsistencyLevel.ALL));
        }
        fixture.clock.advance(java.time.Duration.ofSeconds(1));
        InJvmCluster.run(nodes.get(1), "TRUNCATE ks.c", ConsistencyLevel.ALL);
        fixture.clock.advance(java.time.Duration.ofSeconds(1));

        Await.result(increment(nodes.get(2), 5, 4, ConsistencyLevel.ALL));

        for (Node node : nodes) {
            assertThat(count(node, 5, ConsistencyLevel.ONE)).as("local count of %s", node.address()).isEqualTo(4);
        }
    }

    @Test
    void aDeletedCounterCountsAgainFromZero() {
        fixture.start("dc1", "dc1", "dc1");
        createCounterTable();
        Await.result(increment(nodes.get(0), 4, 7, ConsistencyLevel.ALL));
        Await.result(increment(nodes.get(1), 4, 3, ConsistencyLevel.ALL));
        InJvmCluster.run(nodes.get(2), "DELETE FROM ks.c WHERE k = 4", ConsistencyLevel.ALL);
        assertThat(count(nodes.get(0), 4, ConsistencyLevel.ALL)).isNull();

        Await.result(increment(nodes.get(0), 4, 2, ConsistencyLevel.ALL));
        Await.result(increment(nodes.get(1), 4, 1, ConsistencyLevel.ALL));

        for (Node node : nodes) {
            assertThat(count(node, 4, ConsistencyLevel.ONE)).isEqualTo(3);
        }
    }
}
