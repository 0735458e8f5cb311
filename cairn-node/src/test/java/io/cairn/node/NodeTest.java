package io.cairn.node;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.hints.HintStore;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TokenRange;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nodes assembled as the server assembles them, joining on virtual time. */
class NodeTest {

    private static final NodeAddress FIRST = new NodeAddress("127.0.0.1", 7000);
    private static final NodeAddress SECOND = new NodeAddress("127.0.0.2", 7000);

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler loop = new VirtualScheduler(clock);
    private final InJvmNetwork network = new InJvmNetwork(loop);

    private Node node(NodeAddress address, long randomSeed) {
        KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, loop, StorageLimits.DEFAULTS,
                Duration.ZERO);
        NodeSettings settings = new NodeSettings("Test Cluster", "datacenter1", "rack1", 4, List.of(), List.of(FIRST),
                true, Duration.ofSeconds(5), Duration.ofSeconds(2), true, HintStore.MAX_HINTS_PER_TARGET,
                Duration.ofSeconds(10), Duration.ofSeconds(10), null);
        return new Node(settings, new NodeDependencies(clock, loop, new SplittableRandom(randomSeed),
                network.join(address), storage, Runnable::run, ReplicaStage.onCallingThread()));
    }

    private static CompletableFuture<Void> start(Node node) {
        return node.start(new InetSocketAddress(node.address().host(), 9042)).toCompletableFuture();
    }

    private static String status(Node observer, NodeAddress node) {
        return observer.gossiper().endpointStates().get(node).get(ApplicationState.STATUS);
    }

    @Test
    void theFirstSeedIsNormalAtOnceWithTheTokensItChose() {
        Node seed = node(FIRST, 1);
        CompletableFuture<Void> started = start(seed);

        assertThat(started).isCompleted();
        assertThat(seed.tokens()).hasSize(4);
        assertThat(status(seed, FIRST)).isEqualTo("NORMAL");
        assertThat(seed.gossiper().endpointStates().get(FIRST).get(ApplicationState.NATIVE_ADDRESS))
                .isEqualTo("127.0.0.1:9042");
    }

    @Test
    void aNewNodeThatNoSeedAnswersFailsAfterTheRingWaitNamingTheSeed() {
        Node lonely = node(SECOND, 2);
        CompletableFuture<Void> started = start(lonely);

        loop.advance(Duration.ofSeconds(9));
        assertThat(started).isNotDone();
        loop.advance(Duration.ofSeconds(2));
        assertThatThrownBy(started::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no seed told it the ring within 10 s (127.0.0.1:7000: no answer)");
        assertThat(status(lonely, SECOND)).isEqualTo("JOINING");
    }

    @Test
    void aNewNodeReceivesTheSchemaAndTheDataOfItsRangesBeforeItIsNormal() {
        Node seed = node(FIRST, 1);
        start(seed);
        StatementParser parser = new StatementParser();
        seed.schema().apply(parser.parse("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 2}").statement(), null);
        seed.schema().apply(parser.parse("CREATE TABLE ks.t (k int PRIMARY KEY, v int)").statement(), null);
        TableMetadata table = seed.schema().current().table("ks", "t");
        for (int key = 0; key < 20; key++) {
            seed.storage().apply(table.tableId(), SchemaRows.row(table, Map.of("k", NativeType.INT.decompose(key),
                    "v", NativeType.INT.decompose(key)), clock.currentTimeMicros()));
        }

        Node joining = node(SECOND, 2);
        CompletableFuture<Void> joined = start(joining);
        loop.advance(Duration.ofSeconds(3));
        assertThat(joined).as("waits for gossip to make it pending everywhere").isNotDone();
        assertThat(status(joining, SECOND)).isEqualTo("JOINING");
        loop.advance(Duration.ofSeconds(30));

        assertThat(joined).isCompleted();
        assertThat(status(joining, SECOND)).isEqualTo("NORMAL");
        assertThat(joining.schema().current().version()).isEqualTo(seed.schema().current().version());
        assertThat(joining.storage().scan(table.tableId(), TokenRange.FULL, null,
                ReadFilter.all(clock.currentTimeSeconds())).partitions()).hasSize(20);
        assertThat(status(seed, SECOND)).isEqualTo("NORMAL");
    }

    @Test
    void aWipedNodeIsRefusedTheTokensItsAddressOwnsInsteadOfTakingThemWithoutData() {
        Node seed = node(FIRST, 1);
        start(seed);
        Node second = node(SECOND, 2);
        start(second);
        loop.advance(Duration.ofSeconds(30));
        assertThat(status(seed, SECOND)).isEqualTo("NORMAL");
        second.close();
        second.messaging().close();

        Node wiped = node(SECOND, 3);
        CompletableFuture<Void> started = start(wiped);
        loop.advance(Duration.ofSeconds(30));

        assertThatThrownBy(started::join).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("A node with address 127.0.0.2:7000 (host id " + second.hostId()
                        + ") already owns tokens in this cluster, but this node has no data");
    }
}
