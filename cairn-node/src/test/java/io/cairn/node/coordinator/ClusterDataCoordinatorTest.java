package io.cairn.node.coordinator;

import io.cairn.node.query.Await;
import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.batchlog.TableUpdates;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cluster.messaging.Verb;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryResult;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.coordinator.InJvmCluster.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Consistency levels, timeouts and read repair among nodes of an in-JVM network. */
class ClusterDataCoordinatorTest {

    private final InJvmCluster fixture = new InJvmCluster();
    private final InJvmNetwork network = fixture.network;
    private final ManualClock clock = fixture.clock;
    private final Set<NodeAddress> down = fixture.down;
    private final List<Node> nodes = fixture.nodes;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private void cluster(String... dataCenterOfEachNode) {
        fixture.start(dataCenterOfEachNode);
    }

    private void awaitSchemaAgreement() {
        fixture.awaitSchemaAgreement();
    }

    private static QueryResult run(Node node, String cql, ConsistencyLevel level) {
        return InJvmCluster.run(node, cql, level);
    }

    private static Integer value(Node node, int key, ConsistencyLevel level) {
        return InJvmCluster.value(node, key, level);
    }

    private static Integer localValue(Node node, int key) {
        return InJvmCluster.localValue(node, key);
    }

    @Test
    void schemaChangesReachEveryNodeWithTheSameIdsAndVersion() {
        cluster("dc1", "dc1", "dc1");
        run(nodes.get(1), "CREATE TABLE ks.u (k int PRIMARY KEY, w text)", ConsistencyLevel.ONE);
        java.util.UUID version = nodes.get(1).schema().current().version();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (nodes.stream().anyMatch(n -> !n.schema().current().version().equals(version))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (Node node : nodes) {
            assertThat(node.schema().current().table("ks", "u").id())
                    .isEqualTo(nodes.get(1).schema().current().table("ks", "u").id());
        }
        run(nodes.get(2), "INSERT INTO ks.u (k, w) VALUES (1, 'x')", ConsistencyLevel.ALL);
        run(nodes.get(0), "DROP TABLE ks.u", ConsistencyLevel.ONE);
        awaitSchemaAgreement();
        assertThat(nodes.get(2).schema().current().table("ks", "u")).isNull();
    }

    @Test
    void quorumSurvivesOneNodeDownAndAllIsUnavailable() {
        cluster("dc1", "dc1", "dc1");
        down.add(nodes.get(2).address());
        network.isolate(nodes.get(2).address());
        run(nodes.get(0), "INSERT INTO ks.t (k, v) VALUES (1, 10)", ConsistencyLevel.QUORUM);
        assertThat(value(nodes.get(1), 1, ConsistencyLevel.QUORUM)).isEqualTo(10);
        assertThatThrownBy(() -> run(nodes.get(0), "INSERT INTO ks.t (k, v) VALUES (2, 20)", ConsistencyLevel.ALL))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("Cannot achieve consistency level ALL: 3 required but only 2 alive");
    }

    @Test
    void hintsBringAReplicaThatWasDownUpToDate() throws InterruptedException {
        cluster("dc1", "dc1", "dc1");
        Node a = nodes.get(0);
        Node c = nodes.get(2);
        writeWhileCutOff(a, c, 20);
        run(a, "INSERT INTO ks.t (k, v) VALUES (100, 100)", ConsistencyLevel.ANY);
        assertThat(localValue(c, 3)).isNull();
        assertThat(pendingHints(a)).as("system_views.pending_hints on node 1")
                .containsExactly(java.util.Map.entry(c.address().toString(), 21L));
        down.remove(c.address());
        network.healAll();
        a.hints().replay();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (a.hints().deliveredCount() < 21 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(a.hints().deliveredCount()).isEqualTo(21);
        for (int k = 0; k < 20; k++) {
            assertThat(localValue(c, k)).isEqualTo(k);
        }
        assertThat(localValue(c, 100)).isEqualTo(100);
        a.hints().replay();
        Thread.sleep(200);
        assertThat(a.hints().deliveredCount()).as("delivered hints are deleted, not sent again").isEqualTo(21);
        assertThat(pendingHints(a)).isEmpty();
    }

    /** What {@code system_views.pending_hints} says on {@code node}: hints by target. */
    private static java.util.Map<String, Long> pendingHints(Node node) {
        java.util.Map<String, Long> pending = new java.util.TreeMap<>();
        for (List<java.nio.ByteBuffer> row : ((QueryResult.Rows) run(node, "SELECT target, hints FROM "
                + "system_views.pending_hints", ConsistencyLevel.ONE)).rows()) {
            pending.put((String) io.cairn.cql.type.NativeType.TEXT.compose(row.get(0)),
                    (Long) io.cairn.cql.type.NativeType.BIGINT.compose(row.get(1)));
        }
        return pending;
    }

    /** Cuts {@code away} off and writes keys 0 to {@code keys} - 1 through {@code coordinator} at QUORUM. */
    private void writeWhileCutOff(Node coordinator, Node away, int keys) {
        down.add(away.address());
        network.isolate(away.address());
        for (int k = 0; k < keys; k++) {
            run(coordinator, "INSERT INTO ks.t (k, v) VALUES (" + k + ", " + k + ")", ConsistencyLevel.QUORUM);
        }
    }

    /**
     * Stores on {@code holder} a batch written at {@code writtenAtMicros} that inserts {@code key}
     * with {@code value}, as a coordinator that died before applying it leaves behind.
     */
    private void storeOrphanedBatch(Node holder, int key, int value, long writtenAtMicros) {
        io.cairn.node.schema.TableMetadata table = holder.schema().current().table("ks", "t");
        io.cairn.storage.PartitionUpdate orphan = io.cairn.storage.PartitionUpdate.builder(
                io.cairn.node.schema.TableLayout.partitionKey(table, List.of(NativeType.INT.decompose(key))))
                .row(io.cairn.storage.Row.builder(io.cairn.storage.Clustering.EMPTY)
                        .liveness(io.cairn.storage.Liveness.of(clock.currentTimeMicros()))
                        .cell(io.cairn.storage.Cell.live("v", NativeType.INT.decompose(value).array(),
                                clock.currentTimeMicros()))
                        .build()).build();
        java.util.UUID id = new TimeUuids(new SplittableRandom(8)).next(writtenAtMicros);
        holder.batchlog().store(Batchlog.encode(id, List.of(new TableUpdates(table, List.of(orphan)))));
    }

    @Test
    void hintsAndBatchesOlderThanTheirTablesGcGraceAreDroppedNotDelivered() throws InterruptedException {
        cluster("dc1", "dc1", "dc1");
        Node a = nodes.get(0);
        Node c = nodes.get(2);
        writeWhileCutOff(a, c, 5);
        // A batch orphaned as long ago, on node 2.
        storeOrphanedBatch(nodes.get(1), 9, 99, clock.currentTimeMicros());
        // Past the table's gc grace (ten days), a late hint or batch could bring back data whose
        // newer tombstone the replicas purged.
        clock.advance(Duration.ofSeconds(io.cairn.storage.TableOptions.DEFAULT_GC_GRACE_SECONDS + 1));
        down.remove(c.address());
        network.healAll();
        a.hints().replay();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (a.hints().expiredCount() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(a.hints().expiredCount()).isEqualTo(5);
        assertThat(a.hints().deliveredCount()).isZero();
        for (int k = 0; k < 5; k++) {
            assertThat(localValue(c, k)).as("k%d, left to repair", k).isNull();
        }
        nodes.get(1).batchlog().replay(nodes.get(1).coordinator()::write).toCompletableFuture().join();
        assertThat(nodes.get(1).batchlog().size()).as("the batch is gone").isZero();
        for (Node node : nodes) {
            assertThat(localValue(node, 9)).as("its write was dropped, not replayed").isNull();
        }
    }

    @Test
    void aLoggedBatchAppliesEverywhereAndAnOrphanedOneIsReplayedByItsHolder() {
        cluster("dc1", "dc1", "dc1");
        run(nodes.get(0), "BEGIN BATCH INSERT INTO ks.t (k, v) VALUES (1, 1); INSERT INTO ks.t (k, v) VALUES (2, 2); "
                + "APPLY BATCH", ConsistencyLevel.QUORUM);
        assertThat(value(nodes.get(2), 2, ConsistencyLevel.QUORUM)).isEqualTo(2);
        // A coordinator that stored a batch on node 2 and died before applying it:
        storeOrphanedBatch(nodes.get(1), 9, 99, clock.currentTimeMicros() - 60_000_000L);
        assertThat(nodes.get(1).batchlog().replay(nodes.get(1).coordinator()::write).toCompletableFuture()
                .join()).isEqualTo(1);
        assertThat(value(nodes.get(0), 9, ConsistencyLevel.ALL)).isEqualTo(99);
        assertThat(nodes.get(1).batchlog().replay(nodes.get(1).coordinator()::write).toCompletableFuture()
                .join()).isZero();
    }

    @Test
    void aLoggedBatchWithOneOtherHolderIsKeptByItsCoordinatorToo() {
        cluster("dc1", "dc1", "dc1");
        Node coordinator = nodes.get(0);
        Node holder = nodes.get(1);
        Node third = nodes.get(2);
        down.add(third.address());
        network.isolate(third.address());
        // The batch is stored on the one other live node, then none of its writes arrive.
        network.setDeliveryPolicy((from, to, message) -> message.verb() == Verb.MUTATION
                && from.equals(coordinator.address()) ? Optional.empty() : Optional.of(Duration.ZERO));
        assertThatThrownBy(() -> run(coordinator, "BEGIN BATCH INSERT INTO ks.t (k, v) VALUES (5, 50); "
                + "INSERT INTO ks.t (k, v) VALUES (6, 60); APPLY BATCH", ConsistencyLevel.QUORUM))
                .isInstanceOf(WriteTimeoutException.class);
        // That holder is then lost for good: the coordinator's own copy still makes the batch happen.
        network.setDeliveryPolicy(InJvmNetwork.DeliveryPolicy.IMMEDIATE);
        network.healAll();
        down.remove(third.address());
        down.add(holder.address());
        network.isolate(holder.address());
        clock.advance(Duration.ofMillis(Batchlog.REPLAY_AFTER_MILLIS + 1_000));
        assertThat(coordinator.batchlog().replay(coordinator.coordinator()::write).toCompletableFuture().join())
                .as("batches the coordinator replays itself").isEqualTo(1);
        assertThat(value(coordinator, 5, ConsistencyLevel.QUORUM)).isEqualTo(50);
        assertThat(value(third, 6, ConsistencyLevel.QUORUM)).isEqualTo(60);
        assertThat(coordinator.batchlog().replay(coordinator.coordinator()::write).toCompletableFuture().join())
                .as("a replayed batch is removed").isZero();
    }

    @Test
    void aQuorumWriteWithoutEnoughAnswersTimesOutWithCounts() {
        cluster("dc1", "dc1", "dc1");
        network.cut(nodes.get(0).address(), nodes.get(1).address());
        network.cut(nodes.get(0).address(), nodes.get(2).address());
        assertThatThrownBy(() -> run(nodes.get(0), "INSERT INTO ks.t (k, v) VALUES (1, 10)", ConsistencyLevel.QUORUM))
                .isInstanceOfSatisfying(WriteTimeoutException.class, e -> {
                    assertThat(e.received()).isEqualTo(1);
                    assertThat(e.blockFor()).isEqualTo(2);
                });
    }

    @Test
    void aQuorumReadRepairsAReplicaThatMissedAWrite() {
        cluster("dc1", "dc1", "dc1");
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        network.cut(a.address(), b.address());
        network.cut(a.address(), nodes.get(2).address());
        run(a, "INSERT INTO ks.t (k, v) VALUES (7, 70)", ConsistencyLevel.ONE);
        network.healAll();
        assertThat(localValue(b, 7)).isNull();
        // B coordinates: its own data disagrees with A's digest, so it reconciles and repairs.
        assertThat(value(b, 7, ConsistencyLevel.QUORUM)).isEqualTo(70);
        assertThat(localValue(b, 7)).isEqualTo(70);
        assertThat(b.coordinator().readRepairs()).containsEntry("ks.t", 1L);
    }

    @Test
    void localQuorumWorksWithTheOtherDataCenterDownButEachQuorumDoesNot() {
        cluster("dc1", "dc1", "dc2", "dc2");
        run(nodes.get(0), "ALTER KEYSPACE ks WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 2, "
                + "'dc2': 2}", ConsistencyLevel.ONE);
        awaitSchemaAgreement();
        assertThat(nodes.get(3).schema().current().keyspace("ks").replication())
                .containsEntry("class", "org.apache.cassandra.locator.NetworkTopologyStrategy");
        down.add(nodes.get(2).address());
        down.add(nodes.get(3).address());
        network.isolate(nodes.get(2).address());
        network.isolate(nodes.get(3).address());
        run(nodes.get(0), "INSERT INTO ks.t (k, v) VALUES (1, 1)", ConsistencyLevel.LOCAL_QUORUM);
        assertThat(value(nodes.get(1), 1, ConsistencyLevel.LOCAL_QUORUM)).isEqualTo(1);
        assertThatThrownBy(() -> run(nodes.get(0), "INSERT INTO ks.t (k, v) VALUES (2, 2)",
                ConsistencyLevel.EACH_QUORUM)).isInstanceOf(UnavailableException.class);
    }

    @Test
    void aReplicaSlowerThanSpeculativeRetryIsReplacedByAnother() {
        cluster("dc1", "dc1", "dc1");
        Node a = nodes.get(0);
        run(a, "INSERT INTO ks.t (k, v) VALUES (1, 10)", ConsistencyLevel.ALL);
        run(a, "ALTER TABLE ks.t WITH speculative_retry = 'NONE'", ConsistencyLevel.ONE);
        awaitSchemaAgreement();
        // Reads sent to B and C take longer than the read timeout: QUORUM cannot be met.
        Set<NodeAddress> slow = java.util.concurrent.ConcurrentHashMap.newKeySet();
        slow.addAll(List.of(nodes.get(1).address(), nodes.get(2).address()));
        network.setDeliveryPolicy((from, to, message) -> Optional.of(
                slow.contains(to) && message.verb() == Verb.READ ? Duration.ofSeconds(3) : Duration.ZERO));
        assertThatThrownBy(() -> value(a, 1, ConsistencyLevel.QUORUM))
                .isInstanceOfSatisfying(ReadTimeoutException.class, e -> {
                    assertThat(e.received()).isEqualTo(1);
                    assertThat(e.blockFor()).isEqualTo(2);
                });
        // Only B (A's second choice) is slow: once it times out, C is asked instead.
        slow.remove(nodes.get(2).address());
        long failoversBefore = a.coordinator().metrics().get("read_failovers");
        assertThat(value(a, 1, ConsistencyLevel.QUORUM)).isEqualTo(10);
        assertThat(a.coordinator().metrics().get("read_failovers")).isEqualTo(failoversBefore + 1);
        assertThat(a.coordinator().speculativeRetries()).isZero();

        // With speculation, C is asked once B is 20 ms late.
        run(a, "ALTER TABLE ks.t WITH speculative_retry = '20ms'", ConsistencyLevel.ONE);
        awaitSchemaAgreement();
        assertThat(value(a, 1, ConsistencyLevel.QUORUM)).isEqualTo(10);
        assertThat(a.coordinator().speculativeRetries()).isEqualTo(1);
        assertThat(a.schema().current().table("ks", "t").params().speculativeRetry()).isEqualTo("20ms");
    }

    @Test
    void alwaysAsksOneMoreReplicaAtOnce() {
        cluster("dc1", "dc1", "dc1");
        Node b = nodes.get(1);
        run(b, "INSERT INTO ks.t (k, v) VALUES (2, 20)", ConsistencyLevel.ALL);
        run(nodes.get(0), "ALTER TABLE ks.t WITH speculative_retry = 'ALWAYS'", ConsistencyLevel.ONE);
        awaitSchemaAgreement();
        NodeAddress slow = nodes.get(0).address();
        network.setDeliveryPolicy((from, to, message) -> Optional.of(
                to.equals(slow) && message.verb() == Verb.READ ? Duration.ofSeconds(3) : Duration.ZERO));
        assertThat(value(b, 2, ConsistencyLevel.TWO)).isEqualTo(20);
        assertThat(b.coordinator().speculativeRetries()).isEqualTo(1);
    }

    @Test
    void aBadSpeculativeRetryIsAConfigurationError() {
        cluster("dc1");
        assertThatThrownBy(() -> run(nodes.get(0), "ALTER TABLE ks.t WITH speculative_retry = 'soon'",
                ConsistencyLevel.ONE)).isInstanceOfSatisfying(io.cairn.cql.error.CqlException.class,
                        e -> assertThat(e.getMessage()).contains("Invalid value 'soon' for option 'speculative_retry'"));
    }

    @Test
    void aQuorumScanReconcilesReplicasThatDisagreeAcrossPages() {
        cluster("dc1", "dc1", "dc1");
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        for (int k = 0; k < 30; k++) {
            run(a, "INSERT INTO ks.t (k, v) VALUES (" + k + ", " + k + ")", ConsistencyLevel.ALL);
        }
        // B misses ten new rows and the deletion of one old row.
        network.cut(a.address(), b.address());
        network.cut(a.address(), nodes.get(2).address());
        for (int k = 30; k < 40; k++) {
            run(a, "INSERT INTO ks.t (k, v) VALUES (" + k + ", " + k + ")", ConsistencyLevel.ONE);
        }
        run(a, "DELETE FROM ks.t WHERE k = 5", ConsistencyLevel.ONE);
        network.healAll();
        assertThat(count(b, ConsistencyLevel.ONE, 1_000)).as("B alone").isEqualTo(30);

        // B coordinates at QUORUM (itself and A), seven rows a page.
        Map<Integer, Integer> seen = new LinkedHashMap<>();
        ByteBuffer paging = null;
        int pages = 0;
        do {
            QueryResult.Rows rows = (QueryResult.Rows) Await.result(b.processor().execute("SELECT k, v FROM ks.t",
                    QueryOptions.DEFAULT.withConsistency(ConsistencyLevel.QUORUM).withPaging(7, paging),
                    new ClientSession()));
            for (List<ByteBuffer> row : rows.rows()) {
                Integer previous = seen.put((Integer) NativeType.INT.compose(row.get(0)),
                        (Integer) NativeType.INT.compose(row.get(1)));
                assertThat(previous).as("each row once").isNull();
            }
            paging = rows.pagingState();
            pages++;
        } while (paging != null && pages < 100);
        assertThat(seen).hasSize(39).doesNotContainKey(5);
        seen.forEach((k, v) -> assertThat(v).isEqualTo(k));
        assertThat(count(b, ConsistencyLevel.ONE, 1_000)).as("B repaired by the scan").isEqualTo(39);
        assertThat(b.coordinator().readRepairs().get("ks.t")).isPositive();
    }

    private static int count(Node node, ConsistencyLevel level, int pageSize) {
        QueryResult.Rows rows = (QueryResult.Rows) Await.result(node.processor().execute("SELECT k FROM ks.t",
                QueryOptions.DEFAULT.withConsistency(level).withPaging(pageSize, null), new ClientSession()));
        return rows.rows().size();
    }
}
