package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.query.Await;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.system.TruncationRecords;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A write refused as UNAVAILABLE has written nothing, even when it touches several partitions
 * and only one of them lacks live replicas: a client that sees Unavailable may assume nothing
 * happened (Cassandra checks every partition before sending any). Here partitions of negative
 * token are replicated on this node and a live peer, the others on two nodes that are down.
 */
class UnavailableWriteWritesNothingTest {

    private static final NodeAddress SELF = new NodeAddress("127.0.0.1", 7000);
    private static final NodeAddress LIVE_PEER = new NodeAddress("127.0.0.2", 7000);
    private static final NodeAddress DOWN_1 = new NodeAddress("127.0.0.3", 7000);
    private static final NodeAddress DOWN_2 = new NodeAddress("127.0.0.4", 7000);

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, scheduler,
            StorageLimits.DEFAULTS, Duration.ZERO);
    private final SchemaManager schema = new SchemaManager(storage, clock, new SplittableRandom(1),
            new StatementParser());
    private final ClusterDataCoordinator coordinator;
    private final TableMetadata t;
    private final TableMetadata u;

    UnavailableWriteWritesNothingTest() {
        schema.start();
        StatementParser parser = new StatementParser();
        schema.apply(parser.parse("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 2}").statement(), null);
        schema.apply(parser.parse("CREATE TABLE ks.t (k int PRIMARY KEY, v int)").statement(), null);
        schema.apply(parser.parse("CREATE TABLE ks.u (k int PRIMARY KEY, v int)").statement(), null);
        t = schema.current().table("ks", "t");
        u = schema.current().table("ks", "u");
        InJvmNetwork network = new InJvmNetwork(scheduler);
        coordinator = new ClusterDataCoordinator(storage, new TruncationRecords(storage, schema, clock),
                network.join(SELF, scheduler), new SplitRing(), clock, scheduler, Duration.ofSeconds(1),
                Duration.ofSeconds(1), HintedHandoff.DISABLED, BatchlogSupport.DISABLED);
    }

    /** Negative tokens: this node and a live peer; the others: two nodes that are down. */
    private static final class SplitRing implements Topology {
        @Override
        public NodeAddress self() {
            return SELF;
        }

        @Override
        public List<NodeAddress> replicasFor(String keyspace, long token) {
            return token < 0 ? List.of(SELF, LIVE_PEER) : List.of(DOWN_1, DOWN_2);
        }

        @Override
        public String dataCenterOf(NodeAddress node) {
            return "dc1";
        }

        @Override
        public int replicationFactor(String keyspace, String dataCenter) {
            return 2;
        }

        @Override
        public boolean isAlive(NodeAddress node) {
            return !Set.of(DOWN_1, DOWN_2).contains(node);
        }
    }

    private static PartitionKey key(TableMetadata table, int k) {
        return TableLayout.partitionKey(table, List.of(NativeType.INT.decompose(k)));
    }

    /** The first key from 0 up whose token is negative ({@code negative}) or not. */
    private static int keyWithToken(TableMetadata table, boolean negative) {
        for (int k = 0; ; k++) {
            if (key(table, k).token() < 0 == negative) {
                return k;
            }
        }
    }

    private PartitionUpdate row(TableMetadata table, int k) {
        long micros = clock.currentTimeMicros();
        return PartitionUpdate.builder(key(table, k)).row(Row.builder(Clustering.EMPTY).liveness(Liveness.of(micros))
                .cell(Cell.live("v", NativeType.INT.decompose(k).array(), micros)).build()).build();
    }

    private boolean isStoredHere(TableMetadata table, int k) {
        return !storage.read(table.tableId(), key(table, k), ReadFilter.all(clock.currentTimeSeconds())).rows()
                .isEmpty();
    }

    private static void assertUnavailable(Supplier<CompletionStage<Void>> write) {
        assertThatThrownBy(() -> Await.result(write.get())).isInstanceOf(UnavailableException.class);
    }

    @Test
    void aWriteOfSeveralPartitionsOneOfWhichIsUnavailableWritesNone() {
        int available = keyWithToken(t, true);
        int unavailable = keyWithToken(t, false);
        assertUnavailable(() -> coordinator.write(t, List.of(row(t, available), row(t, unavailable)),
                ConsistencyLevel.ONE));
        assertThat(isStoredHere(t, available)).isFalse();
    }

    @Test
    void aLoggedBatchWithOneUnavailablePartWritesNone() {
        int available = keyWithToken(t, true);
        int unavailable = keyWithToken(u, false);
        assertUnavailable(() -> coordinator.writeLogged(List.of(new TableUpdates(t, List.of(row(t, available))),
                new TableUpdates(u, List.of(row(u, unavailable)))), ConsistencyLevel.ONE));
        assertThat(isStoredHere(t, available)).isFalse();
    }

    @Test
    void anUnloggedBatchOfTwoTablesWithOneUnavailablePartWritesNone() {
        int available = keyWithToken(t, true);
        int unavailable = keyWithToken(u, false);
        assertUnavailable(() -> coordinator.writeUnlogged(List.of(new TableUpdates(t, List.of(row(t, available))),
                new TableUpdates(u, List.of(row(u, unavailable)))), ConsistencyLevel.ONE));
        assertThat(isStoredHere(t, available)).isFalse();
    }

    @Test
    void theAvailablePartAloneIsWritten() {
        int available = keyWithToken(t, true);
        // The live peer never answers here, so the write is left in flight; this node has applied it.
        coordinator.write(t, List.of(row(t, available)), ConsistencyLevel.ONE);
        assertThat(isStoredHere(t, available)).isTrue();
    }
}
