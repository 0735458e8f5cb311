package io.cairn.node.counter;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.Scheduler;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The leader's step on real storage: increments add up on this node's shard, what it returns
 * may be delivered to a replica any number of times and in any order, a shard's timestamp never
 * goes back, and a deleted counter counts again from zero.
 */
class CounterLeaderTest {

    private static final TableId TABLE = new TableId("ks", "c");
    private static final PartitionKey KEY = new PartitionKey(7, "k".getBytes(StandardCharsets.UTF_8));
    private static final long T = 1_700_000_000_000_000L;

    private final ManualClock clock = new ManualClock(T);
    private final KvStorageEngine leaderStorage = storage();
    private final KvStorageEngine replicaStorage = storage();
    private final byte[] shard = CounterCells.shardId(new UUID(1, 2), 1);
    private final CounterLeader leader = new CounterLeader(leaderStorage, () -> shard);

    private KvStorageEngine storage() {
        KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, new Scheduler() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
                throw new UnsupportedOperationException();
            }
        }, StorageLimits.DEFAULTS, Duration.ZERO);
        storage.createTable(TABLE, TableOptions.DEFAULTS);
        return storage;
    }

    @AfterEach
    void close() {
        leaderStorage.close();
        replicaStorage.close();
    }

    private static PartitionUpdate increment(long delta, long timestampMicros) {
        return PartitionUpdate.builder(KEY).row(Row.builder(Clustering.EMPTY)
                .cell(CounterCells.delta("n", delta, timestampMicros)).build()).build();
    }

    private static Long count(KvStorageEngine storage) {
        PartitionData data = storage.read(TABLE, KEY, ReadFilter.all(T / 1_000_000));
        if (data.rows().isEmpty()) {
            return null;
        }
        List<Cell> shards = data.rows().get(0).cells().stream().filter(cell -> cell.column().equals("n")).toList();
        return shards.isEmpty() ? null : CounterCells.total(shards);
    }

    @Test
    void incrementsAddUpOnTheLeadersShardAndReplicasMergeItsTotals() {
        PartitionUpdate first = leader.lead(TABLE, increment(5, T));
        PartitionUpdate second = leader.lead(TABLE, increment(-2, T + 10));
        PartitionUpdate third = leader.lead(TABLE, increment(10, T + 20));

        assertThat(count(leaderStorage)).isEqualTo(13);
        assertThat(first.rows().get(0).cells()).singleElement()
                .satisfies(cell -> assertThat(cell.path()).isEqualTo(shard))
                .satisfies(cell -> assertThat(CounterLeader.hasDeltas(first)).isFalse());
        // Delivered out of order, twice each (a duplicate, a hint, a read repair): the latest total wins.
        for (PartitionUpdate update : List.of(third, first, second, first, third, second)) {
            replicaStorage.apply(TABLE, update);
        }
        assertThat(count(replicaStorage)).isEqualTo(13);
    }

    @Test
    void aShardsTimestampNeverGoesBackWhenStatementTimestampsDo() {
        leader.lead(TABLE, increment(4, T + 1_000_000));
        PartitionUpdate earlier = leader.lead(TABLE, increment(3, T));

        assertThat(earlier.rows().get(0).cells().get(0).timestampMicros()).isEqualTo(T + 1_000_001);
        replicaStorage.apply(TABLE, earlier);
        assertThat(count(replicaStorage)).isEqualTo(7);
    }

    @Test
    void twoIncrementsOfOneCounterInOneUpdateAddUp() {
        PartitionUpdate update = PartitionUpdate.builder(KEY).row(Row.builder(Clustering.EMPTY)
                .cell(CounterCells.delta("n", 1, T)).cell(CounterCells.delta("n", 2, T)).build()).build();

        PartitionUpdate led = leader.lead(TABLE, update);

        assertThat(led.rows().get(0).cells()).hasSize(1);
        assertThat(count(leaderStorage)).isEqualTo(3);
    }

    @Test
    void aDeletedCounterCountsAgainFromZeroAboveTheDeletion() {
        leader.lead(TABLE, increment(9, T));
        long deletedAt = T + 5_000_000;
        leaderStorage.apply(TABLE, PartitionUpdate.builder(KEY).deletePartition(new Deletion(deletedAt, T / 1_000_000))
                .build());
        assertThat(count(leaderStorage)).isNull();

        PartitionUpdate again = leader.lead(TABLE, increment(2, T + 100));

        assertThat(again.rows().get(0).cells().get(0).timestampMicros()).isGreaterThan(deletedAt);
        assertThat(count(leaderStorage)).isEqualTo(2);
    }

    @Test
    void shardStatesFromBeforeATruncationCountForNothing() {
        leader.lead(TABLE, increment(40, T));
        long truncatedAt = T + 2_000_000;
        CounterLeader afterTruncation = new CounterLeader(leaderStorage, () -> shard, table -> truncatedAt,
                new java.util.concurrent.locks.ReentrantLock());

        PartitionUpdate again = afterTruncation.lead(TABLE, increment(2, T + 1_000_000));

        Cell total = again.rows().get(0).cells().get(0);
        assertThat(CounterCells.value(total)).isEqualTo(2);
        assertThat(total.timestampMicros()).isGreaterThan(truncatedAt);
    }

    @Test
    void anUpdateWithoutIncrementsIsAppliedAsItIs() {
        PartitionUpdate deletion = PartitionUpdate.builder(KEY).deletePartition(new Deletion(T, T / 1_000_000)).build();

        assertThat(leader.lead(TABLE, deletion)).isSameAs(deletion);
    }

    @Test
    void aShardIdOfAnotherLengthIsRefused() {
        CounterLeader broken = new CounterLeader(leaderStorage, () -> new byte[3]);

        assertThatThrownBy(() -> broken.lead(TABLE, increment(1, T))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shard id");
    }

    @Test
    void everyStartTakesANewIncarnation() {
        long first = ShardIncarnation.next(leaderStorage);
        long second = ShardIncarnation.next(leaderStorage);

        assertThat(second).isEqualTo(first + 1);
    }
}
