package io.cairn.node.coordinator;

import io.cairn.node.query.Await;

import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.system.TruncationRecords;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.coordinator.InJvmCluster.Node;
import io.cairn.node.query.QueryResult;
import io.cairn.node.schema.TableLayout;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static io.cairn.node.coordinator.InJvmCluster.localValue;
import static io.cairn.node.coordinator.InJvmCluster.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes kept aside before a TRUNCATE (hints, logged batches) do not bring the truncated rows
 * back when they are replayed after it; writes kept aside after it still arrive.
 */
class TruncatedTableReplayTest {

    private final InJvmCluster cluster = new InJvmCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    /**
     * Writes {@code keys} from {@code coordinator} while {@code missed} is down: each gets a hint.
     * At QUORUM, the two live replicas have applied each write when it returns.
     */
    private void writeWhileDown(Node coordinator, Node missed, int... keys) {
        cluster.down.add(missed.address());
        for (int k : keys) {
            run(coordinator, "INSERT INTO ks.t (k, v) VALUES (" + k + ", " + k + ")", ConsistencyLevel.QUORUM);
        }
        cluster.down.remove(missed.address());
    }

    /** Replays {@code holder}'s hints and waits until {@code count} of them were delivered or dropped. */
    private static void replayHints(Node holder, int count) throws InterruptedException {
        holder.hints().replay();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (holder.hints().deliveredCount() + holder.hints().droppedCount() < count
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(holder.hints().deliveredCount() + holder.hints().droppedCount()).isEqualTo(count);
    }

    @Test
    void hintsWrittenBeforeATruncateDoNotBringItsRowsBack() throws InterruptedException {
        cluster.start("dc1", "dc1", "dc1");
        Node first = cluster.nodes.get(0);
        Node third = cluster.nodes.get(2);
        // The third node is down for these writes (hints kept on the first); it is back up
        // for the TRUNCATE, which the first node's hint replay (not run yet) has not reached.
        writeWhileDown(first, third, 1, 2, 3);
        assertThat(first.coordinator().metrics().get("hints_stored")).isEqualTo(3L);
        cluster.clock.advance(Duration.ofMillis(5));
        run(cluster.nodes.get(1), "TRUNCATE ks.t", ConsistencyLevel.ONE);
        cluster.clock.advance(Duration.ofMillis(5));
        writeWhileDown(first, third, 4);

        replayHints(first, 4);

        for (Node node : cluster.nodes) {
            for (int k = 1; k <= 3; k++) {
                assertThat(localValue(node, k)).as("truncated row %s on %s", k, node.address()).isNull();
            }
        }
        assertThat(localValue(third, 4)).as("the hint written after the truncate is delivered").isEqualTo(4);
        assertThat(first.hints().droppedCount()).isEqualTo(3);
        assertThat(first.hints().deliveredCount()).isEqualTo(1);
        assertThat(((QueryResult.Rows) run(third, "SELECT k FROM ks.t", ConsistencyLevel.ALL)).rows()).hasSize(1);
        first.hints().replay();
        Thread.sleep(200);
        assertThat(first.hints().deliveredCount() + first.hints().droppedCount())
                .as("dropped hints are deleted, not considered again").isEqualTo(4);
    }

    @Test
    void aReplicaThatTruncatedLeavesOutOlderHintsFromAHolderThatDidNot() throws InterruptedException {
        cluster.start("dc1", "dc1", "dc1");
        Node first = cluster.nodes.get(0);
        Node third = cluster.nodes.get(2);
        writeWhileDown(first, third, 1, 2, 3);
        cluster.clock.advance(Duration.ofMillis(5));
        // A TRUNCATE that the first node (holding the hints) never receives: it fails, but the
        // two others have truncated.
        cluster.network.isolate(first.address());
        Node second = cluster.nodes.get(1);
        assertThatThrownBy(() -> Await.result(ClusterTruncate.everywhere(second.truncations(),
                second.messaging(), second.topology(), second.schema().current().table("ks", "t").tableId(),
                Duration.ofMillis(200))))
                .hasMessage("Error during truncate: Truncate timed out - received only 2 responses");
        cluster.network.healAll();

        replayHints(first, 3);

        assertThat(first.hints().deliveredCount()).as("acknowledged by the replica").isEqualTo(3);
        for (int k = 1; k <= 3; k++) {
            assertThat(localValue(third, k)).as("truncated row %s on the hinted replica", k).isNull();
        }
    }

    @Test
    void aLoggedBatchWrittenBeforeATruncateIsNotReplayedIntoIt() {
        cluster.start("dc1", "dc1", "dc1");
        Node holder = cluster.nodes.get(1);
        TableMetadata table = holder.schema().current().table("ks", "t");
        TimeUuids ids = new TimeUuids(new SplittableRandom(8));
        // A coordinator stored this batch on the second node and died before applying it.
        long writtenAt = cluster.clock.currentTimeMicros();
        holder.batchlog().store(Batchlog.encode(ids.next(writtenAt), List.of(new TableUpdates(table,
                List.of(row(table, 9, writtenAt))))));
        cluster.clock.advance(Duration.ofSeconds(1));
        run(cluster.nodes.get(0), "TRUNCATE ks.t", ConsistencyLevel.ONE);
        cluster.clock.advance(Duration.ofSeconds(1));
        long laterAt = cluster.clock.currentTimeMicros();
        holder.batchlog().store(Batchlog.encode(ids.next(laterAt), List.of(new TableUpdates(table,
                List.of(row(table, 10, laterAt))))));
        cluster.clock.advance(Duration.ofMillis(Batchlog.REPLAY_AFTER_MILLIS + 1));

        assertThat(holder.batchlog().replay(holder.coordinator()::write).toCompletableFuture().join())
                .as("both batches leave the batchlog").isEqualTo(2);

        for (Node node : cluster.nodes) {
            assertThat(localValue(node, 9)).as("truncated row on %s", node.address()).isNull();
        }
        assertThat(InJvmCluster.value(cluster.nodes.get(2), 10, ConsistencyLevel.ALL))
                .as("the batch written after the truncate is replayed").isEqualTo(10);
    }

    @Test
    void eachNodeKeepsTheTruncationTimeInSystemLocal() {
        cluster.start("dc1", "dc1", "dc1");
        long truncatedAt = cluster.clock.currentTimeMicros();
        run(cluster.nodes.get(0), "TRUNCATE ks.t", ConsistencyLevel.ONE);
        for (Node node : cluster.nodes) {
            TableMetadata table = node.schema().current().table("ks", "t");
            // What a restarted node reads back from its storage:
            TruncationRecords reopened = new TruncationRecords(node.storage(), node.schema(), cluster.clock);
            assertThat(reopened.truncatedAtMicros(table.tableId())).as("on %s", node.address()).isEqualTo(truncatedAt);
            QueryResult.Rows rows = (QueryResult.Rows) run(node, "SELECT truncated_at FROM system.local",
                    ConsistencyLevel.ONE);
            assertThat(rows.rows()).hasSize(1);
            assertThat(rows.rows().get(0).get(0)).as("truncated_at of %s", node.address()).isNotNull();
        }
        TableMetadata other = cluster.nodes.get(0).schema().current().table("system", "hints");
        assertThat(cluster.nodes.get(0).truncations().truncatedAtMicros(other.tableId()))
                .isEqualTo(TruncationRecords.NEVER);

        // A second table truncated later adds its time: the first table's stays.
        run(cluster.nodes.get(0), "CREATE TABLE ks.u (k int PRIMARY KEY, v int)", ConsistencyLevel.ONE);
        cluster.awaitSchemaAgreement();
        cluster.clock.advance(java.time.Duration.ofSeconds(1));
        long secondAt = cluster.clock.currentTimeMicros();
        run(cluster.nodes.get(1), "TRUNCATE ks.u", ConsistencyLevel.ONE);
        for (Node node : cluster.nodes) {
            TruncationRecords reopened = new TruncationRecords(node.storage(), node.schema(), cluster.clock);
            assertThat(reopened.truncatedAtMicros(node.schema().current().table("ks", "t").tableId()))
                    .as("ks.t on %s", node.address()).isEqualTo(truncatedAt);
            assertThat(reopened.truncatedAtMicros(node.schema().current().table("ks", "u").tableId()))
                    .as("ks.u on %s", node.address()).isEqualTo(secondAt);
        }
    }

    private static PartitionUpdate row(TableMetadata table, int key, long timestampMicros) {
        return PartitionUpdate.builder(TableLayout.partitionKey(table, List.of(NativeType.INT.decompose(key))))
                .row(Row.builder(Clustering.EMPTY).liveness(Liveness.of(timestampMicros))
                        .cell(Cell.live("v", NativeType.INT.decompose(key).array(), timestampMicros)).build())
                .build();
    }
}
