package io.cairn.node;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.agreement.MetadataReplicaSteward;
import io.cairn.node.agreement.MetadataService;
import io.cairn.node.hints.HintStore;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryResult;
import io.cairn.node.repair.Repair;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import io.cairn.storage.wire.StorageSerializers;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repair on virtual time: three nodes at RF 3 whose replicas drifted apart (writes one replica
 * missed, deletes another missed, a write only one holds; no hints) are made identical by one
 * repair, which streams only what differs; a second repair finds nothing to do. A repair with
 * a replica down fails saying which.
 */
class RepairTest {

    private final RepairCluster cluster = new RepairCluster(settings -> settings);
    private final VirtualScheduler loop = cluster.loop;
    private final List<Node> nodes = cluster.nodes;

    private void threeNodes() {
        cluster.start("");
    }

    private QueryResult execute(Node node, String cql, ConsistencyLevel consistency) {
        return cluster.execute(node, cql, consistency);
    }

    private void withoutReaching(List<Node> missing, Runnable writes) {
        cluster.withoutReaching(missing, writes);
    }

    private Set<Integer> keysOn(Node node) {
        return cluster.keysOn(node);
    }

    private List<String> storedOn(Node node) {
        return cluster.storedOn(node);
    }

    private Repair.Result repair(Node coordinator) {
        return cluster.repair(coordinator);
    }

    @Test
    void oneRepairMakesDriftedReplicasIdenticalStreamingOnlyWhatDiffers() {
        threeNodes();
        Node first = nodes.get(0);
        Node second = nodes.get(1);
        Node third = nodes.get(2);
        for (int key = 0; key < 300; key++) {
            execute(first, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")", ConsistencyLevel.ALL);
        }
        withoutReaching(List.of(third), () -> IntStream.range(300, 340).forEach(key ->
                execute(first, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")", ConsistencyLevel.QUORUM)));
        withoutReaching(List.of(second), () -> IntStream.range(0, 10).forEach(key ->
                execute(first, "DELETE FROM ks.t WHERE k = " + key, ConsistencyLevel.QUORUM)));
        withoutReaching(List.of(first, second), () -> IntStream.range(400, 405).forEach(key ->
                execute(third, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")", ConsistencyLevel.ONE)));
        Set<Integer> expected = new HashSet<>();
        IntStream.range(10, 340).forEach(expected::add);
        IntStream.range(400, 405).forEach(expected::add);
        assertThat(keysOn(third)).doesNotContain(300).contains(400);
        assertThat(keysOn(second)).contains(0).doesNotContain(400);

        Repair.Result result = repair(first);

        for (Node node : nodes) {
            assertThat(keysOn(node)).as("keys on %s", node.address()).isEqualTo(expected);
        }
        assertThat(storedOn(second)).as("node 2 stores what node 1 does, tombstones included")
                .isEqualTo(storedOn(first));
        assertThat(storedOn(third)).isEqualTo(storedOn(first));
        assertThat(result.differingLeaves()).isPositive();
        assertThat(result.partitionsHashed()).as("each replica hashed what it held: 340, 340 and 305 partitions")
                .isEqualTo(340 + 340 + 305);
        // 55 partitions differ (40 + 10 + 5). A tree has about two leaves a partition, so what
        // moves is little more than those, in and out: far from a full copy (340 partitions from
        // each other replica, and to each).
        assertThat(result.partitionsReceived()).isPositive().isLessThanOrEqualTo(2 * 55);
        assertThat(result.partitionsSent()).isPositive().isLessThanOrEqualTo(2 * 55);
        assertThat(result.bytesReceived()).isPositive();
        assertThat(result.bytesSent()).isPositive();

        Repair.Result again = repair(second);
        assertThat(again.differingLeaves()).as("nothing differs any more").isZero();
        assertThat(again.partitionsReceived() + again.partitionsSent()).isZero();
        assertThat(again.ranges()).as("every piece of the ring (12 tokens, the wrapping range cut in two) was compared")
                .isEqualTo(3 * 4 + 1);
    }

    @Test
    void aReplicaThatMissedWritesPullsThemOnceNotFromEachReplicaThatHasThem() {
        threeNodes();
        Node first = nodes.get(0);
        Node third = nodes.get(2);
        for (int key = 0; key < 100; key++) {
            execute(first, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")", ConsistencyLevel.ALL);
        }
        withoutReaching(List.of(third), () -> IntStream.range(100, 130).forEach(key ->
                execute(first, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")", ConsistencyLevel.QUORUM)));

        Repair.Result result = repair(third);

        assertThat(keysOn(third)).hasSize(130);
        assertThat(result.partitionsReceived()).as("the 30 keys node 3 missed, from one replica each, not both "
                + "(a leaf may hold a neighbour)").isBetween(30L, 40L);
        assertThat(result.partitionsSent()).as("the others already agree").isZero();
    }

    @Test
    void rowsARepairPullsInAreFoundThroughTheTablesIndexOnTheReplicaThatMissedThem() {
        threeNodes();
        Node first = nodes.get(0);
        Node third = nodes.get(2);
        execute(first, "CREATE INDEX ON ks.t (v)", ConsistencyLevel.ONE);
        for (int key = 0; key < 20; key++) {
            execute(first, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key % 4 + ")", ConsistencyLevel.ALL);
        }
        withoutReaching(List.of(third), () -> IntStream.range(20, 40).forEach(key ->
                execute(first, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key % 4 + ")",
                        ConsistencyLevel.QUORUM)));

        repair(third);

        // At ONE, node 3 answers alone, from its own index.
        QueryResult.Rows rows = (QueryResult.Rows) execute(third, "SELECT k FROM ks.t WHERE v = 1",
                ConsistencyLevel.ONE);
        Set<Integer> keys = new java.util.TreeSet<>();
        rows.rows().forEach(row -> keys.add((Integer) io.cairn.cql.type.NativeType.INT.compose(row.get(0))));
        assertThat(keys).isEqualTo(IntStream.range(0, 40).filter(key -> key % 4 == 1).boxed()
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }

    private List<PartitionKey> unrepaired(Node node) {
        return node.storage().unrepaired(cluster.table(node).tableId(), TokenRange.FULL, null, 1_000).partitions();
    }

    @Test
    void anIncrementalRepairComparesOnlyWhatWasWrittenSinceTheLastRepairAndClearsIt() {
        threeNodes();
        Node first = nodes.get(0);
        Node second = nodes.get(1);
        Node third = nodes.get(2);
        IntStream.range(0, 300).forEach(key ->
                execute(first, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")", ConsistencyLevel.ALL));
        assertThat(unrepaired(second)).as("every partition written is listed").hasSize(300);
        Repair.Result never = cluster.repair(first, false);
        assertThat(never.partitionsHashed()).as("a range never repaired is compared whole").isEqualTo(3 * 300);
        for (Node node : nodes) {
            assertThat(unrepaired(node)).as("cleared on %s", node.address()).isEmpty();
        }

        withoutReaching(List.of(third), () -> IntStream.range(300, 320).forEach(key ->
                execute(first, "INSERT INTO ks.t (k, v) VALUES (" + key + ", " + key + ")", ConsistencyLevel.QUORUM)));
        withoutReaching(List.of(second), () -> IntStream.range(0, 5).forEach(key ->
                execute(first, "DELETE FROM ks.t WHERE k = " + key, ConsistencyLevel.QUORUM)));
        Repair.Result incremental = cluster.repair(second, false);

        Set<Integer> expected = new HashSet<>();
        IntStream.range(5, 320).forEach(expected::add);
        for (Node node : nodes) {
            assertThat(keysOn(node)).as("keys on %s", node.address()).isEqualTo(expected);
        }
        assertThat(storedOn(second)).isEqualTo(storedOn(first));
        assertThat(storedOn(third)).isEqualTo(storedOn(first));
        // The 25 partitions written since, as each replica holds them: node 1 all 25, node 2 the
        // 20 new ones and the 5 it did not see deleted, node 3 the 5 deletions only.
        assertThat(incremental.partitionsHashed()).isEqualTo(25 + 25 + 5);
        assertThat(incremental.partitionsReceived() + incremental.partitionsSent()).isPositive()
                .isLessThanOrEqualTo(2 * 25);

        // What the repair merged is not listed again: the next one compares nothing.
        assertThat(cluster.repair(third, false).partitionsHashed()).isZero();
        for (Node node : nodes) {
            assertThat(unrepaired(node)).as("cleared on %s", node.address()).isEmpty();
        }

        // A range of the ring alone: the one piece it falls in, compared whole.
        CompletableFuture<Repair.Result> part = first.repair("ks", "t", true,
                List.of(TokenRange.openClosed(0, 1_000))).toCompletableFuture();
        loop.advance(Duration.ofSeconds(30));
        assertThat(part.join().ranges()).isEqualTo(1);
        assertThat(part.join().partitionsHashed()).isLessThan(3 * 20);
    }

    @Test
    void aRepairWithAReplicaDownOrLackingTheTableFailsSayingWhichAndAnUnknownTableIsRefused() {
        threeNodes();
        Node first = nodes.get(0);
        CompletableFuture<Repair.Result> unknown = first.repair("ks", "nope", true, null).toCompletableFuture();
        assertThat(unknown).isCompletedExceptionally();
        assertThat(unknown.handle((result, failure) -> failure.getMessage()).join())
                .contains("Table ks.nope does not exist");

        // A replica whose storage lacks the table says so at once: the repair fails, naming it.
        Node second = nodes.get(1);
        io.cairn.storage.TableId table = second.schema().current().table("ks", "t").tableId();
        assertThat(second.storage().dropTable(table)).isTrue();
        CompletableFuture<Repair.Result> lacking = first.repair("ks", "t", true, null).toCompletableFuture();
        loop.advance(Duration.ofSeconds(1));
        assertThat(lacking).isCompletedExceptionally();
        assertThat(lacking.handle((result, failure) -> failure.getMessage()).join())
                .contains("Replica " + second.address() + " could not build its hash tree");

        Node third = nodes.get(2);
        third.close();
        third.messaging().close();
        loop.advance(Duration.ofSeconds(30));
        CompletableFuture<Repair.Result> down = first.repair("ks", null, true, null).toCompletableFuture();
        loop.advance(Duration.ofSeconds(5));
        assertThat(down).isCompletedExceptionally();
        assertThat(down.handle((result, failure) -> failure.getMessage()).join())
                .contains("Replica [" + third.address() + "]").contains("is down");
    }
}
