package io.cairn.node.paxos;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosPrepareMessage;
import io.cairn.node.messages.PaxosPrepareResponse;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.engine.MergedPartitions;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica answers a prepare with the rows the transaction reads, not its whole partition,
 * yet with every deletion the coordinator's merge needs to read those rows right.
 */
class PaxosPrepareSlicesTest {

    private static final TableId TABLE = new TableId("ks", "wide");
    private static final PartitionKey KEY = new PartitionKey(11, "k".getBytes(StandardCharsets.UTF_8));
    private static final int ROWS = 500;
    private static final long NOW_SECONDS = 1_700_000_000L;

    private final ManualClock clock = new ManualClock(NOW_SECONDS * 1_000_000);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final InJvmNetwork network = new InJvmNetwork(scheduler);
    private final MessagingService messaging = network.join(new NodeAddress("127.0.0.1", 7000));
    private final KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, scheduler,
            StorageLimits.DEFAULTS, Duration.ZERO);
    private final PaxosReplica replica;

    PaxosPrepareSlicesTest() {
        storage.createTable(TABLE, TableOptions.DEFAULTS);
        replica = new PaxosReplica(storage, messaging, table -> Long.MIN_VALUE);
    }

    @AfterEach
    void stop() {
        messaging.close();
        storage.close();
    }

    private static Clustering row(int i) {
        return Clustering.of(new byte[] {(byte) (i >> 8), (byte) i});
    }

    private static PartitionUpdate.Builder rows(int from, int to, long micros) {
        PartitionUpdate.Builder update = PartitionUpdate.builder(KEY);
        for (int i = from; i < to; i++) {
            update.row(Row.builder(row(i)).cell(Cell.live("v", new byte[] {(byte) i}, micros)).build());
        }
        return update;
    }

    private PaxosPrepareResponse prepare(long ballotMicros, ReadFilter filter) {
        return replica.prepare(new PaxosPrepareMessage(new Ballot(ballotMicros, 1), TABLE, KEY, filter));
    }

    @Test
    void aPrepareOfAFewRowsOfAWidePartitionAnswersOnlyThoseRows() {
        storage.apply(TABLE, rows(0, ROWS, 10)
                .staticRow(Row.builder(Clustering.EMPTY).cell(Cell.live("s", new byte[] {1}, 10)).build())
                .build());
        ReadFilter filter = ReadFilter.all(NOW_SECONDS).withSlices(List.of(Slice.prefixedBy(row(7)),
                new Slice(ClusteringBound.inclusive(row(100)), ClusteringBound.exclusive(row(103)))));

        PaxosPrepareResponse answer = prepare(100, filter);

        assertThat(answer.promised()).isTrue();
        assertThat(answer.data().rows()).extracting(Row::clustering)
                .containsExactly(row(7), row(100), row(101), row(102));
        assertThat(answer.data().staticRow()).as("the static row decides existence and static conditions")
                .isNotNull();
    }

    @Test
    void theAnswerKeepsTheDeletionsThatCoverRowsOnlyAnotherReplicaHolds() {
        // This replica deleted the partition and then a range; another replica still holds rows
        // written before those deletions, which the merge must not resurrect.
        storage.apply(TABLE, PartitionUpdate.builder(KEY).deletePartition(new Deletion(20, NOW_SECONDS)).build());
        storage.apply(TABLE, PartitionUpdate.builder(KEY)
                .deleteRange(new Slice(ClusteringBound.inclusive(row(200)), ClusteringBound.inclusive(row(300))),
                        new Deletion(40, NOW_SECONDS)).build());
        storage.apply(TABLE, rows(250, 260, 30).build());
        PartitionUpdate other = rows(0, ROWS, 35).build();
        ReadFilter filter = ReadFilter.all(NOW_SECONDS).withSlices(List.of(
                new Slice(ClusteringBound.inclusive(row(5)), ClusteringBound.inclusive(row(6))),
                new Slice(ClusteringBound.inclusive(row(255)), ClusteringBound.inclusive(row(305)))));

        PaxosPrepareResponse answer = prepare(100, filter);

        assertThat(answer.data().partitionDeletion()).isEqualTo(new Deletion(20, NOW_SECONDS));
        assertThat(answer.data().rangeDeletions()).hasSize(1);
        assertThat(answer.data().rows()).extracting(Row::clustering)
                .containsExactly(row(255), row(256), row(257), row(258), row(259));
        PartitionData fromSlices = MergedPartitions.of(TABLE, List.of(answer.data(), other)).read(KEY, filter);
        PartitionData fromWhole = MergedPartitions.of(TABLE, List.of(storage.exportPartition(TABLE, KEY), other))
                .read(KEY, filter);
        assertThat(fromSlices).isEqualTo(fromWhole);
        // Rows 5 and 6 (written after the partition deletion elsewhere) and 301 to 305 (past the range).
        assertThat(fromSlices.rows()).extracting(Row::clustering)
                .containsExactly(row(5), row(6), row(301), row(302), row(303), row(304), row(305));
    }
}
