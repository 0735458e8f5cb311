package io.cairn.node;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.gossip.GossipListener;
import io.cairn.cluster.gossip.Gossiper;
import io.cairn.cluster.gossip.PhiAccrualFailureDetector;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.tracing.Tracing;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.coordinator.BatchlogSupport;
import io.cairn.node.coordinator.ClusterDataCoordinator;
import io.cairn.node.coordinator.HintedHandoff;
import io.cairn.node.coordinator.MeteredDataCoordinator;
import io.cairn.node.hints.HintReplayer;
import io.cairn.node.hints.HintStore;
import io.cairn.node.agreement.MetadataService;
import io.cairn.node.metadata.AlterSchema;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.MetadataTopology;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.RangeMovement;
import io.cairn.node.paxos.BallotGenerator;
import io.cairn.node.paxos.BallotMarkStore;
import io.cairn.node.paxos.PaxosCoordinator;
import io.cairn.node.paxos.PaxosReplica;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.replica.EpochGate;
import io.cairn.node.replica.ReplicaHandlers;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.SchemaChange;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.system.LocalNodeInfo;
import io.cairn.node.system.LocalTables;
import io.cairn.node.system.PeersTables;
import io.cairn.node.system.TruncationRecords;
import io.cairn.storage.StorageEngine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One Cairn node, built from its {@link NodeDependencies} and {@link NodeSettings}: schema,
 * gossip and its failure detector, the ring, truncation records, the coordinator, the replica
 * handlers, hints, the batchlog, the cluster metadata log, the query processor and the system tables. The
 * server, the simulator and the tests build their nodes here, so they all run this graph.
 *
 * <p>The constructor only wires (and loads the schema); {@link #start} joins the cluster (see
 * {@link JoinSequence}) and starts the periodic replays; {@link #close} stops what the node
 * started. The dependencies belong to the caller, who closes them afterwards.
 */
public final class Node implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Node.class);

    private final NodeSettings settings;
    private final NodeDependencies dependencies;
    private final Clock clock;
    private final Scheduler scheduler;
    private final NodeAddress self;
    private final List<NodeAddress> seeds;
    private final SchemaManager schema;
    private final Gossiper gossiper;
    private final MetadataTopology metadataTopology;
    private final Topology topology;
    private final TruncationRecords truncations;
    private final ClusterDataCoordinator coordinator;
    private final Tracing tracing;
    private final HintStore hintStore;
    private final HintReplayer hintReplayer;
    private final io.cairn.node.repair.RepairReplica repairReplica;
    private final io.cairn.common.time.Throttle repairThrottle;
    private final io.cairn.node.repair.RepairStats repairStats = new io.cairn.node.repair.RepairStats();
    private final io.cairn.node.repair.AutoRepair autoRepair;
    private final Batchlog batchlog;
    private final PaxosReplica paxosReplica;
    private final MetadataService metadata;
    /** This node's storage as everything in it writes: keeping the tables' secondary indexes. */
    private final io.cairn.node.index.IndexingStorageEngine indexedStorage;
    private final io.cairn.node.auth.RoleManager roles;
    private final QueryProcessor queryProcessor;
    private final List<Consumer<SchemaChange>> schemaListeners = new CopyOnWriteArrayList<>();
    private final List<JoinListener> joinListeners = new CopyOnWriteArrayList<>();
    private volatile LocalTables local;
    /** This node's id in the cluster metadata, once its local tables are open; null before. */
    private volatile NodeId id;
    private JoinSequence join;
    private Scheduler.Cancellable batchlogReplays;

    public Node(NodeSettings settings, NodeDependencies dependencies) {
        this.settings = settings;
        this.dependencies = dependencies;
        this.clock = dependencies.clock();
        this.scheduler = dependencies.scheduler();
        // Meters that go nowhere (the simulator's, metrics_enabled: false) are not even kept.
        boolean metered = !(dependencies.meters() instanceof io.micrometer.core.instrument.composite.CompositeMeterRegistry
                composite && composite.getRegistries().isEmpty());
        // Every write of an indexed table, however it arrives, keeps the table's secondary indexes.
        StorageEngine stored = metered
                ? new MeteredStorageEngine(dependencies.storage(), dependencies.meters(), clock)
                : dependencies.storage();
        // Vector indexes keep their graphs in memory, filled from their tables in the background.
        io.cairn.node.index.VectorIndexes vectors = new io.cairn.node.index.VectorIndexes(stored, clock,
                dependencies.requestExecutor(), java.util.concurrent.ForkJoinPool.commonPool());
        io.cairn.node.index.IndexingStorageEngine indexing = new io.cairn.node.index.IndexingStorageEngine(stored,
                vectors);
        this.indexedStorage = indexing;
        StorageEngine storage = indexing;
        MessagingService messaging = dependencies.messaging();
        this.self = messaging.localAddress();
        this.seeds = settings.seeds().stream().filter(seed -> !seed.equals(self)).toList();
        StatementParser parser = new StatementParser();
        schema = new SchemaManager(storage, clock, dependencies.random(), parser, settings.repair().automatic());
        schema.start();
        indexing.follow(schema.current());
        // Writes keep an index from when its table exists until before it is dropped.
        schema.addStorageFollower(indexing::follow);
        io.cairn.node.index.IndexBuilds indexBuilds = new io.cairn.node.index.IndexBuilds(indexing, clock,
                dependencies.requestExecutor());
        // After writes keep a new index: its build misses none.
        schema.addListener(change -> {
            synchronized (indexBuilds) {
                indexBuilds.follow(schema.current());   // read under its lock: never an older one last
            }
        });
        indexBuilds.start(schema.current());
        io.cairn.node.index.IndexScanner indexScanner = new io.cairn.node.index.IndexScanner(indexing, indexBuilds,
                clock, vectors);
        gossiper = new Gossiper(self, messaging, clock, scheduler, dependencies.random(), seeds,
                new PhiAccrualFailureDetector(PhiAccrualFailureDetector.DEFAULT_THRESHOLD));
        AutoSnapshot snapshots = new AutoSnapshot(settings.autoSnapshot(), storage, clock);
        // A truncation empties a table here while no counter write is led here (CounterLeader).
        java.util.concurrent.locks.ReadWriteLock countersAndTruncations =
                new java.util.concurrent.locks.ReentrantReadWriteLock();
        truncations = new TruncationRecords(storage, schema, clock, snapshots::beforeTruncate, emptying -> {
            countersAndTruncations.writeLock().lock();
            try {
                emptying.run();
            } finally {
                countersAndTruncations.writeLock().unlock();
            }
        });
        java.util.function.UnaryOperator<io.cairn.cluster.messaging.MessageHandler> onReplicaStage =
                handler -> dependencies.replicaStage().wrap(messaging, handler);
        paxosReplica = new PaxosReplica(storage, messaging, truncations::truncatedAtMicros);
        // A table created again under a dropped one's name must not inherit its proposals.
        schema.addTableDropListener(paxosReplica::forgetTable);
        BallotGenerator ballots = dependencies.ballotGeneratorOverride()
                .apply(new BallotGenerator(clock, BallotGenerator.nodeIdOf(self), new BallotMarkStore(storage)));
        // The cluster metadata log holds the schema and the ring: it places data.
        metadata = new MetadataService(new MetadataService.Settings(settings.clusterName(), seeds.isEmpty(), seeds,
                settings.firstLogDelay(), settings.writeTimeout()), storage, messaging, paxosReplica,
                ballots,
                gossiper::isAlive, this::mayBeMetadataReplica, () -> gossiper.liveMembers().stream().filter(node -> !node.equals(self))
                        .sorted(java.util.Comparator.comparing(NodeAddress::toString)).toList(),
                clock, scheduler, dependencies.random(), dependencies.requestExecutor(), () -> id);
        // Data requests planned at a stale epoch are refused, Paxos's included; the log's slots
        // are answered only by their voters.
        EpochGate gate = new EpochGate(metadata::current, metadata.log()::at, () -> id,
                MetadataService.slotsTable(), metadata::votesOn);
        // No draw from the random source between here and the hints' and batchlog's first use
        // of these ids: the simulator's seeds replay as they did.
        TimeUuids ids = new TimeUuids(dependencies.random());
        tracing = new Tracing(self, messaging, schema, clock, ids, this::writeTraceRows,
                dependencies.requestExecutor());
        tracing.register();
        ReplicaHandlers replicaHandlers = new ReplicaHandlers(storage, messaging, truncations,
                dependencies.replicaStage(), gate, paxosReplica::exportRegisters, clock, tracing);
        replicaHandlers.register();
        replicaHandlers.registerIndexReads(indexScanner,
                table -> schema.current().table(table.keyspace(), table.table()));
        paxosReplica.register(onReplicaStage, gate);
        metadataTopology = new MetadataTopology(self, settings.dataCenter(), metadata::current, gossiper::isAlive,
                name -> SystemKeyspaces.isSystem(name) ? schema.current().keyspace(name) : null);
        schema.useDataCenters(metadataTopology::dataCenters);
        topology = dependencies.topologyOverride().apply(metadataTopology);
        hintStore = new HintStore(storage, schema, settings.maxHintsPerTarget());
        hintReplayer = new HintReplayer(hintStore, truncations, messaging, topology, clock, scheduler,
                settings.writeTimeout(), table -> {
                    io.cairn.node.schema.TableMetadata found = schema.current().table(table.keyspace(), table.table());
                    return found == null ? 0 : found.params().gcGraceSeconds();
                }, settings.hintBytesPerSecond(),
                dependencies.requestExecutor());
        io.cairn.node.hints.HintWindow hintWindow = new io.cairn.node.hints.HintWindow(settings.maxHintWindow(), clock);
        gossiper.addListener(hintWindow);
        batchlog = new Batchlog(storage, schema, truncations, messaging, clock);
        batchlog.register(onReplicaStage);
        PaxosCoordinator paxos = new PaxosCoordinator(paxosReplica, messaging, topology, clock, scheduler,
                dependencies.requestExecutor(), dependencies.random(), ballots, settings.writeTimeout(), settings.readTimeout(),
                PaxosCoordinator.CONTENTION_TIMEOUT);
        metadata.log().addListener(snapshots.beforeDrops());
        followSchemaOfLog();
        metadata.register(onReplicaStage);
        metadata.stampMessages();
        new RangeFetch(metadata, schema, messaging, this::bootstrap).register(onReplicaStage);
        repairReplica = new io.cairn.node.repair.RepairReplica(storage, messaging, clock);
        repairThrottle = new io.cairn.common.time.Throttle(settings.repair().bytesPerSecond(), clock, scheduler);
        autoRepair = new io.cairn.node.repair.AutoRepair(settings.repair(), metadata::current,
                () -> schema.current().keyspaces().values().stream()
                        .filter(keyspace -> !SystemKeyspaces.isSystem(keyspace.name())).toList(),
                storage, this::repairOf, metadataTopology::isAlive,
                () -> id != null && metadata.current().tokens().containsKey(id) && !repairing.get(),
                clock, scheduler, dependencies.requestExecutor(), self);
        repairReplica.register(onReplicaStage);
        forgetNodesThatLeft();
        followOwnTokens();
        coordinator = new ClusterDataCoordinator(storage, truncations, messaging, topology, clock, scheduler,
                settings.writeTimeout(), settings.readTimeout(),
                new HintedHandoff.Enabled(hintStore, hintReplayer, ids, settings.hintedHandoff(), hintWindow),
                new BatchlogSupport.Enabled(batchlog, ids), paxos, dependencies.requestExecutor(),
                counterLeader(storage, countersAndTruncations.readLock()),
                table -> schema.current().table(table.keyspace(), table.table()), indexScanner);
        coordinator.registerCounterLeader(onReplicaStage);
        gossiper.addListener(new GossipListener() {
            @Override
            public void onAlive(NodeAddress node, EndpointState state) {
                hintReplayer.replay();
            }
        });
        OperationViews views = new OperationViews(storage, schema, repairStats, hintStore, metadata::current, self,
                clock, indexBuilds);
        coordinator.addViewRefresher(views::refresh);
        coordinator.addViewRefresher(new MetricViews(storage, dependencies.meters(), clock)::refresh);
        io.cairn.node.auth.RoleAuthorizer authorizer = settings.authorization()
                ? new io.cairn.node.auth.RoleAuthorizer(metadata::current, metadata::commitStatement) : null;
        roles = new io.cairn.node.auth.RoleManager(metadata::current, metadata::commitStatement,
                new io.cairn.node.auth.Passwords(dependencies.random()), authorizer);
        MeteredDataCoordinator meteredCoordinator = metered
                ? new MeteredDataCoordinator(coordinator, dependencies.meters(), clock) : null;
        if (meteredCoordinator != null) {
            // A dropped table's timers go with it (a table made again under its name starts from zero).
            schemaListeners.add(change -> {
                if (change.change() == SchemaChange.Change.DROPPED && change.target() == SchemaChange.Target.TABLE) {
                    meteredCoordinator.forget(new io.cairn.storage.TableId(change.keyspace(), change.name()));
                } else if (change.change() == SchemaChange.Change.DROPPED
                        && change.target() == SchemaChange.Target.KEYSPACE) {
                    meteredCoordinator.forgetKeyspace(change.keyspace());
                }
            });
        }
        queryProcessor = new QueryProcessor(meteredCoordinator != null ? meteredCoordinator : coordinator,
                schema, this::changeSchema, roles,
                authorizer == null ? io.cairn.node.query.Authorizer.ALLOW_ALL : authorizer, clock,
                new TimeUuids(dependencies.random()), parser, dependencies.requestExecutor());
        // The coordinator's counters, as system_views.coordinator_metrics shows them, e.g.
        // cairn_coordinator_read_repairs_total.
        for (String name : coordinator.metrics().keySet()) {
            io.micrometer.core.instrument.FunctionCounter.builder("cairn.coordinator." + name, coordinator,
                    counted -> counted.metrics().getOrDefault(name, 0L))
                    .description("The coordinator's " + name.replace('_', ' ') + " (system_views.coordinator_metrics)")
                    .register(dependencies.meters());
        }
        PeersTables peers = new PeersTables(storage, schema, clock, self);
        gossiper.addListener(peers);
        // Nodes that left while this node was down, or before a restart, are forgotten too.
        ClusterMetadata replayed = metadata.current();
        for (NodeRecord record : replayed.directory().nodes().values()) {
            if (record.state() == NodeState.LEFT) {
                gossiper.forgetHost(record.id().toString());
            }
            if (isGone(replayed, record)) {
                gossiper.forget(record.address());
                peers.onRemoved(record.address(), null);
            }
        }
    }

    /**
     * Completes, saying why, if the log removes or replaces this node while it runs (others
     * thought it dead): the node has stopped gossiping, and its process should stop serving.
     */
    public CompletionStage<String> removed() {
        return removed;
    }

    private final CompletableFuture<String> removed = new CompletableFuture<>();

    /**
     * Whether gossip should forget {@code record}'s address: the node left, it is not this node,
     * and no node of {@code snapshot} that has not left holds the address (a replacement on it).
     */
    private boolean isGone(ClusterMetadata snapshot, NodeRecord record) {
        return record.state() == NodeState.LEFT && !record.address().equals(self)
                && snapshot.directory().nodes().values().stream()
                .noneMatch(other -> other.state() != NodeState.LEFT && other.address().equals(record.address()));
    }

    /**
     * Starts the node: offers stored hints, schedules the replays, and joins the cluster.
     * Completes once the node is in the ring of the cluster metadata log, having received its
     * data (a node that receives none, such as the first, waits at most
     * {@link MetadataService#LOG_WAIT} for that: the first node starts the log
     * {@link MetadataService#INITIALIZE_DELAY} after it started); fails (IllegalStateException,
     * saying why and what to do) when it cannot join.
     *
     * @param nativeAddress where this node's CQL server listens (known once it is bound), which
     *                      gossip and {@code system.local} advertise to drivers
     */
    /**
     * Whether this node, started now, receives its data before it serves (a new node or a
     * replacement); false for a node that joined before (it serves its ranges at once) and for
     * the cluster's first node.
     */
    public boolean receivesData() {
        return JoinSequence.receivesData(settings, seeds, dependencies.storage(), schema, clock.currentTimeSeconds());
    }

    public synchronized CompletionStage<Void> start(InetSocketAddress nativeAddress) {
        if (join != null) {
            throw new IllegalStateException("Node " + self + " is already started");
        }
        LocalNodeInfo info = new LocalNodeInfo(settings.clusterName(), settings.dataCenter(), settings.rack(),
                address(self.host()), self.port(), nativeAddress.getAddress(), nativeAddress.getPort(),
                settings.numTokens());
        join = new JoinSequence(settings, dependencies, schema, gossiper, metadata, metadataTopology, seeds, info,
                joinListeners, this::useLocalTables, this::bootstrap);
        try {
            hintStore.recount(clock.currentTimeSeconds());
            hintStore.targets(clock.currentTimeSeconds()).forEach(hintReplayer::remember);
            hintReplayer.start(settings.hintReplayInterval());
            // Replaying waits for replicas, whose timeouts run on the scheduler: never block it.
            batchlogReplays = scheduler.scheduleWithFixedDelay(settings.batchlogReplayInterval(),
                    settings.batchlogReplayInterval(),
                    () -> dependencies.requestExecutor().execute(() -> batchlog.replay(coordinator::write)));
            // A node answers once it is in the ring of the cluster metadata log (see JoinSequence#run).
            return join.run().thenAccept(joined -> autoRepair.start());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The schema follows the cluster metadata log: at once, for entries replayed from storage
     * whose schema rows a stop interrupted, then on every entry applied. A node that holds a
     * schema but no log (it ran an earlier Cairn, whose nodes pushed schema rows to each other)
     * snapshots its storage first: the log's schema, which the first node starts it with,
     * replaces its own, and a table only this node had would be dropped.
     */
    private void followSchemaOfLog() {
        ClusterMetadata replayed = metadata.current();
        if (replayed.epoch().equals(Epoch.EMPTY)) {
            if (!schema.userSchema().keyspaces().isEmpty()
                    && !dependencies.storage().snapshots().contains(BEFORE_LOG_SNAPSHOT)) {
                dependencies.storage().snapshot(BEFORE_LOG_SNAPSHOT);
                LOG.warn("Node {} has a schema but no cluster metadata log (it ran an earlier Cairn): its storage is"
                        + " kept in snapshot '{}' before it follows the schema of the log", self, BEFORE_LOG_SNAPSHOT);
            }
        } else {
            schema.follow(replayed.schema(), replayed.epoch().value(), null);
        }
        metadata.log().addListener((previous, next, entry) -> schema.follow(next.schema(), next.epoch().value(),
                entry.transformation() instanceof AlterSchema alter ? alter.change() : null));
    }

    /** Repairs ranges between this node and the other replicas. */
    private io.cairn.node.repair.Repair repairOf() {
        return new io.cairn.node.repair.Repair(indexedStorage, dependencies.messaging(), repairReplica,
                metadata::current, metadataTopology::isAlive, settings.readTimeout(), dependencies.requestExecutor(),
                clock, repairThrottle, dependencies.repairRanges(), dependencies.repairLists(), repairStats);
    }

    /** Copies the ranges a movement gives this node from their replicas. */
    private io.cairn.node.bootstrap.Bootstrap bootstrap() {
        io.cairn.node.repair.Repair differences = repairOf();
        return new io.cairn.node.bootstrap.Bootstrap(indexedStorage, dependencies.messaging(),
                metadataTopology::isAlive, metadataTopology::isLocal, settings.readTimeout(),
                paxosReplica::receiveRegisters, dependencies.requestExecutor(),
                (table, piece, sources) -> differences.pullDifferences(table, piece, sources)
                        .thenApply(io.cairn.node.repair.Repair.Result::partitionsReceived));
    }

    /**
     * When the log moves this node to other tokens, {@code system.local} and gossip say so (from
     * gossip, the others' {@code system.peers} and drivers, with MOVED_NODE, learn them).
     */
    private void followOwnTokens() {
        metadata.log().addListener((previous, next, entry) -> {
            LocalTables tables = local;
            NodeId self = id;
            if (tables == null || self == null || !previous.tokens().containsKey(self)
                    || !next.tokens().containsKey(self) || next.tokens().get(self).equals(previous.tokens().get(self))) {
                return;
            }
            useTokensOfLog(tables, next, true);
        });
    }

    /**
     * Writes the tokens the log gives this node to system.local, and to gossip when {@code gossip}
     * (once gossip runs; before, it starts from system.local), if they are not its own yet.
     */
    private void useTokensOfLog(LocalTables tables, ClusterMetadata snapshot, boolean gossip) {
        java.util.SortedSet<Long> logged = snapshot.tokens().get(new NodeId(tables.hostId()));
        if (logged == null || logged.equals(new java.util.TreeSet<>(tables.tokens()))) {
            return;
        }
        LOG.info("Node {} is on its tokens of {} now: {} of them", self, snapshot.epoch(), logged.size());
        tables.moveTo(logged);
        tables.write(schema.current(), clock.currentTimeMicros());
        if (gossip) {
            // Before gossip starts, it starts from system.local (and looks again once started).
            gossiper.setStateIfStarted(ApplicationState.TOKENS, JoinSequence.tokensState(logged));
        }
    }

    /**
     * A node the log says has left is forgotten by gossip (which then removes its peers row and
     * tells drivers), unless another node of the log now holds its address (a replacement on
     * the same address); gossip from its process, if it comes back with its data, is ignored.
     * When the node that left is this one, removed or replaced while it ran, it stops gossiping
     * and {@link #removed} completes.
     */
    private void forgetNodesThatLeft() {
        metadata.log().addListener((previous, next, entry) -> {
            for (NodeRecord record : next.directory().nodes().values()) {
                NodeRecord before = previous.directory().get(record.id());
                boolean leftNow = record.state() == NodeState.LEFT && (before == null || before.state() != NodeState.LEFT);
                if (!leftNow) {
                    continue;
                }
                gossiper.forgetHost(record.id().toString());
                if (isGone(next, record)) {
                    gossiper.forget(record.address());
                }
                RangeMovement finished = previous.movement();
                if (record.id().equals(id) && finished != null
                        && finished.kind() != RangeMovement.Kind.LEAVE) {
                    // Removed or replaced by others while it ran (thought dead): its ranges are
                    // others' now, and what it holds is stale.
                    String why = "This node (host id " + record.id() + ") was "
                            + (finished.kind() == RangeMovement.Kind.REPLACE ? "replaced" : "removed")
                            + " from the cluster at " + next.epoch() + ": it must not serve. Start it with an empty "
                            + "data directory to join as a new node";
                    LOG.error("{}. It stops gossiping", why);
                    gossiper.stop();
                    removed.complete(why);
                }
            }
        });
    }

    /**
     * Decommissions this node (see {@link HandOverSequence}): the nodes that gain its ranges copy
     * them from it, and it leaves the ring; then it hands over the batches and hints it holds
     * and stops gossiping. Completes with the partitions copied once it has left; fails saying
     * why (run it again to resume at the step the log has). A node that has left serves no
     * data; stop it.
     */
    public CompletionStage<Long> decommission() {
        try {
            return handRangesOver(io.cairn.node.metadata.RangeMovement.Kind.LEAVE, new NodeId(hostId()), null)
                    .thenCompose(copied -> handOver().thenApply(done -> copied));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Drops the data of the ranges this node no longer replicates (see {@link Cleanup}), on the
     * request pool; completes with how many table ranges it dropped, or fails saying why (a
     * movement runs, this node is not in the ring, or the ring changed midway: run it again).
     */
    public CompletionStage<Long> cleanup() {
        if (!cleaning.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("A cleanup runs on this node already"));
        }
        Cleanup cleanup = new Cleanup(indexedStorage, metadata::current, metadata::highestEpochSeen, self);
        CompletableFuture<Long> done;
        try {
            done = CompletableFuture.supplyAsync(() -> cleanup.run(schema.current().keyspaces().values()),
                    dependencies.requestExecutor());
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        return done.whenComplete((dropped, failure) -> cleaning.set(false));
    }

    /**
     * Repairs {@code table} of {@code keyspace} (every table of it when null; every replicated
     * keyspace when {@code keyspace} is null) in every range this node replicates, against the
     * other replicas (see {@link io.cairn.node.repair.Repair}), on the request pool. One repair
     * runs at a time on a node; fails saying why (a keyspace or table that does not exist, a
     * replica down, a movement under way: run it again once that has changed). Incremental
     * unless {@code full}: a piece repaired before compares only the partitions written since
     * (see {@link io.cairn.node.repair.Repair}). Only {@code ranges} of the ring, when not null.
     */
    public CompletionStage<io.cairn.node.repair.Repair.Result> repair(String keyspace, String table, boolean full,
                                                                    List<io.cairn.storage.TokenRange> ranges) {
        List<KeyspaceMetadata> keyspaces;
        try {
            keyspaces = repairedKeyspaces(keyspace, table);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!repairing.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException("A repair runs on this node already"));
        }
        io.cairn.node.repair.Repair repair = repairOf();
        String what = (full ? "full, " : "incremental, ")
                + (keyspace == null ? "every keyspace" : table == null ? keyspace : keyspace + "." + table)
                + (ranges == null ? "" : " in " + ranges);
        repairStats.started(what, clock.currentTimeMillis());
        CompletableFuture<io.cairn.node.repair.Repair.Result> done =
                CompletableFuture.completedFuture(io.cairn.node.repair.Repair.Result.NONE);
        for (KeyspaceMetadata repaired : keyspaces) {
            java.util.Collection<io.cairn.node.schema.TableMetadata> tables = table == null
                    ? repaired.tables().values() : List.of(repaired.tables().get(table));
            done = done.thenCompose(before -> repair.run(repaired, tables, full,
                    ranges == null ? List.of(io.cairn.storage.TokenRange.FULL) : ranges).thenApply(before::plus));
        }
        return done.whenComplete((result, failure) -> {
            repairStats.finished("repair of " + what + (failure == null ? " finished: " + result : " failed: "
                    + io.cairn.common.concurrent.AsyncLoop.unwrap(failure).getMessage()));
            repairing.set(false);
        });
    }

    /** The cluster's roles, as this node's copy of the metadata log has them. */
    public io.cairn.node.auth.RoleManager roles() {
        return roles;
    }

    /** The hints this node holds for each replica, and what its deliveries did since it started. */
    public io.cairn.node.hints.HintCounts hintCounts() {
        return new io.cairn.node.hints.HintCounts(hintStore.pending(), hintReplayer.deliveredCount(),
                hintReplayer.deliveredBytes(), hintReplayer.expiredCount(), hintReplayer.droppedCount());
    }

    /** What this node's repairs did since it started, and the operator's repair under way. */
    public io.cairn.node.repair.RepairStats repairStats() {
        return repairStats;
    }

    private List<KeyspaceMetadata> repairedKeyspaces(String keyspace, String table) {
        if (keyspace == null) {
            if (table != null) {
                throw new IllegalArgumentException("A table is repaired within its keyspace");
            }
            return schema.current().keyspaces().values().stream()
                    .filter(candidate -> !SystemKeyspaces.isLocal(candidate.name()))
                    .filter(candidate -> !candidate.tables().isEmpty()).toList();
        }
        KeyspaceMetadata found = schema.current().keyspace(keyspace);
        if (found == null) {
            throw new IllegalArgumentException("Keyspace " + keyspace + " does not exist");
        }
        if (SystemKeyspaces.isLocal(keyspace)) {
            throw new IllegalArgumentException("Keyspace " + keyspace + " is local to each node: there is nothing "
                    + "to repair");
        }
        if (table != null && !found.tables().containsKey(table)) {
            throw new IllegalArgumentException("Table " + keyspace + "." + table + " does not exist");
        }
        return List.of(found);
    }

    /** What automatic repair has done since this node started. */
    public io.cairn.node.repair.AutoRepair.Progress autoRepairProgress() {
        return autoRepair.progress();
    }

    /** This node's automatic repair (started once the node is in the ring, when its settings have it on). */
    public io.cairn.node.repair.AutoRepair autoRepair() {
        return autoRepair;
    }

    /** Whether a repair runs: one at a time. */
    private final java.util.concurrent.atomic.AtomicBoolean repairing = new java.util.concurrent.atomic.AtomicBoolean();

    /** Whether a cleanup runs: one at a time. */
    private final java.util.concurrent.atomic.AtomicBoolean cleaning = new java.util.concurrent.atomic.AtomicBoolean();

    /** How many rounds a node that left replays its batchlog to hand its batches over. */
    static final int HAND_OVER_ROUNDS = 3;

    /** How long a node that left keeps offering its hints to the nodes that are up. */
    static final java.time.Duration HINT_HAND_OVER_WAIT = java.time.Duration.ofSeconds(30);

    /**
     * What a node that left still holds for others goes to them: once the nodes know it left
     * (the barrier: so that no coordinator stores another batch here), it replays every batch of
     * its batchlog, however young, and offers its hints to their nodes that are up, again every
     * second until none is left for them (at most {@link #HINT_HAND_OVER_WAIT}); then it stops
     * gossiping. Hints for nodes that are down are lost with it. Never fails.
     */
    private CompletableFuture<Void> handOver() {
        return metadata.barrier(metadata.current().epoch())
                .handle((ready, failure) -> {
                    if (failure != null) {
                        LOG.warn("Not every node confirmed that this node left ({}): a batch stored here after "
                                + "the hand-over would be lost", failure.getMessage());
                    }
                    return null;
                })
                .thenCompose(ready -> replayBatches(HAND_OVER_ROUNDS))
                .thenCompose(replayed -> offerHints(clock.nanoTime() + HINT_HAND_OVER_WAIT.toNanos()))
                .thenRun(() -> {
                    LOG.info("This node has left the cluster ({} batches and hints for {} not handed over): it stops "
                            + "gossiping", batchlog.size(), hintStore.targets(clock.currentTimeSeconds()));
                    gossiper.stop();
                });
    }

    /** Offers the hints for live nodes every second until there are none, or until {@code deadline}. */
    private CompletableFuture<Void> offerHints(long deadline) {
        boolean any = hintStore.targets(clock.currentTimeSeconds()).stream().anyMatch(gossiper::isAlive);
        if (!any || clock.nanoTime() > deadline) {
            return CompletableFuture.completedFuture(null);
        }
        hintReplayer.replay();
        CompletableFuture<Void> next = new CompletableFuture<>();
        scheduler.schedule(java.time.Duration.ofSeconds(1), () -> offerHints(deadline)
                .whenComplete((done, failure) -> next.complete(null)));
        return next;
    }

    private CompletableFuture<Void> replayBatches(int rounds) {
        if (rounds == 0 || batchlog.size() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return batchlog.replayAll(coordinator::write).toCompletableFuture()
                .thenCompose(replayed -> replayBatches(rounds - 1));
    }

    /**
     * Removes the dead node {@code hostId} from the ring (see {@link HandOverSequence}): the nodes
     * that gain its ranges copy them from the replicas that stay. Refused while gossip has the
     * node alive. Completes with the partitions copied once it has left.
     */
    public CompletionStage<Long> removeNode(UUID hostId) {
        try {
            return handRangesOver(io.cairn.node.metadata.RangeMovement.Kind.REMOVE, new NodeId(hostId), null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Moves this node to {@code tokens}, its whole new set of tokens (see {@link HandOverSequence}),
     * as {@code nodetool move} does: it copies the ranges it gains from the nodes that give them
     * up, and the nodes that gain its old ranges copy them from it. Completes with the partitions
     * copied once the log has it on its new tokens; fails saying why (run it again to resume at the
     * step the log has). The data of the ranges a node gave up stays until {@link #cleanup()}.
     */
    public CompletionStage<Long> move(java.util.SortedSet<Long> tokens) {
        try {
            if (tokens.isEmpty()) {
                throw new IllegalArgumentException("A node moves to at least one token");
            }
            return handRangesOver(io.cairn.node.metadata.RangeMovement.Kind.MOVE, new NodeId(hostId()),
                    new java.util.TreeSet<>(tokens));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Abandons the movement (join, decommission, removenode, replace, move) of {@code hostId} that is in
     * progress: reads and writes go back to the ring as it was. Completes with the epoch of the
     * cancellation; fails when that node has no movement in progress.
     */
    public CompletionStage<Long> abortMovement(UUID hostId) {
        NodeId id = new NodeId(hostId);
        return metadata.commit(latest -> new io.cairn.node.metadata.CancelMovement(id))
                .thenApply(snapshot -> snapshot.epoch().value());
    }

    /** The decommission, removenode or move this node runs, until it is done; guarded by {@code this}. */
    private CompletableFuture<Long> handingOver;
    private String handingOverWhat;

    /**
     * Runs the {@code kind} of {@code node}: one at a time on this node. The same operation asked
     * again while it runs (a client that timed out and retries) gets the one running.
     */
    private CompletableFuture<Long> handRangesOver(io.cairn.node.metadata.RangeMovement.Kind kind, NodeId node,
                                                  java.util.SortedSet<Long> tokens) {
        String what = kind + " of " + node + (tokens == null ? "" : " to " + tokens);
        CompletableFuture<Long> running;
        synchronized (this) {
            if (handingOver != null && !handingOver.isDone()) {
                if (handingOverWhat.equals(what)) {
                    return handingOver;
                }
                return CompletableFuture.failedFuture(new IllegalStateException("This node is running the "
                        + handingOverWhat + ": one at a time"));
            }
            running = new HandOverSequence(kind, node, tokens, clock, scheduler, dependencies.messaging(), metadata,
                    () -> schema.current().keyspaces().values(), this::bootstrap, gossiper::isAlive,
                    JoinSequence.MOVEMENT_WAIT, dependencies.copies()).run();
            handingOver = running;
            handingOverWhat = what;
        }
        return running;
    }

    /** Whether {@code node} is in the log's ring and alive (it may then be a metadata replica). */
    private boolean mayBeMetadataReplica(NodeAddress node) {
        return gossiper.isAlive(node)
                && metadata.current().directory().holderOf(node, io.cairn.node.metadata.NodeState.JOINED).isPresent();
    }

    /** The snapshot a node that ran an earlier Cairn takes before its schema follows the log. */
    static final String BEFORE_LOG_SNAPSHOT = "before-metadata-log";

    /**
     * A DDL statement, through the cluster metadata log. It answers once this node's schema has
     * the change: the log's listener applies it, and if that failed, or runs on another thread
     * (an entry fetched meanwhile), this catches up itself.
     */
    private CompletionStage<SchemaChange> changeSchema(io.cairn.cql.ast.Statement statement, String keyspace) {
        return metadata.alterSchema(decided -> schema.edit(statement, keyspace, decided)).thenApply(change -> {
            ClusterMetadata committed = metadata.current();
            try {
                schema.follow(committed.schema(), committed.epoch().value(), null);
            } catch (RuntimeException e) {
                throw new IllegalStateException("The schema change is in the cluster metadata log at "
                        + committed.epoch() + ", but this node could not apply it yet: " + e.getMessage(), e);
            }
            return change;
        });
    }

    /** Keeps system.local and the gossiped schema version true on every schema change. */
    private void useLocalTables(LocalTables tables) {
        if (local != null) {
            return;
        }
        local = tables;
        id = new NodeId(tables.hostId());
        // A node that moved, and stopped before system.local said so, takes the log's tokens.
        useTokensOfLog(tables, metadata.current(), false);
        schema.addListener(change -> {
            tables.write(schema.current(), clock.currentTimeMicros());
            gossiper.setState(ApplicationState.SCHEMA_VERSION, schema.current().version().toString());
            // Drivers wait after DDL until every node's system.peers shows one schema version.
            gossiper.announce();
            schemaListeners.forEach(listener -> listener.accept(change));
        });
    }

    /**
     * Adds what fills a view of {@code system_views} before each read of it (the process fills
     * those only it knows of: its pools, its settings): {@code refresher} gets every table read
     * through the coordinator and writes the rows of the views it owns.
     */
    public void addViewRefresher(Consumer<io.cairn.node.schema.TableMetadata> refresher) {
        coordinator.addViewRefresher(refresher);
    }

    /** Hears every schema change once system.local has followed it (register before {@link #start}). */
    public void addSchemaListener(Consumer<SchemaChange> listener) {
        schemaListeners.add(listener);
    }

    /** Hears what gossip learns of other nodes, after the node's own listeners. */
    public void addGossipListener(GossipListener listener) {
        gossiper.addListener(listener);
    }

    /** Hears how joining the cluster goes (register before {@link #start}). */
    public void addJoinListener(JoinListener listener) {
        joinListeners.add(listener);
    }

    /** Stops gossiping, the replays and a join in progress; the dependencies stay open. */
    @Override
    public synchronized void close() {
        if (join != null) {
            join.cancel();
        }
        gossiper.stop();
        metadata.close();
        hintReplayer.stop();
        autoRepair.stop();
        if (batchlogReplays != null) {
            batchlogReplays.cancel();
        }
    }

    public NodeAddress address() {
        return self;
    }

    public QueryProcessor queryProcessor() {
        return queryProcessor;
    }

    /** Trace rows go to their replicas at ONE, through the coordinator, unmeasured and untraced. */
    private CompletionStage<Void> writeTraceRows(io.cairn.node.schema.TableMetadata table,
                                                 java.util.List<io.cairn.storage.PartitionUpdate> rows) {
        return coordinator.write(table, rows, io.cairn.cql.ConsistencyLevel.ONE);
    }

    /** Query tracing: opens and writes the sessions of the requests this node coordinates. */
    public Tracing tracing() {
        return tracing;
    }

    /**
     * This node's side of counter writes: its shard is its host id and an incarnation taken anew
     * (synced) now, at every start, so that shard states a crash lost are never written over; it
     * leads under {@code leading}, which a truncation here excludes.
     */
    private io.cairn.node.counter.CounterLeader counterLeader(StorageEngine storage,
                                                              java.util.concurrent.locks.Lock leading) {
        long incarnation = io.cairn.node.counter.ShardIncarnation.next(storage);
        java.util.concurrent.atomic.AtomicReference<byte[]> shardId = new java.util.concurrent.atomic.AtomicReference<>();
        return new io.cairn.node.counter.CounterLeader(storage, () -> shardId.updateAndGet(known -> known != null
                ? known : io.cairn.node.counter.CounterCells.shardId(hostId(), incarnation)),
                truncations::truncatedAtMicros, leading);
    }

    public ClusterDataCoordinator coordinator() {
        return coordinator;
    }

    public SchemaManager schema() {
        return schema;
    }

    /**
     * This node's storage, keeping its tables' secondary indexes: what whoever writes data here
     * (an operator's restore, say) must write through.
     */
    public StorageEngine storage() {
        return indexedStorage;
    }

    public MessagingService messaging() {
        return dependencies.messaging();
    }

    public Gossiper gossiper() {
        return gossiper;
    }

    /** The ring as the coordinator sees it (the metadata log's unless the dependencies override it). */
    public Topology topology() {
        return topology;
    }

    /** The ring as the cluster metadata log places data. */
    public MetadataTopology metadataTopology() {
        return metadataTopology;
    }

    public HintReplayer hints() {
        return hintReplayer;
    }

    public Batchlog batchlog() {
        return batchlog;
    }

    public TruncationRecords truncations() {
        return truncations;
    }

    /** This node's part in the cluster metadata log. */
    public MetadataService metadata() {
        return metadata;
    }

    /** This node's side of Paxos, the acceptor of lightweight transactions. */
    public PaxosReplica paxosReplica() {
        return paxosReplica;
    }

    /** This node's host id, chosen on first start and kept. */
    public UUID hostId() {
        return localTables().hostId();
    }

    /** This node's tokens, chosen on first start and kept. */
    public List<Long> tokens() {
        return localTables().tokens();
    }

    private LocalTables localTables() {
        LocalTables tables = local;
        if (tables == null) {
            throw new IllegalStateException("Node " + self + " has not chosen its host id and tokens yet: "
                    + "it does so when it starts, once it knows the ring");
        }
        return tables;
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Unknown address '" + host + "'", e);
        }
    }
}
