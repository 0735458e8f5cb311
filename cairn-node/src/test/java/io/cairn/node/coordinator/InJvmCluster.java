package io.cairn.node.coordinator;

import io.cairn.node.NodeDependencies;
import io.cairn.node.query.Await;
import io.cairn.node.NodeSettings;
import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.hints.HintReplayer;
import io.cairn.node.hints.HintStore;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.ring.Topology;
import io.cairn.node.system.TruncationRecords;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.query.QueryResult;
import io.cairn.node.schema.SchemaManager;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes of an in-JVM network, each a {@link io.cairn.node.Node} on in-memory storage whose
 * coordinator sees a fixed ring: every node a replica of every key, and a node in {@link #down}
 * dead to the others' failure detectors. {@link #start} creates {@code ks.t (k int PRIMARY KEY, v int)} at RF 3.
 */
final class InJvmCluster implements AutoCloseable {

    final ExecutorScheduler scheduler = new ExecutorScheduler("cluster-test", Throwable::printStackTrace);
    final InJvmNetwork network = new InJvmNetwork(scheduler);
    final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    final Set<NodeAddress> down = new HashSet<>();
    /** Nodes that are replicas of no key (none unless a test adds some after {@link #start}). */
    final Set<NodeAddress> notReplicas = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final List<Node> nodes = new ArrayList<>();
    private final Map<NodeAddress, String> dataCenters = new LinkedHashMap<>();

    /** One node of the cluster: the node assembly, as the server builds it, on the in-JVM network. */
    record Node(io.cairn.node.Node assembly, KvStorageEngine storage) {
        NodeAddress address() {
            return assembly.address();
        }

        QueryProcessor processor() {
            return assembly.queryProcessor();
        }

        ClusterDataCoordinator coordinator() {
            return assembly.coordinator();
        }

        MessagingService messaging() {
            return assembly.messaging();
        }

        SchemaManager schema() {
            return assembly.schema();
        }

        HintReplayer hints() {
            return assembly.hints();
        }

        Batchlog batchlog() {
            return assembly.batchlog();
        }

        Topology topology() {
            return assembly.topology();
        }

        TruncationRecords truncations() {
            return assembly.truncations();
        }
    }

    @Override
    public void close() {
        nodes.forEach(node -> {
            node.assembly().close();
            node.messaging().close();
            node.storage().close();
        });
        scheduler.close();
    }

    /** One node in each of the data centers given, hints on (up to the default cap). */
    void start(String... dataCenterOfEachNode) {
        start(true, HintStore.MAX_HINTS_PER_TARGET, dataCenterOfEachNode);
    }

    /**
     * Nodes whose coordinators store hints (when {@code storingHints}) up to {@code
     * maxHintsPerTarget}. Every node gossips with node 1 (which starts the cluster metadata log,
     * where schema changes go); stored hints and batches are replayed only when a test asks.
     */
    void start(boolean storingHints, int maxHintsPerTarget, String... dataCenterOfEachNode) {
        for (int i = 0; i < dataCenterOfEachNode.length; i++) {
            dataCenters.put(new NodeAddress("127.0.0." + (i + 1), 7000), dataCenterOfEachNode[i]);
        }
        List<NodeAddress> all = List.copyOf(dataCenters.keySet());
        for (int i = 0; i < all.size(); i++) {
            NodeAddress address = all.get(i);
            MessagingService messaging = network.join(address);
            KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, unusedScheduler(),
                    StorageLimits.DEFAULTS, Duration.ZERO);
            SchemaManager[] schemaOfNode = new SchemaManager[1];
            NodeSettings settings = new NodeSettings("Test Cluster", dataCenters.get(address), "rack1", 1,
                    List.of(Long.MIN_VALUE / 2 + i), List.of(all.get(0)), false, Duration.ofSeconds(1),
                    Duration.ofSeconds(1), storingHints, maxHintsPerTarget, REPLAY_ONLY_WHEN_ASKED,
                    REPLAY_ONLY_WHEN_ASKED, null).withFirstLogDelay(FIRST_LOG_DELAY);
            io.cairn.node.Node assembly = new io.cairn.node.Node(settings, new NodeDependencies(clock, scheduler,
                    new SplittableRandom(i + 1), messaging, storage, ForkJoinPool.commonPool(), ReplicaStage.onCallingThread(),
                    gossip -> topology(address, all, schemaOfNode)));
            schemaOfNode[0] = assembly.schema();
            nodes.add(new Node(assembly, storage));
        }
        for (Node node : nodes) {
            await(node.assembly().start(new InetSocketAddress(node.address().host(), 9042)));
        }
        awaitGossip();
        run(nodes.get(0), "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
                ConsistencyLevel.ONE);
        run(nodes.get(0), "CREATE TABLE ks.t (k int PRIMARY KEY, v int)", ConsistencyLevel.ONE);
        awaitSchemaAgreement();
    }

    /** No node of a test cluster has an old log to hear of: node 1 starts the log at once. */
    private static final Duration FIRST_LOG_DELAY = Duration.ofMillis(50);

    /** Longer than any test: periodic replays never run unasked. */
    private static final Duration REPLAY_ONLY_WHEN_ASKED = Duration.ofHours(1);

    private static void await(CompletionStage<Void> started) {
        try {
            started.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("a node did not start", e);
        }
    }

    /** Waits (a few seconds at most) until every node's gossip knows every other node is up. */
    private void awaitGossip() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (nodes.stream().anyMatch(n -> n.assembly().gossiper().liveMembers().size() < nodes.size())
                && System.nanoTime() < deadline) {
            pause();
        }
        for (Node node : nodes) {
            assertThat(node.assembly().gossiper().liveMembers()).as("live members of %s", node.address())
                    .hasSize(nodes.size());
        }
    }

    private Topology topology(NodeAddress address, List<NodeAddress> all, SchemaManager[] schemaOfNode) {
        return new Topology() {
            @Override
            public int replicationFactor(String keyspace, String dataCenter) {
                var metadata = schemaOfNode[0].current().keyspace(keyspace);
                return metadata == null ? 1 : metadata.replicationFactor(dataCenter);
            }

            @Override
            public NodeAddress self() {
                return address;
            }

            @Override
            public List<NodeAddress> replicasFor(String keyspace, long token) {
                return all.stream().filter(node -> !notReplicas.contains(node)).toList();
            }

            @Override
            public List<NodeAddress> members() {
                return all;
            }

            @Override
            public String dataCenterOf(NodeAddress node) {
                return dataCenters.get(node);
            }

            @Override
            public boolean isAlive(NodeAddress node) {
                return node.equals(address) || !down.contains(node);
            }

            @Override
            public List<Long> ringTokens() {
                return List.of(Long.MIN_VALUE / 2, 0L, Long.MAX_VALUE / 2);
            }
        };
    }

    /** A short wait between two looks (the nodes' threads need the cores more than a spinning test does). */
    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits (a few seconds at most) until every node has node 1's schema version. */
    void awaitSchemaAgreement() {
        java.util.UUID version = nodes.get(0).schema().current().version();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (nodes.stream().anyMatch(n -> !n.schema().current().version().equals(version))
                && System.nanoTime() < deadline) {
            pause();
        }
        for (Node node : nodes) {
            assertThat(node.schema().current().version()).as("schema of %s", node.address()).isEqualTo(version);
        }
    }

    /** Takes {@code node} down: the others' failure detectors see it dead, and its messages are lost. */
    void takeDown(Node node) {
        down.add(node.address());
        network.isolate(node.address());
    }

    private static Scheduler unusedScheduler() {
        return new Scheduler() {
            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
                throw new UnsupportedOperationException();
            }
        };
    }

    static QueryResult run(Node node, String cql, ConsistencyLevel level) {
        return Await.result(node.processor().execute(cql, QueryOptions.DEFAULT.withConsistency(level), new ClientSession()));
    }

    static Integer value(Node node, int key, ConsistencyLevel level) {
        QueryResult.Rows rows = (QueryResult.Rows) run(node, "SELECT v FROM ks.t WHERE k = " + key, level);
        return rows.rows().isEmpty() ? null : (Integer) NativeType.INT.compose(rows.rows().get(0).get(0));
    }

    /** The value of {@code key} in {@code node}'s own storage (a read at ONE prefers the local replica). */
    static Integer localValue(Node node, int key) {
        return value(node, key, ConsistencyLevel.ONE);
    }
}
