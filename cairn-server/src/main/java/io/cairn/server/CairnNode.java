package io.cairn.server;

import io.cairn.common.SuppressForbidden;
import io.cairn.common.time.Clock;
import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.Gossiper;
import io.cairn.cluster.gossip.PhiAccrualFailureDetector;
import io.cairn.cluster.messaging.MessagingConfig;
import io.cairn.cluster.messaging.NettyMessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.bootstrap.Bootstrap;
import io.cairn.node.coordinator.BatchlogSupport;
import io.cairn.node.coordinator.ClusterDataCoordinator;
import io.cairn.node.coordinator.HintedHandoff;
import io.cairn.node.ring.GossipTopology;
import io.cairn.node.hints.HintReplayer;
import io.cairn.node.hints.HintStore;
import io.cairn.node.replica.ReplicaHandlers;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.schema.SchemaPush;
import io.cairn.node.ring.TokenAllocator;
import io.cairn.node.system.TruncationRecords;
import io.cairn.node.system.PeersTables;
import io.cairn.node.query.QueryProcessor;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.system.LocalNodeInfo;
import io.cairn.node.system.LocalTables;
import io.cairn.protocol.message.Response;
import io.cairn.server.config.NodeConfig;
import io.cairn.server.query.NodeQueryHandler;
import io.cairn.server.transport.CqlServer;
import io.cairn.server.transport.TransportLimits;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.rocksdb.RocksDbConfig;
import io.cairn.storage.rocksdb.RocksDbStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A running Cairn node: storage, schema, query layer and the CQL server, wired from a
 * {@link NodeConfig}. This is the one place that builds the production object graph.
 * {@link #close()} drains: it stops accepting connections and closes them once their
 * in-flight requests are answered, then flushes and closes storage.
 */
@SuppressForbidden(reason = "the production wiring: the real clock, an entropy-seeded random source, request threads")
public final class CairnNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CairnNode.class);

    /** How often stored hints are offered to replicas that are up. */
    static final Duration HINT_REPLAY_INTERVAL = Duration.ofSeconds(10);

    /** Threads that execute statements (Cassandra's native_transport_max_threads defaults to 128). */
    static final int REQUEST_THREADS = 32;

    /**
     * Threads that do replica work for other nodes' requests (Cassandra's concurrent_writes and
     * concurrent_reads default to 32): enough to keep a group commit's fsync busy.
     */
    static final int REPLICA_THREADS = 32;

    private final ExecutorScheduler scheduler;
    private final java.util.concurrent.ExecutorService requests;
    private final java.util.concurrent.ExecutorService replicaWork;
    private final NettyMessagingService messaging;
    private final Gossiper gossiper;
    private ClusterDataCoordinator coordinator;
    private final StorageEngine storage;
    private final CqlServer server;
    private final InetSocketAddress nativeAddress;

    private CairnNode(ExecutorScheduler scheduler, java.util.concurrent.ExecutorService requests,
                      java.util.concurrent.ExecutorService replicaWork, StorageEngine storage,
                      CqlServer server, InetSocketAddress nativeAddress, NettyMessagingService messaging,
                      Gossiper gossiper) {
        this.replicaWork = replicaWork;
        this.messaging = messaging;
        this.gossiper = gossiper;
        this.scheduler = scheduler;
        this.requests = requests;
        this.storage = storage;
        this.server = server;
        this.nativeAddress = nativeAddress;
    }

    /** Opens storage, loads the schema and starts serving CQL; returns once the port is bound. */
    public static CairnNode start(NodeConfig config) {
        Clock clock = new SystemClock();
        RandomGenerator random = new java.security.SecureRandom();
        ExecutorScheduler scheduler = new ExecutorScheduler("cairn-scheduler",
                failure -> LOG.error("Scheduled task failed", failure));
        StorageEngine storage = null;
        NettyMessagingService messaging = null;
        Gossiper gossiper = null;
        java.util.concurrent.ExecutorService requests = java.util.concurrent.Executors.newFixedThreadPool(
                REQUEST_THREADS, new RequestThreads("cairn-request-"));
        java.util.concurrent.ExecutorService replicaWork = java.util.concurrent.Executors.newFixedThreadPool(
                REPLICA_THREADS, new RequestThreads("cairn-replica-"));
        try {
            RocksDbConfig storageConfig = RocksDbConfig.defaults(config.dataDirectory())
                    .withCommitLogSync(config.commitLogSync());
            storageConfig = new RocksDbConfig(storageConfig.dataDirectory(), storageConfig.commitLogSync(),
                    Duration.ofMillis(Math.max(1, config.commitLogSyncPeriodMillis())), storageConfig.blockCacheBytes(),
                    storageConfig.writeBufferBytes());
            storage = RocksDbStorage.open(storageConfig, clock, scheduler);
            StatementParser parser = new StatementParser();
            SchemaManager schema = new SchemaManager(storage, clock, random, parser);
            schema.start();
            messaging = new NettyMessagingService(MessagingConfig.defaults(config.clusterName(),
                    new NodeAddress(config.listenAddress(), config.storagePort())), scheduler, clock).start();
            NodeAddress self = messaging.localAddress();
            List<NodeAddress> seeds = new ArrayList<>();
            for (String seed : config.seeds()) {
                if (!seed.equals(config.listenAddress())) {
                    seeds.add(new NodeAddress(seed, config.storagePort()));
                }
            }
            gossiper = new Gossiper(self, messaging, clock, scheduler, random, seeds,
                    new PhiAccrualFailureDetector(PhiAccrualFailureDetector.DEFAULT_THRESHOLD));
            GossipTopology topology = new GossipTopology(self, gossiper, schema);
            gossiper.addListener(topology);
            schema.useDataCenters(topology::dataCenters);
            Duration writeTimeout = Duration.ofMillis(config.writeTimeoutMillis());
            TruncationRecords truncations = new TruncationRecords(storage, schema, clock);
            new ReplicaHandlers(storage, messaging, truncations,
                    new ReplicaStage(replicaWork, ReplicaStage.DEFAULT_MAX_QUEUED_TASKS)).register();
            HintStore hintStore = new HintStore(storage, schema);
            HintReplayer hintReplayer = new HintReplayer(hintStore, truncations, messaging, topology, clock, scheduler,
                    writeTimeout);
            TimeUuids ids = new TimeUuids(random);
            Batchlog batchlog = new Batchlog(storage, schema, truncations, messaging, clock);
            batchlog.register();
            ClusterDataCoordinator coordinator = new ClusterDataCoordinator(storage, truncations, messaging, topology,
                    clock, scheduler, writeTimeout, Duration.ofMillis(config.readTimeoutMillis()),
                    new HintedHandoff.Enabled(hintStore, hintReplayer, ids, config.hintedHandoff()),
                    new BatchlogSupport.Enabled(batchlog, ids));
            hintStore.targets(clock.currentTimeSeconds()).forEach(hintReplayer::remember);
            hintReplayer.start(HINT_REPLAY_INTERVAL);
            // Replaying waits for replicas, whose timeouts run on the scheduler: never block it.
            java.util.concurrent.ExecutorService replays = requests;
            scheduler.scheduleWithFixedDelay(HINT_REPLAY_INTERVAL, HINT_REPLAY_INTERVAL,
                    () -> replays.execute(() -> batchlog.replay(coordinator::write)));
            gossiper.addListener(new io.cairn.cluster.gossip.GossipListener() {
                @Override
                public void onAlive(NodeAddress node, io.cairn.cluster.gossip.EndpointState state) {
                    hintReplayer.replay();
                }
            });
            Gossiper members = gossiper;
            SchemaPush schemaPush = new SchemaPush(schema, messaging, members::liveMembers);
            schemaPush.register();
            QueryProcessor processor = new QueryProcessor(coordinator, schema, clock, new TimeUuids(random), parser);
            TransportLimits limits = new TransportLimits(config.maxNativeFrameBytes(),
                    config.maxInFlightRequestsPerConnection(), config.maxInFlightRequestsPerNode());
            CqlServer server = new CqlServer(new InetSocketAddress(address(config.nativeAddress()), config.nativePort()),
                    new NodeQueryHandler(processor, requests), limits);
            InetSocketAddress bound = server.start();
            LocalNodeInfo info = new LocalNodeInfo(config.clusterName(), config.dataCenter(), config.rack(),
                    address(self.host()), self.port(), bound.getAddress(), bound.getPort(), config.numTokens());
            gossiper.addListener(new PeersTables(storage, schema, clock, self));
            gossiper.addListener(new ClientEvents(server, schemaPush));
            Map<ApplicationState, String> states = new EnumMap<>(ApplicationState.class);
            states.put(ApplicationState.DATA_CENTER, config.dataCenter());
            states.put(ApplicationState.RACK, config.rack());
            states.put(ApplicationState.RELEASE_VERSION, LocalNodeInfo.RELEASE_VERSION);
            // A node joins (learns the ring, chooses tokens, receives its data) until it has done
            // so once; a node that stopped midway resumes with the tokens it chose.
            boolean joining = !seeds.isEmpty() && !LocalTables.isBootstrapped(storage, schema.current(),
                    clock.currentTimeSeconds());
            // The ring as this node last knew it, until gossip confirms or corrects it.
            PeersTables.remembered(storage, schema.current(), clock.currentTimeSeconds())
                    .forEach(gossiper::remember);
            topology.refresh();
            if (joining) {
                // A new node learns the ring first, so that its tokens can balance ownership.
                states.put(ApplicationState.STATUS, GossipTopology.JOINING);
                gossiper.start(states);
                awaitRing(gossiper, messaging, seeds);
                if (!LocalTables.hasTokens(storage, schema.current(), clock.currentTimeSeconds())) {
                    // What a seed remembers of this address comes with its first answer.
                    for (int waited = 0; !gossiper.hasHeardFromSeed() && waited < RING_WAIT_MILLIS; waited += 50) {
                        Thread.sleep(50);
                    }
                    refuseToReplaceSilently(gossiper, self);
                }
            }
            Gossiper ringSource = gossiper;
            LocalTables local = LocalTables.open(storage, schema.current(), info, random, clock.currentTimeSeconds(),
                    () -> TokenAllocator.allocate(ringOwners(ringSource), config.numTokens(), random));
            local.setBootstrapped(!joining);
            local.write(schema.current(), clock.currentTimeMicros());
            schema.addListener(change -> {
                local.write(schema.current(), clock.currentTimeMicros());
                members.setState(ApplicationState.SCHEMA_VERSION, schema.current().version().toString());
                // Drivers wait after DDL until every node's system.peers shows one schema version.
                members.announce();
                server.events().broadcast(new Response.SchemaChangeEvent(NodeQueryHandler.schemaChange(change)));
            });
            StringBuilder tokens = new StringBuilder();
            for (long token : local.tokens()) {
                tokens.append(tokens.length() == 0 ? "" : ",").append(token);
            }
            Map<ApplicationState, String> ready = new EnumMap<>(ApplicationState.class);
            ready.put(ApplicationState.HOST_ID, local.hostId().toString());
            ready.put(ApplicationState.TOKENS, tokens.toString());
            ready.put(ApplicationState.NATIVE_ADDRESS, bound.getAddress().getHostAddress() + ":" + bound.getPort());
            ready.put(ApplicationState.SCHEMA_VERSION, schema.current().version().toString());
            if (joining) {
                // Pending: the others send this node the writes of its future ranges while it
                // copies what they already hold.
                ready.forEach(gossiper::setState);
                topology.refresh();
                receiveData(new Bootstrap(storage, messaging, schema, topology,
                        Duration.ofMillis(config.readTimeoutMillis())), gossiper, self, schema);
                local.setBootstrapped(true);
                local.write(schema.current(), clock.currentTimeMicros());
                gossiper.setState(ApplicationState.STATUS, "NORMAL");
            } else {
                ready.put(ApplicationState.STATUS, "NORMAL");
                states.putAll(ready);
                gossiper.start(states);
            }
            topology.refresh();
            LOG.info("Cairn node of cluster '{}' serving CQL on {} (host id {})", config.clusterName(), bound,
                    local.hostId());
            CairnNode node = new CairnNode(scheduler, requests, replicaWork, storage, server, bound, messaging, gossiper);
            node.coordinator = coordinator;
            return node;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.shutdownNow();
            replicaWork.shutdownNow();
            stopCluster(gossiper, messaging);
            closeQuietly(storage, scheduler);
            throw new IllegalStateException("Interrupted while starting the node", e);
        } catch (RuntimeException e) {
            requests.shutdownNow();
            replicaWork.shutdownNow();
            stopCluster(gossiper, messaging);
            closeQuietly(storage, scheduler);
            throw e;
        }
    }

    /** How long a joining node waits for the cluster's schema. */
    static final long SCHEMA_WAIT_MILLIS = 30_000;

    /**
     * How long a joining node waits, once it has announced its tokens, for gossip to tell every
     * node that it is pending (so that they send it new writes) before it copies data.
     */
    static final long PENDING_DELAY_MILLIS = 4_000;

    /**
     * Receives the data of the ranges this joining node will replicate: first the schema (the
     * live nodes push it on seeing this node), then, after the pending delay, the ranges.
     */
    private static void receiveData(Bootstrap bootstrap, Gossiper gossiper, NodeAddress self, SchemaManager schema)
            throws InterruptedException {
        long waited = 0;
        while (!hasClusterSchema(gossiper, self, schema)) {
            if (waited >= SCHEMA_WAIT_MILLIS) {
                throw new IllegalStateException("This new node could not join: it did not receive the cluster's "
                        + "schema within " + SCHEMA_WAIT_MILLIS / 1000 + " s");
            }
            Thread.sleep(100);
            waited += 100;
        }
        if (!bootstrap.hasDataToReceive()) {
            return;
        }
        Thread.sleep(PENDING_DELAY_MILLIS);
        LOG.info("Receiving the data of this node's ranges from their replicas");
        long partitions = bootstrap.run();
        LOG.info("Received {} partitions; joining the ring", partitions);
    }

    /** Whether this node's schema version is the one a live member of the ring advertises. */
    private static boolean hasClusterSchema(Gossiper gossiper, NodeAddress self, SchemaManager schema) {
        String ours = schema.current().version().toString();
        boolean anyNormal = false;
        for (Map.Entry<NodeAddress, io.cairn.cluster.gossip.EndpointState> entry
                : gossiper.endpointStates().entrySet()) {
            io.cairn.cluster.gossip.EndpointState state = entry.getValue();
            if (entry.getKey().equals(self) || !"NORMAL".equals(state.get(ApplicationState.STATUS))
                    || !gossiper.isAlive(entry.getKey())) {
                continue;
            }
            anyNormal = true;
            if (ours.equals(state.get(ApplicationState.SCHEMA_VERSION))) {
                return true;
            }
        }
        return !anyNormal;
    }

    /** How long a new node waits to learn the ring from its seeds before choosing tokens. */
    static final long RING_WAIT_MILLIS = 10_000;

    /**
     * Waits until gossip knows at least one other node's tokens (bounded by {@link
     * #RING_WAIT_MILLIS}). A new node that hears from no seed does not start on its own: it
     * would form a separate cluster (a seed of another cluster refuses it, and says why).
     */
    private static void awaitRing(Gossiper gossiper, NettyMessagingService messaging, List<NodeAddress> seeds)
            throws InterruptedException {
        java.util.concurrent.CountDownLatch known = new java.util.concurrent.CountDownLatch(1);
        gossiper.addListener(new io.cairn.cluster.gossip.GossipListener() {
            @Override
            public void onJoin(NodeAddress node, io.cairn.cluster.gossip.EndpointState state) {
                check(state);
            }

            @Override
            public void onChange(NodeAddress node, io.cairn.cluster.gossip.EndpointState state) {
                check(state);
            }

            private void check(io.cairn.cluster.gossip.EndpointState state) {
                if (state.get(ApplicationState.TOKENS) != null) {
                    known.countDown();
                }
            }
        });
        if (!known.await(RING_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            StringBuilder why = new StringBuilder();
            for (NodeAddress seed : seeds) {
                String refusal = messaging.refusalBy(seed);
                why.append(why.length() == 0 ? "" : "; ").append(seed).append(": ")
                        .append(refusal != null ? "refused this node (" + refusal + ")" : "no answer");
            }
            throw new IllegalStateException("This new node could not join: no seed told it the ring within "
                    + RING_WAIT_MILLIS / 1000 + " s (" + why + "). Start a seed first, and check that "
                    + "cluster_name and seeds match the cluster's.");
        }
    }

    /**
     * A node starting without data whose address the cluster remembers owning tokens was
     * wiped (or is a new machine reusing an address): joining would silently take the old
     * node's place with none of its data. Refused, with what to do instead.
     */
    private static void refuseToReplaceSilently(Gossiper gossiper, NodeAddress self) {
        io.cairn.cluster.gossip.EndpointState previous = gossiper.rememberedSelf();
        if (previous != null && previous.get(ApplicationState.TOKENS) != null) {
            throw new IllegalStateException("A node with address " + self + " (host id "
                    + previous.get(ApplicationState.HOST_ID) + ") already owns tokens in this cluster, but this node "
                    + "has no data: it would take that node's place without its data. Restore the old data "
                    + "directory, or start this node on another address and remove the old node from the cluster.");
        }
    }

    /** Every token gossip knows, with the node owning it. */
    private static Map<Long, String> ringOwners(Gossiper gossiper) {
        Map<Long, String> owners = new java.util.HashMap<>();
        gossiper.endpointStates().forEach((node, state) -> {
            String tokens = state.get(ApplicationState.TOKENS);
            if (tokens != null) {
                for (String token : tokens.split(",")) {
                    if (!token.isBlank()) {
                        owners.put(Long.parseLong(token.trim()), node.toString());
                    }
                }
            }
        });
        return owners;
    }

    private static void stopCluster(Gossiper gossiper, NettyMessagingService messaging) {
        if (gossiper != null) {
            gossiper.stop();
        }
        if (messaging != null) {
            messaging.close();
        }
    }

    private static void closeQuietly(StorageEngine storage, ExecutorScheduler scheduler) {
        if (storage != null) {
            storage.close();
        }
        scheduler.close();
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown address '" + host + "'", e);
        }
    }

    /** The address the CQL server is bound to (the configured port, or the chosen one for port 0). */
    public InetSocketAddress nativeAddress() {
        return nativeAddress;
    }

    @Override
    public void close() {
        LOG.info("Draining: closing client connections, then flushing storage");
        server.close();
        gossiper.stop();
        requests.shutdown();
        try {
            if (!requests.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("Requests still executing after 30 s; stopping them");
                requests.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.shutdownNow();
        }
        messaging.close();
        replicaWork.shutdown();
        try {
            if (!replicaWork.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                replicaWork.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replicaWork.shutdownNow();
        }
        storage.flush();
        storage.close();
        scheduler.close();
        LOG.info("Node stopped");
    }

    /** Names the request and replica threads and makes them daemons, so a failed start never pins the JVM. */
    @SuppressForbidden(reason = "the production wiring creates the request and replica threads")
    private static final class RequestThreads implements java.util.concurrent.ThreadFactory {
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        private final String prefix;

        RequestThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
