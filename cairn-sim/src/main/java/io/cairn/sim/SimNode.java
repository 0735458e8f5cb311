package io.cairn.sim;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.JoinListener;
import io.cairn.node.Node;
import io.cairn.node.NodeDependencies;
import io.cairn.node.NodeSettings;
import io.cairn.node.coordinator.ClusterDataCoordinator;
import io.cairn.node.hints.HintStore;
import io.cairn.node.messages.MutationMessage;
import io.cairn.node.query.QueryProcessor;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.SchemaManager;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * One simulated node: a {@link Node}, as a Cairn process builds it, on in-memory storage, the
 * in-JVM network and this node's clock and scheduler. A crash drops the process (its timers,
 * its connections, what its commit log had not synced); a restart builds a new one on the data
 * that survived.
 */
final class SimNode {

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HINT_REPLAY_INTERVAL = Duration.ofSeconds(10);
    static final Duration COMMIT_LOG_SYNC_PERIOD = Duration.ofSeconds(10);
    /** How often each node's storage sweeps its tables for what it may purge. */
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);
    /**
     * Automatic repair on simulated time: each range is repaired every half of gc grace, at least
     * 30 s apart, and nodes look for due ranges every 10 s. No throughput limit: the simulated
     * data is small.
     */
    static final io.cairn.node.repair.RepairSettings REPAIR = io.cairn.node.repair.RepairSettings.DEFAULTS
            .withIntervals(Duration.ofSeconds(30), Duration.ofSeconds(10)).withBytesPerSecond(0);
    /** A node whose join failed tries again after this (a real one exits and its operator starts it again). */
    static final Duration JOIN_RETRY = Duration.ofSeconds(10);
    static final int NATIVE_PORT = 9042;

    final int index;
    final NodeAddress address;
    final SimClock clock;
    final NodeScheduler scheduler;
    private final InJvmNetwork network;
    private final List<NodeAddress> seeds;
    /** Its tokens: chosen before its first start, changed by a move. */
    private List<Long> tokens;
    /** Whether it has moved to other tokens. */
    private boolean hasMoved;
    private final RandomGenerator random;
    private final SimConfig config;
    private final NodeAddress next;
    /** Whether this node belongs to the cluster as first started (it has no data to receive). */
    private final boolean initialMember;
    /** The address of the dead node this node replaces on its first start, or null when it joins as its own. */
    final NodeAddress replacing;
    /** Whether this node has joined the ring (received its data); its system.local keeps it. */
    private boolean bootstrapped;
    private final Consumer<String> events;
    /** What the node's storage holds now. */
    private InMemoryKvStore store;
    /**
     * Its durable image: what a crash under periodic commit-log sync falls back to. Each sync
     * makes on it the store's changes since the last; a synced write (Paxos state, commits) goes
     * into it at once.
     */
    private InMemoryKvStore durable;

    private boolean isUp;
    private Node node;
    KvStorageEngine storage;
    SchemaManager schema;
    MessagingService messaging;
    Topology topology;
    ClusterDataCoordinator coordinator;

    SimNode(int index, NodeAddress address, SimClock clock, VirtualScheduler loop, Consumer<Throwable> onError,
            InJvmNetwork network, List<NodeAddress> seeds, List<Long> tokens, RandomGenerator random,
            SimConfig config, NodeAddress next, boolean bootstrapped, NodeAddress replacing, Consumer<String> events) {
        if (replacing != null && bootstrapped) {
            throw new IllegalArgumentException("node " + (index + 1) + " replaces " + replacing
                    + ": a replacement receives its data, it cannot be a member as first started");
        }
        this.index = index;
        this.address = address;
        this.clock = clock;
        this.scheduler = new NodeScheduler(loop, onError);
        this.network = network;
        this.seeds = seeds;
        this.tokens = tokens;
        this.random = random;
        this.config = config;
        this.next = next;
        this.initialMember = bootstrapped;
        this.bootstrapped = bootstrapped;
        this.replacing = replacing;
        this.events = events;
        this.durable = new InMemoryKvStore();
        useStore(new InMemoryKvStore());
    }

    /** Runs on {@code disk}: its synced writes go straight into the durable image, as on a disk they are forced. */
    private void useStore(InMemoryKvStore disk) {
        store = disk;
        disk.onSyncedWrite(write -> write.forEach((columnFamily, entries) -> durable.mergeCreating(columnFamily, entries)));
        if (config.periodicSync()) {
            // Only a crash under periodic sync falls back to the durable image. Each sync (every
            // metadata write is one) replays onto it what changed since the last, instead of
            // copying the whole store.
            disk.journalChanges();
            disk.onSync(() -> disk.replayChangesOnto(durable));
        }
    }

    /** The entries of the cluster metadata log this node has applied, in epoch order. */
    List<io.cairn.node.metadata.LogEntry> metadataLog() {
        List<io.cairn.node.metadata.LogEntry> entries = new java.util.ArrayList<>();
        io.cairn.node.metadata.log.LocalLog log = node.metadata().log();
        List<io.cairn.node.metadata.LogEntry> page = log.entriesAfter(io.cairn.node.metadata.Epoch.EMPTY,
                io.cairn.node.metadata.log.LocalLog.MAX_ENTRIES_PER_READ);
        while (!page.isEmpty()) {
            entries.addAll(page);
            page = log.entriesAfter(page.get(page.size() - 1).epoch(),
                    io.cairn.node.metadata.log.LocalLog.MAX_ENTRIES_PER_READ);
        }
        return entries;
    }

    /**
     * The snapshot of the entry that prepared {@code leaving}'s decommission, as this node's log
     * has it (its ring before and the ring after), if the log still keeps it.
     */
    java.util.Optional<io.cairn.node.metadata.ClusterMetadata> preparedLeaveOf(SimNode leaving) {
        io.cairn.node.metadata.NodeId id = new io.cairn.node.metadata.NodeId(leaving.hostId());
        return lastPrepared(entry -> entry instanceof io.cairn.node.metadata.PrepareLeave leave && leave.node().equals(id));
    }

    /**
     * The snapshot of the last entry that prepared {@code mover}'s move, as this node's log has it
     * (its ring before and the ring after), if the log still keeps it.
     */
    java.util.Optional<io.cairn.node.metadata.ClusterMetadata> preparedMoveOf(SimNode mover) {
        io.cairn.node.metadata.NodeId id = new io.cairn.node.metadata.NodeId(mover.hostId());
        return lastPrepared(entry -> entry instanceof io.cairn.node.metadata.PrepareMove move && move.node().equals(id));
    }

    /** The snapshot of the last entry of this node's log that {@code preparing} accepts, if the log still keeps it. */
    private java.util.Optional<io.cairn.node.metadata.ClusterMetadata> lastPrepared(
            java.util.function.Predicate<io.cairn.node.metadata.Transformation> preparing) {
        io.cairn.node.metadata.Epoch prepared = null;
        for (io.cairn.node.metadata.LogEntry entry : metadataLog()) {
            if (preparing.test(entry.transformation())) {
                prepared = entry.epoch();
            }
        }
        return prepared == null ? java.util.Optional.empty() : node.metadata().log().at(prepared);
    }

    /** Why this node's metadata log stopped applying entries, if it did. */
    java.util.Optional<String> metadataHalted() {
        return node.metadata().log().halted();
    }

    /**
     * The tokens this node takes on its first start (a replacement: the dead node's), or the
     * tokens it moved to.
     */
    List<Long> tokens() {
        return tokens;
    }

    /** Whether this node has moved to other tokens since it joined. */
    boolean hasMoved() {
        return hasMoved;
    }

    /** This node's host id (once it has started). */
    java.util.UUID hostId() {
        return node.hostId();
    }

    /** The node's CQL entry point, as its native transport uses it. */
    QueryProcessor queryProcessor() {
        return node.queryProcessor();
    }

    boolean isUp() {
        return isUp;
    }

    /** Up and joined: what clients may connect to (a joining node serves no client yet). */
    boolean isServing() {
        return isUp && bootstrapped;
    }

    boolean isBootstrapped() {
        return bootstrapped;
    }

    /** Opens storage and schema only (to load the schema before the node first starts). */
    void openStorage() {
        storage = new KvStorageEngine(store, clock, scheduler, StorageLimits.DEFAULTS, Duration.ZERO);
        schema = new SchemaManager(storage, clock, random, new StatementParser());
        schema.start();
    }

    /** Starts the node's process on what its storage holds. */
    void start() {
        scheduler.newIncarnation();
        storage = new KvStorageEngine(store, clock, scheduler, StorageLimits.DEFAULTS, PURGE_INTERVAL);
        messaging = planted(network.join(address, scheduler));
        NodeSettings settings = new NodeSettings("Simulated Cluster", "datacenter1", "rack1", tokens.size(), tokens,
                seeds, !initialMember, READ_TIMEOUT, WRITE_TIMEOUT, config.hintedHandoff(),
                HintStore.MAX_HINTS_PER_TARGET, HINT_REPLAY_INTERVAL, HINT_REPLAY_INTERVAL, JOIN_RETRY)
                .withRepair(config.autoRepair() ? REPAIR : REPAIR.withAutomatic(false));
        if (config.plant() == Plant.PURGE_WITHOUT_REPAIR) {
            // Before each sweep, every range of every user table counts as repaired now: gc
            // grace alone decides.
            scheduler.scheduleWithFixedDelay(PURGE_INTERVAL.minusSeconds(1), PURGE_INTERVAL, this::markAllRepaired);
        }
        if (replacing != null) {
            settings = settings.replacing(replacing);
        }
        UnaryOperator<Topology> plantedTopology = switch (config.plant()) {
            case FALSE_DOWN -> real -> falselyDown(real, next);
            // One coordinator behind the others: alike, all nodes would agree on the old ring.
            case STALE_COORDINATOR_EPOCH -> index == 0 ? this::laggingBehind : UnaryOperator.identity();
            default -> UnaryOperator.identity();
        };
        if (config.plant() == Plant.COUNTER_SHARD_NOT_RENEWED) {
            // The node forgets the incarnations it took: it leads under incarnation 1 again, the
            // shard whose latest states a crash may have lost here while its replicas kept them.
            storage.dropTable(io.cairn.node.counter.ShardIncarnation.TABLE);
        }
        // No thread may wait here: work that would leave the scheduler's thread runs on it as a
        // task of its own (batchlog replay included, which chains its writes without waiting).
        Node started = new Node(settings, new NodeDependencies(clock, scheduler, random, messaging, storage,
                task -> scheduler.schedule(Duration.ZERO, task), ReplicaStage.onCallingThread(), plantedTopology,
                PaxosFaults.ballots(config.plant(), clock), this::plantedCopies, this::plantedRepairRanges,
                replica -> config.plant() != Plant.INCREMENTAL_OWN_LIST_ONLY || replica == 0));
        node = started;
        if (autoRepairStopped) {
            started.autoRepair().stop();
        }
        schema = started.schema();
        topology = started.topology();
        coordinator = started.coordinator();
        started.addJoinListener(new Progress());
        if (config.periodicSync()) {
            scheduler.scheduleWithFixedDelay(COMMIT_LOG_SYNC_PERIOD, COMMIT_LOG_SYNC_PERIOD,
                    () -> store.replayChangesOnto(durable));
        }
        isUp = true;
        started.start(new InetSocketAddress(address.host(), NATIVE_PORT)).whenComplete((joined, error) -> {
            if (started != node) {
                return;
            }
            if (error == null) {
                bootstrapped = true;
            } else {
                events.accept("node " + (index + 1) + " could not start: " + error.getMessage());
                gaveUpListener.accept(error.getMessage());
            }
        });
    }

    /** Whether automatic repair is stopped on this node (for the final checks), in this and later incarnations. */
    private boolean autoRepairStopped;

    /** Stops automatic repair on this node, now and after any restart: the final checks judge their own repairs. */
    void stopAutoRepair() {
        autoRepairStopped = true;
        if (node != null) {
            node.autoRepair().stop();
        }
    }

    /** The sub-ranges a repair synchronizes: all it found different, or all but the first under the plant. */
    private List<io.cairn.storage.TokenRange> plantedRepairRanges(List<io.cairn.storage.TokenRange> differing) {
        return config.plant() == Plant.REPAIR_SKIPS_A_RANGE && !differing.isEmpty()
                ? differing.subList(1, differing.size()) : differing;
    }

    /** The planted purge: marks every user table repaired over the whole ring, now. */
    private void markAllRepaired() {
        if (!isUp || schema == null) {
            return;
        }
        var keyspace = schema.current().keyspace(Simulation.KEYSPACE);
        if (keyspace == null) {
            return;
        }
        for (var table : keyspace.tables().values()) {
            try {
                storage.markRepaired(table.tableId(), io.cairn.storage.TokenRange.FULL, clock.currentTimeSeconds());
            } catch (io.cairn.storage.UnknownTableException notYet) {
                // Its storage comes with the schema.
            }
        }
    }

    /**
     * How this node's copies run: as they are, but under {@link Plant#LEAVE_BEFORE_STREAMED} a
     * joined node's (a decommission's, a removal's or a move's) and under {@link Plant#REPLACE_WITHOUT_COPY}
     * a replacement's own, which then copy nothing and go on as if done.
     */
    private java.util.function.Supplier<java.util.concurrent.CompletableFuture<Long>> plantedCopies(
            java.util.function.Supplier<java.util.concurrent.CompletableFuture<Long>> copy) {
        boolean skipped = switch (config.plant()) {
            case LEAVE_BEFORE_STREAMED -> bootstrapped;
            case REPLACE_WITHOUT_COPY -> replacing != null && !bootstrapped;
            default -> false;
        };
        return skipped ? () -> java.util.concurrent.CompletableFuture.completedFuture(0L) : copy;
    }

    /**
     * Traces the join; makes system.local durable when the node writes its tokens and when it
     * has joined, as Cassandra flushes system.local then (a crash loses neither).
     */
    private final class Progress implements JoinListener {

        @Override
        public void tokensChosen(List<Long> chosen) {
            sync();
        }

        @Override
        public void copyingData() {
            events.accept("node " + (index + 1) + " copies the data of its ranges");
            copyStartedMicros = clock.nanoTime() / 1_000L;
        }

        @Override
        public void attemptFailed(Throwable error) {
            events.accept("node " + (index + 1) + " could not join: " + error.getMessage());
        }

        @Override
        public void joined(long partitions) {
            sync();
            events.accept("node " + (index + 1) + " joined the ring (" + partitions + " partitions received)");
            joinedListener.accept(copyStartedMicros >= 0 ? copyStartedMicros : clock.nanoTime() / 1_000L);
        }
    }

    /**
     * Decommissions this node; {@code done} hears whether it left (with why not), unless the
     * node crashes first (its process, and the attempt, vanish).
     */
    void decommission(java.util.function.BiConsumer<Boolean, String> done) {
        whenDone(node, node.decommission(), "left the ring", done);
    }

    /**
     * Moves this node to {@code moved}; {@code done} hears whether it moved (with why not),
     * unless the node crashes first (its process, and the attempt, vanish).
     */
    void move(List<Long> moved, java.util.function.BiConsumer<Boolean, String> done) {
        whenDone(node, node.move(new java.util.TreeSet<>(moved)), "moved to other tokens", (ok, why) -> {
            if (ok) {
                tokens = List.copyOf(moved);
                hasMoved = true;
            }
            done.accept(ok, why);
        });
    }

    /**
     * Tells {@code done} how {@code operation} of {@code process} ended, with {@code what} traced
     * when it succeeded; nothing when the process is gone by then.
     */
    private void whenDone(Node process, java.util.concurrent.CompletionStage<Long> operation, String what,
                          java.util.function.BiConsumer<Boolean, String> done) {
        operation.whenComplete((partitions, error) -> {
            if (process != node || !isUp) {
                return;
            }
            if (error == null) {
                events.accept("node " + (index + 1) + " " + what + " (" + partitions + " partitions copied)");
                done.accept(true, null);
            } else {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                done.accept(false, cause.getMessage());
            }
        });
    }

    /**
     * Removes the dead node {@code hostId} from the ring, run on this node; {@code done} hears
     * whether it was removed (with why not), unless this node crashes first.
     */
    void removeNode(java.util.UUID hostId, java.util.function.BiConsumer<Boolean, String> done) {
        whenDone(node, node.removeNode(hostId), "removed " + hostId, done);
    }

    /**
     * As an operator would when a movement waits for a node that is lost: aborts the movement in
     * progress (if still the one of {@code stuck}), then removes {@code hostId}.
     */
    void abortThenRemove(java.util.UUID stuck, java.util.UUID hostId,
                         java.util.function.BiConsumer<Boolean, String> done) {
        Node process = node;
        events.accept("node " + (index + 1) + " aborts the movement of " + stuck + ", which waits for a lost node");
        whenDone(process, process.abortMovement(stuck).handle((epoch, failure) -> null)
                .thenCompose(aborted -> process.removeNode(hostId)), "removed " + hostId, done);
    }

    /**
     * Repairs {@code table} of {@code keyspace} in the ranges this node replicates, comparing
     * every partition ({@code full}) or those written since the last repair (see {@code Node.repair}).
     */
    java.util.concurrent.CompletableFuture<io.cairn.node.repair.Repair.Result> repair(String keyspace, String table,
                                                                                     boolean full) {
        return node.repair(keyspace, table, full, null).toCompletableFuture();
    }

    /** Drops this node's copy of {@code partition} of {@code table}, as a failed disk under it would. */
    void loseCopy(io.cairn.node.schema.TableMetadata table, io.cairn.storage.PartitionKey partition) {
        long token = partition.token();
        node.storage().dropRange(table.tableId(), new io.cairn.storage.TokenRange(token, true, token, true), () -> true);
    }

    /**
     * Writes this node's copy of {@code partition} of {@code table} again, as it is: what a write
     * this node got and another replica missed leaves behind (the partition listed as unrepaired).
     */
    void writeAgain(io.cairn.node.schema.TableMetadata table, io.cairn.storage.PartitionKey partition) {
        io.cairn.storage.PartitionUpdate stored = node.storage().exportPartition(table.tableId(), partition);
        if (!stored.isEmpty()) {
            node.storage().apply(table.tableId(), stored);
        }
    }

    /** This node's current cluster metadata (its log's last snapshot). */
    io.cairn.node.metadata.ClusterMetadata metadata() {
        return node.metadata().current();
    }

    /** The host id of the node whose movement is in progress in this node's log, or null. */
    java.util.UUID movingNode() {
        io.cairn.node.metadata.RangeMovement movement = node.metadata().current().movement();
        return movement == null ? null : movement.node().hostId();
    }

    /** The epoch of this node's cluster metadata log. */
    long epoch() {
        return node.metadata().current().epoch().value();
    }

    /** Whether this node is down for good (its machine is lost): nobody restarts it. */
    boolean isLost() {
        return lost;
    }

    /** Marks this node down for good. */
    void lose() {
        lost = true;
    }

    private boolean lost;

    /** Hears, once this node has joined, when it began copying (virtual microseconds). */
    void onJoined(Consumer<Long> listener) {
        this.joinedListener = listener;
    }

    private Consumer<Long> joinedListener = started -> { };

    /**
     * When this node last began copying its ranges' data (virtual microseconds), or -1: kept
     * across its processes, as a process started again after the copy goes on from the log's step.
     */
    private long copyStartedMicros = -1;

    /** Hears why this node's process gave up joining (refused for good): its operator must start it again. */
    void onGaveUp(Consumer<String> listener) {
        this.gaveUpListener = listener;
    }

    private Consumer<String> gaveUpListener = why -> { };

    /**
     * Kills the process: its timers and in-flight work vanish, its connections close; under
     * periodic sync its storage falls back to what the commit log last synced.
     */
    void crash() {
        isUp = false;
        disarm();
        scheduler.newIncarnation();
        messaging.close();
        if (config.periodicSync()) {
            useStore(durable.copy());
        }
    }

    /** Makes what storage holds durable now (after the schema is written, before the run). */
    void sync() {
        if (config.periodicSync()) {
            store.replayChangesOnto(durable);
        } else {
            durable = store.copy();
        }
    }

    private static Topology falselyDown(Topology real, NodeAddress victim) {
        return planned(real, node -> !node.equals(victim) && real.isAlive(node), real::epoch);
    }

    /** How many epochs behind a coordinator plans under {@link Plant#STALE_COORDINATOR_EPOCH}. */
    static final int STALE_PLAN_LAG = 6;

    /**
     * The placements of the snapshot {@link #STALE_PLAN_LAG} epochs back (as far back as the log
     * keeps), stamped with the current epoch: a coordinator that missed the last steps of a
     * movement, and hides it from the replicas' epoch check.
     */
    private Topology laggingBehind(Topology real) {
        java.util.function.Supplier<io.cairn.node.metadata.ClusterMetadata> lagging = () -> {
            io.cairn.node.metadata.log.LocalLog log = node.metadata().log();
            io.cairn.node.metadata.ClusterMetadata now = log.current();
            for (long back = STALE_PLAN_LAG; back > 0; back--) {
                long epoch = now.epoch().value() - back;
                var then = epoch < 1 ? java.util.Optional.<io.cairn.node.metadata.ClusterMetadata>empty()
                        : log.at(io.cairn.node.metadata.Epoch.of(epoch));
                if (then.isPresent()) {
                    return then.get();
                }
            }
            return now;
        };
        return planned(new io.cairn.node.metadata.MetadataTopology(real.self(), real.localDataCenter(), lagging,
                real::isAlive, name -> io.cairn.node.schema.SystemKeyspaces.isSystem(name)
                        ? node.schema().current().keyspace(name) : null), real::isAlive, real::epoch);
    }

    /** {@code placements}' answers, but {@code alive} says who is up and {@code epoch} what requests are stamped with. */
    private static Topology planned(Topology placements, java.util.function.Predicate<NodeAddress> alive,
                                    java.util.function.LongSupplier epoch) {
        return new Topology() {
            @Override
            public NodeAddress self() {
                return placements.self();
            }

            @Override
            public List<NodeAddress> replicasFor(String keyspace, long token) {
                return placements.replicasFor(keyspace, token);
            }

            @Override
            public String dataCenterOf(NodeAddress node) {
                return placements.dataCenterOf(node);
            }

            @Override
            public int replicationFactor(String keyspace, String dataCenter) {
                return placements.replicationFactor(keyspace, dataCenter);
            }

            @Override
            public boolean isAlive(NodeAddress node) {
                return alive.test(node);
            }

            @Override
            public List<NodeAddress> pendingFor(String keyspace, long token) {
                return placements.pendingFor(keyspace, token);
            }

            @Override
            public List<Long> ringTokens() {
                return placements.ringTokens();
            }

            @Override
            public long epoch() {
                return epoch.getAsLong();
            }

            @Override
            public List<NodeAddress> members() {
                return placements.members();
            }
        };
    }

    /**
     * Arms this node to crash as it first sends a write of {@code table}: {@code crash} runs
     * then, and the node sends nothing more until it has crashed (a coordinator dying between
     * the parts of a batch). A crash or restart disarms it.
     */
    void crashBeforeWriting(String table, Runnable crash) {
        TableId id = TableId.parse(table);
        crashBeforeSending((verb, payload) -> writes(verb, payload, id), crash);
    }

    /**
     * Arms this node to crash as it first sends a message {@code matches} accepts: {@code crash}
     * runs then, and the node sends nothing more until it has crashed. A crash or restart
     * disarms it.
     */
    void crashBeforeSending(BiPredicate<Verb, byte[]> matches, Runnable crash) {
        crashBefore = matches;
        onCrashBefore = crash;
    }

    /**
     * Arms this node to crash soon after it first sends a write of {@code table}: the write is
     * sent, and {@code crash} runs (it schedules the crash). A crash or restart disarms it.
     */
    void crashAfterWriting(String table, Runnable crash) {
        TableId id = TableId.parse(table);
        crashAfter = (verb, payload) -> writes(verb, payload, id);
        onCrashAfter = crash;
    }

    /** Disarms {@link #crashBeforeSending} and {@link #crashAfterWriting}. */
    void disarm() {
        crashBefore = null;
        crashAfter = null;
    }

    private BiPredicate<Verb, byte[]> crashAfter;
    private Runnable onCrashAfter;

    private BiPredicate<Verb, byte[]> crashBefore;
    private Runnable onCrashBefore;
    /** Armed and the write seen: the process is dying and sends nothing more. */
    private boolean dying;

    /** Whether {@code payload} of {@code verb} is a write to {@code table}. */
    private static boolean writes(Verb verb, byte[] payload, TableId table) {
        return verb == Verb.MUTATION && MutationMessage.deserialize(payload).table().equals(table);
    }

    /** What this node sends: nothing while it dies, and no schema under the planted fault. */
    private boolean sends(Verb verb, byte[] payload) {
        if (dying) {
            return false;
        }
        if (crashBefore != null && crashBefore.test(verb, payload)) {
            dying = true;
            onCrashBefore.run();
            return false;
        }
        if (crashAfter != null && crashAfter.test(verb, payload)) {
            crashAfter = null;
            onCrashAfter.run();
        }
        return !(config.plant() == Plant.METADATA_NOT_PROPAGATED
                && (verb == Verb.METADATA_PUSH || verb == Verb.METADATA_FETCH));
    }

    /** The handler of {@code verb}, with the planted replica fault when there is one. */
    private MessageHandler planted(MessagingService real, Verb verb, MessageHandler handler) {
        if (paxosFaults != null) {
            return paxosFaults.handler(verb, handler);
        }
        MessageHandler acknowledgeOnly = message -> real.respond(message, new byte[0]);
        return switch (config.plant()) {
            case SKIP_READ_REPAIR -> verb == Verb.READ_REPAIR ? acknowledgeOnly : handler;
            case REPAIR_WRITES_DROPPED -> verb == Verb.REPAIR_WRITE ? acknowledgeOnly : handler;
            case ACK_WITHOUT_APPLY -> verb == Verb.MUTATION || verb == Verb.HINT ? acknowledgeOnly : handler;
            case BATCHLOG_NOT_STORED -> verb == Verb.BATCH_STORE ? acknowledgeOnly : handler;
            case LIST_APPENDS_DROPPED -> verb != Verb.MUTATION ? handler : message -> {
                if (writes(verb, message.payload(), LISTS)) {
                    acknowledgeOnly.handle(message);
                } else {
                    handler.handle(message);
                }
            };
            default -> handler;
        };
    }

    private static final TableId LISTS = TableId.parse(Workload.LISTS);

    /** The planted Paxos faults of this incarnation, or null. */
    private PaxosFaults paxosFaults;

    /**
     * The node's messaging, with the planted fault when there is one, and the nemesis's
     * crash between a batch's parts.
     */
    private MessagingService planted(MessagingService real) {
        dying = false;
        crashBefore = null;
        crashAfter = null;
        paxosFaults = PaxosFaults.isPaxos(config.plant()) ? PaxosFaults.of(config.plant(), storage, real) : null;
        return new MessagingService() {
            @Override
            public NodeAddress localAddress() {
                return real.localAddress();
            }

            @Override
            public void registerHandler(Verb verb, MessageHandler handler) {
                real.registerHandler(verb, planted(real, verb, handler));
            }

            @Override
            public void sendOneWay(NodeAddress to, Verb verb, byte[] payload) {
                if (sends(verb, payload)) {
                    real.sendOneWay(to, verb, payload);
                }
            }

            @Override
            public void sendRequest(NodeAddress to, Verb verb, byte[] payload, Duration timeout,
                                    ResponseCallback callback) {
                if (sends(verb, payload)) {
                    real.sendRequest(to, verb, payload, timeout, callback);
                }
            }

            @Override
            public void sendRequest(NodeAddress to, Verb verb, byte[] payload, long epoch, Duration timeout,
                                    ResponseCallback callback) {
                if (sends(verb, payload)) {
                    real.sendRequest(to, verb, payload, epoch, timeout, callback);
                }
            }

            @Override
            public void respond(Message request, byte[] payload) {
                real.respond(request, paxosFaults == null ? payload : paxosFaults.response(request, payload));
            }

            @Override
            public void useEpochs(java.util.function.LongSupplier localEpoch,
                                  io.cairn.cluster.messaging.EpochObserver observer) {
                real.useEpochs(localEpoch, observer);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }
}
