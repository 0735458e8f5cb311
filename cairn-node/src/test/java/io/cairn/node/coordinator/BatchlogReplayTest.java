package io.cairn.node.coordinator;

import io.cairn.common.time.TimeUuids;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.batchlog.BatchWriter;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.coordinator.InJvmCluster.Node;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.cairn.node.coordinator.InJvmCluster.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Replaying the batchlog waits for nothing: batches go one after another as their writes are acknowledged. */
class BatchlogReplayTest {

    private final InJvmCluster cluster = new InJvmCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static PartitionUpdate row(TableMetadata table, int key, long timestampMicros) {
        return PartitionUpdate.builder(TableLayout.partitionKey(table, List.of(NativeType.INT.decompose(key))))
                .row(Row.builder(Clustering.EMPTY).liveness(Liveness.of(timestampMicros))
                        .cell(Cell.live("v", NativeType.INT.decompose(key).array(), timestampMicros)).build())
                .build();
    }

    /** Stores two orphaned batches (of key 1, then key 2) on {@code holder}, old enough to be replayed. */
    private void storeOrphans(Node holder) {
        TableMetadata table = holder.schema().current().table("ks", "t");
        TimeUuids ids = new TimeUuids(new SplittableRandom(8));
        for (int key = 1; key <= 2; key++) {
            long writtenAt = cluster.clock.currentTimeMicros();
            holder.batchlog().store(Batchlog.encode(ids.next(writtenAt),
                    List.of(new TableUpdates(table, List.of(row(table, key, writtenAt))))));
        }
        cluster.clock.advance(Duration.ofMillis(Batchlog.REPLAY_AFTER_MILLIS + 1));
    }

    @Test
    void batchesAreReplayedOneAfterAnotherAndOnlyAcknowledgedOnesAreRemoved() {
        cluster.start("dc1", "dc1", "dc1");
        Node holder = cluster.nodes.get(1);
        storeOrphans(holder);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        BatchWriter held = (table, updates, consistency) -> {
            assertThat(consistency).isEqualTo(ConsistencyLevel.ONE);
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.add(write);
            return write;
        };

        CompletionStage<Integer> replayed = holder.batchlog().replay(held);
        assertThat(writes).as("the second batch waits for the first").hasSize(1);
        assertThat(replayed.toCompletableFuture()).isNotDone();
        writes.get(0).complete(null);
        assertThat(writes).hasSize(2);
        writes.get(1).completeExceptionally(new IllegalStateException("no replica answered"));

        assertThat(replayed.toCompletableFuture().join()).as("only the acknowledged batch").isEqualTo(1);
        assertThat(holder.batchlog().replay(holder.coordinator()::write).toCompletableFuture().join())
                .as("the failed batch stayed, and is replayed next time").isEqualTo(1);
        assertThat(value(cluster.nodes.get(0), 2, ConsistencyLevel.ALL)).isEqualTo(2);
        assertThat(holder.batchlog().replay(holder.coordinator()::write).toCompletableFuture().join()).isZero();
    }
}
