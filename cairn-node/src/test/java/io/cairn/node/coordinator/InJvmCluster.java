package io.cairn.node.coordinator;

import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.hints.HintReplayer;
import io.cairn.node.hints.HintStore;
import io.cairn.node.replica.ReplicaHandlers;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.SchemaPush;
import io.cairn.node.system.TruncationRecords;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.query.QueryResult;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.schema.SchemaManager;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes of an in-JVM network, each with in-memory storage, a cluster coordinator, hints and a
 * batchlog, every node a replica of every key; a node in {@link #down} is dead to the others'
 * failure detectors. {@link #start} creates {@code ks.t (k int PRIMARY KEY, v int)} at RF 3.
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

    record Node(NodeAddress address, KvStorageEngine storage, QueryProcessor processor,
                ClusterDataCoordinator coordinator, MessagingService messaging, SchemaManager schema,
                HintReplayer hints, Batchlog batchlog, Topology topology, TruncationRecords truncations) {
    }

    @Override
    public void close() {
        nodes.forEach(node -> {
            node.messaging().close();
            node.storage().close();
        });
        scheduler.close();
    }

    /** One node in each of the data centers given, hints on (up to the default cap). */
    void start(String... dataCenterOfEachNode) {
        start(true, HintStore.MAX_HINTS_PER_TARGET, dataCenterOfEachNode);
    }

    /** Nodes whose coordinators store hints (when {@code storingHints}) up to {@code maxHintsPerTarget}. */
    void start(boolean storingHints, int maxHintsPerTarget, String... dataCenterOfEachNode) {
        for (int i = 0; i < dataCenterOfEachNode.length; i++) {
            dataCenters.put(new NodeAddress("127.0.0." + (i + 1), 7000), dataCenterOfEachNode[i]);
        }
        List<NodeAddress> all = List.copyOf(dataCenters.keySet());
        for (NodeAddress address : all) {
            MessagingService messaging = network.join(address);
            KvStorageEngine storage = new KvStorageEngine(new InMemoryKvStore(), clock, unusedScheduler(),
                    StorageLimits.DEFAULTS, Duration.ZERO);
            SchemaManager[] schemaOfNode = new SchemaManager[1];
            Topology topology = topology(address, all, schemaOfNode);
            StatementParser parser = new StatementParser();
            SchemaManager schema = new SchemaManager(storage, clock, new SplittableRandom(1), parser);
            schema.start();
            schemaOfNode[0] = schema;
            TruncationRecords truncations = new TruncationRecords(storage, schema, clock);
            new ReplicaHandlers(storage, messaging, truncations, ReplicaStage.onCallingThread()).register();
            HintStore hintStore = new HintStore(storage, schema, maxHintsPerTarget);
            HintReplayer replayer = new HintReplayer(hintStore, truncations, messaging, topology, clock, scheduler,
                    Duration.ofSeconds(1));
            TimeUuids ids = new TimeUuids(new SplittableRandom(3));
            Batchlog batchlog = new Batchlog(storage, schema, truncations, messaging, clock);
            batchlog.register();
            ClusterDataCoordinator coordinator = new ClusterDataCoordinator(storage, truncations, messaging, topology,
                    clock, scheduler, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    new HintedHandoff.Enabled(hintStore, replayer, ids, storingHints),
                    new BatchlogSupport.Enabled(batchlog, ids));
            QueryProcessor processor = new QueryProcessor(coordinator, schema, clock,
                    new TimeUuids(new SplittableRandom(2)), parser);
            new SchemaPush(schema, messaging, () -> all).register();
            nodes.add(new Node(address, storage, processor, coordinator, messaging, schema, replayer, batchlog,
                    topology, truncations));
        }
        run(nodes.get(0), "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
                ConsistencyLevel.ONE);
        run(nodes.get(0), "CREATE TABLE ks.t (k int PRIMARY KEY, v int)", ConsistencyLevel.ONE);
        awaitSchemaAgreement();
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

    /** Waits (a few seconds at most) until every node has node 1's schema version. */
    void awaitSchemaAgreement() {
        java.util.UUID version = nodes.get(0).schema().current().version();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (nodes.stream().anyMatch(n -> !n.schema().current().version().equals(version))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
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
        return node.processor().execute(cql, QueryOptions.DEFAULT.withConsistency(level), new ClientSession());
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
