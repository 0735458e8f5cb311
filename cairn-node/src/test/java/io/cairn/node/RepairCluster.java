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
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three in-JVM nodes on virtual time, RF 3, with table {@code ks.t (k int PRIMARY KEY, v int)}
 * and no hinted handoff (what a replica misses stays missed until repair): the cluster the
 * repair tests drift apart and repair.
 */
final class RepairCluster {

    final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    final VirtualScheduler loop = new VirtualScheduler(clock);
    final InJvmNetwork network = new InJvmNetwork(loop);
    final List<Node> nodes = new ArrayList<>();
    private final UnaryOperator<NodeSettings> adjust;

    /** @param adjust changes each node's settings (repair settings, say) */
    RepairCluster(UnaryOperator<NodeSettings> adjust) {
        this.adjust = adjust;
    }

    static NodeAddress address(int i) {
        return new NodeAddress("127.0.0." + i, 7000);
    }

    private Node node(int i) {
        NodeSettings settings = new NodeSettings("Test Cluster", "datacenter1", "rack1", 4, List.of(),
                List.of(address(1)), false, Duration.ofSeconds(5), Duration.ofSeconds(2), false,
                HintStore.MAX_HINTS_PER_TARGET, Duration.ofSeconds(10), Duration.ofSeconds(10), null);
        return new Node(adjust.apply(settings), new NodeDependencies(clock, loop, new SplittableRandom(i),
                network.join(address(i)), new KvStorageEngine(new InMemoryKvStore(), clock, loop,
                StorageLimits.DEFAULTS, Duration.ZERO), Runnable::run, ReplicaStage.onCallingThread()));
    }

    /** Starts the three nodes and creates ks.t with {@code tableOptions} (a CQL WITH clause, or ""). */
    void start(String tableOptions) {
        for (int i = 1; i <= 3; i++) {
            Node node = node(i);
            nodes.add(node);
            node.start(new InetSocketAddress(address(i).host(), 9042));
            loop.advance(i == 1 ? MetadataService.INITIALIZE_DELAY.plusMillis(100) : Duration.ofSeconds(30));
        }
        loop.advance(MetadataReplicaSteward.INTERVAL.multipliedBy(3));
        assertThat(nodes.get(0).metadata().current().tokens()).hasSize(3);
        execute(nodes.get(0), "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 3}", ConsistencyLevel.QUORUM);
        execute(nodes.get(0), "CREATE TABLE ks.t (k int PRIMARY KEY, v int)" + tableOptions, ConsistencyLevel.QUORUM);
    }

    QueryResult execute(Node node, String cql, ConsistencyLevel consistency) {
        CompletableFuture<QueryResult> result = node.queryProcessor().execute(cql,
                QueryOptions.DEFAULT.withConsistency(consistency), new ClientSession()).toCompletableFuture();
        loop.advance(Duration.ofSeconds(2));
        assertThat(result).as(cql).isCompleted();
        return result.join();
    }

    /** Writes through {@code coordinator} while MUTATIONs to {@code missing} are dropped. */
    void withoutReaching(List<Node> missing, Runnable writes) {
        Set<NodeAddress> dropped = new HashSet<>();
        missing.forEach(node -> dropped.add(node.address()));
        network.setDeliveryPolicy((from, to, message) -> message.verb() == Verb.MUTATION && dropped.contains(to)
                ? Optional.empty() : Optional.of(Duration.ZERO));
        writes.run();
        network.setDeliveryPolicy((from, to, message) -> Optional.of(Duration.ZERO));
    }

    TableMetadata table(Node node) {
        return node.schema().current().table("ks", "t");
    }

    /** The keys {@code node} holds live rows of. */
    Set<Integer> keysOn(Node node) {
        Set<Integer> keys = new HashSet<>();
        for (PartitionData partition : node.storage().scan(table(node).tableId(), TokenRange.FULL, null,
                ReadFilter.all(clock.currentTimeSeconds())).partitions()) {
            keys.add(ByteBuffer.wrap(partition.key().key()).getInt());
        }
        return keys;
    }

    /** Everything {@code node} stores of ks.t, tombstones included, as bytes: replicas that agree store the same. */
    List<String> storedOn(Node node) {
        List<String> stored = new ArrayList<>();
        PartitionKey resume = null;
        do {
            UpdatePage page = node.storage().export(table(node).tableId(), TokenRange.FULL, resume, 100);
            for (PartitionUpdate update : page.updates()) {
                stored.add(java.util.HexFormat.of().formatHex(StorageSerializers.serialize(update)));
            }
            resume = page.resumeAfter();
        } while (resume != null);
        return stored;
    }

    Repair.Result repair(Node coordinator) {
        return repair(coordinator, true);
    }

    /** A repair of ks coordinated by {@code coordinator}, full or incremental, run to its end. */
    Repair.Result repair(Node coordinator, boolean full) {
        CompletableFuture<Repair.Result> repaired = coordinator.repair("ks", null, full, null).toCompletableFuture();
        loop.advance(Duration.ofSeconds(30));
        assertThat(repaired).isCompleted();
        return repaired.join();
    }
}
