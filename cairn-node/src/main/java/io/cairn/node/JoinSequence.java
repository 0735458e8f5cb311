package io.cairn.node;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.Gossiper;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.node.agreement.MetadataService;
import io.cairn.node.bootstrap.Bootstrap;
import io.cairn.node.metadata.AdvanceMovement;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.MetadataTopology;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.PrepareJoin;
import io.cairn.node.metadata.PrepareReplace;
import io.cairn.node.metadata.RangeMovement;
import io.cairn.node.metadata.Register;
import io.cairn.node.ring.TokenAllocator;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.system.LocalNodeInfo;
import io.cairn.node.system.LocalTables;
import io.cairn.node.system.PeersTables;
import io.cairn.storage.StorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * How a node enters the ring, through the cluster metadata log, every wait a step on the
 * scheduler. The first node starts the log in the ring. A new node learns the log from a seed,
 * refuses to silently take the place of a node the log has at its address, chooses its tokens
 * against the log's ring, and joins in the log's steps: it registers, prepares its join, starts
 * it (from then on every node writes its future ranges to it too), waits until every node has
 * that step, copies the data of its future ranges, moves to MID (reads go to the new ring),
 * waits again, and finishes. Each step is an entry, so a node that stopped midway resumes at
 * the step the log has. A node that has its data already (it joined before the log held the
 * ring) or is told not to bootstrap takes the same steps without copying.
 *
 * <p>A new node told to replace a dead one ({@link NodeSettings#replaceAddress()}) takes the
 * same steps with the dead node's tokens: it prepares a replace instead of a join, once gossip
 * has the dead node down, and copies every range from the replicas that stay.
 */
final class JoinSequence {

    private static final Logger LOG = LoggerFactory.getLogger(JoinSequence.class);

    /** How long a replacement waits for gossip to have the node it replaces down before it refuses. */
    static final Duration REPLACED_DOWN_WAIT = Duration.ofSeconds(30);

    static final String NORMAL = "NORMAL";
    /** The gossip STATUS of a node that is receiving its data. */
    static final String JOINING = "JOINING";

    /** How long a new node waits to receive the cluster metadata log from its seeds. */
    static final Duration RING_WAIT = Duration.ofSeconds(10);

    /** How often a node waiting for another node's movement looks again. */
    static final Duration MOVEMENT_POLL = Duration.ofMillis(500);

    /** How long a node waits for another node's movement to finish before its attempt fails. */
    static final Duration MOVEMENT_WAIT = Duration.ofMinutes(2);

    /** How long a node that copies no data waits, after starting, to be in the ring before it serves anyway. */
    static final Duration IN_RING_WAIT = MetadataService.LOG_WAIT;

    /** Why a node cannot join, which no retry changes: an operator must act. */
    static final class CannotJoinException extends IllegalStateException {
        CannotJoinException(String message) {
            super(message);
        }
    }

    /** Whether retrying cannot help: the node cannot join, or the log refused an entry for good. */
    private static boolean isFinal(Throwable cause) {
        return cause instanceof CannotJoinException
                || cause instanceof io.cairn.node.agreement.MetadataCommitter.RejectedException;
    }

    /** The next thing a node does to join, as the log says. */
    enum Step {
        /** Enter the directory. */
        REGISTER,
        /** Prepare this node's join with its tokens. */
        PREPARE,
        /** Another node's movement runs: one at a time. */
        WAIT_FOR_MOVEMENT,
        /** Start the join: writes go to this node too. */
        START,
        /** Wait for every node to have STARTED, copy the data, then go to MID. */
        RECEIVE,
        /** Wait for every node to have MID, then finish. */
        FINISH,
        /** In the ring. */
        JOINED
    }

    /**
     * The next step of {@code node}'s join in {@code metadata}. Throws {@link CannotJoinException}
     * when the node cannot join: it has left, or another kind of movement is its own.
     */
    static Step nextStep(ClusterMetadata metadata, NodeId node) {
        NodeRecord record = metadata.directory().get(node);
        if (record == null) {
            return Step.REGISTER;
        }
        if (record.state() == NodeState.JOINED) {
            return Step.JOINED;
        }
        refuseIfLeft(metadata, node);
        RangeMovement movement = metadata.movement();
        if (movement == null) {
            return Step.PREPARE;
        }
        if (!movement.node().equals(node)) {
            return Step.WAIT_FOR_MOVEMENT;
        }
        if (movement.kind() != RangeMovement.Kind.JOIN && movement.kind() != RangeMovement.Kind.REPLACE) {
            throw new CannotJoinException("This node's movement is a " + movement.kind() + ", not a join or a "
                    + "replace");
        }
        return switch (movement.step()) {
            case PREPARED -> Step.START;
            case STARTED -> Step.RECEIVE;
            case MID -> Step.FINISH;
        };
    }

    private final NodeSettings settings;
    private final Clock clock;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final MessagingService messaging;
    private final StorageEngine storage;
    private final SchemaManager schema;
    private final Gossiper gossiper;
    private final MetadataService metadata;
    private final MetadataTopology topology;
    private final List<NodeAddress> seeds;
    private final LocalNodeInfo info;
    private final List<JoinListener> listeners;
    private final Consumer<LocalTables> onLocalTables;
    private volatile boolean cancelled;
    /** How this node's copy of its ranges runs (as is, but in the simulator's planted bug). */
    private final java.util.function.UnaryOperator<Supplier<CompletableFuture<Long>>> copies;
    /** Copies the ranges this node receives (their data and Paxos registers). */
    private final Supplier<Bootstrap> bootstrap;
    /** The address of the dead node this node replaces, on its first start; null when it joins as its own. */
    private volatile NodeAddress replacing;

    JoinSequence(NodeSettings settings, NodeDependencies dependencies, SchemaManager schema, Gossiper gossiper,
                 MetadataService metadata, MetadataTopology topology, List<NodeAddress> seeds, LocalNodeInfo info,
                 List<JoinListener> listeners, Consumer<LocalTables> onLocalTables, Supplier<Bootstrap> bootstrap) {
        this.bootstrap = bootstrap;
        this.settings = settings;
        this.clock = dependencies.clock();
        this.scheduler = dependencies.scheduler();
        this.random = dependencies.random();
        this.messaging = dependencies.messaging();
        this.storage = dependencies.storage();
        this.copies = dependencies.copies();
        this.schema = schema;
        this.gossiper = gossiper;
        this.metadata = metadata;
        this.topology = topology;
        this.seeds = seeds;
        this.info = info;
        this.listeners = listeners;
        this.onLocalTables = onLocalTables;
    }

    /** Stops waiting: a step still pending fails instead of going on. */
    void cancel() {
        cancelled = true;
    }

    /**
     * Whether a node starting now must receive its data before it serves: it bootstraps (it has
     * seeds other than itself and auto_bootstrap) and has not joined before, so it is a new node
     * or a replacement. A node that joined before serves its ranges at once.
     */
    static boolean receivesData(NodeSettings settings, List<NodeAddress> seeds, StorageEngine storage,
                                SchemaManager schema, long nowSeconds) {
        return settings.autoBootstrap() && !seeds.isEmpty()
                && !LocalTables.isBootstrapped(storage, schema.current(), nowSeconds);
    }

    /**
     * Runs the sequence; completes with this node's system.local once it is in the ring. A node
     * that copies no data completes after at most {@link #IN_RING_WAIT} and goes on entering
     * the ring in the background.
     */
    CompletableFuture<LocalTables> run() {
        long nowSeconds = clock.currentTimeSeconds();
        boolean receives = receivesData(settings, seeds, storage, schema, nowSeconds);
        if (settings.replaceAddress() != null && seeds.isEmpty()) {
            throw new CannotJoinException("replace_address " + settings.replaceAddress() + " needs a seed other than "
                    + "this node to learn the cluster from: list another node of the cluster in seeds");
        }
        replacing = receives ? settings.replaceAddress() : null;
        if (settings.replaceAddress() != null && !receives) {
            LOG.info("replace_address {} is ignored: this node has its data already", settings.replaceAddress());
        }
        // The nodes this node last knew, until gossip confirms or corrects them.
        PeersTables.remembered(storage, schema.current(), nowSeconds).forEach(gossiper::remember);
        Map<ApplicationState, String> states = new EnumMap<>(ApplicationState.class);
        states.put(ApplicationState.DATA_CENTER, settings.dataCenter());
        states.put(ApplicationState.RACK, settings.rack());
        states.put(ApplicationState.RELEASE_VERSION, LocalNodeInfo.RELEASE_VERSION);
        metadata.catchUpFrom(seeds);
        if (!receives) {
            LocalTables local = openLocal(true);
            refuseIfLeft(metadata.current(), new NodeId(local.hostId()));
            states.putAll(readyStates(local));
            states.put(ApplicationState.STATUS, NORMAL);
            gossiper.start(states);
            // A move that finished while gossip started: its tokens, which the log gave system.local.
            String tokens = tokensState(local.tokens());
            if (!tokens.equals(states.get(ApplicationState.TOKENS))) {
                gossiper.setState(ApplicationState.TOKENS, tokens);
            }
            enterLog(local);
            CompletableFuture<Long> inRing = new CompletableFuture<>();
            keepTrying(() -> joinRing(local, false), inRing);
            CompletableFuture<LocalTables> started = new CompletableFuture<>();
            inRing.whenComplete((partitions, failure) -> {
                if (failure == null) {
                    started.complete(local);
                } else {
                    started.completeExceptionally(failure);
                }
            });
            scheduler.schedule(IN_RING_WAIT, () -> {
                if (started.complete(local)) {
                    LOG.warn("Node {} is not in the ring of the cluster metadata log {} s after it started; it "
                            + "serves meanwhile and goes on entering it", topology.self(), IN_RING_WAIT.toSeconds());
                }
            });
            return started;
        }
        // A new node learns the log first, so that its tokens can balance ownership.
        states.put(ApplicationState.STATUS, JOINING);
        gossiper.start(states);
        return attempt(this::learnLog).thenCompose(ignored -> {
            LocalTables local = openLocal(false);
            // Its tokens are announced once it has joined: drivers and peers tables list a node
            // (by its tokens) when it can serve, and a replacement's are still the dead node's.
            Map<ApplicationState, String> ready = readyStates(local);
            String tokens = ready.remove(ApplicationState.TOKENS);
            ready.forEach(gossiper::setState);
            enterLog(local);
            return attempt(() -> joinRing(local, true)).thenApply(partitions -> {
                local.setBootstrapped(true);
                local.write(schema.current(), clock.currentTimeMicros());
                gossiper.setState(ApplicationState.TOKENS, tokens);
                gossiper.setState(ApplicationState.STATUS, NORMAL);
                listeners.forEach(listener -> listener.joined(partitions));
                return local;
            });
        });
    }

    /**
     * A node that left (decommissioned, removed or replaced) never serves again with the data it
     * had, as Cassandra refuses to start a decommissioned node: its ranges are others' now.
     */
    private static void refuseIfLeft(ClusterMetadata metadata, NodeId node) {
        NodeRecord record = metadata.directory().get(node);
        if (record != null && record.state() == NodeState.LEFT) {
            throw new CannotJoinException("This node (host id " + node + ") has left the cluster (at or before "
                    + metadata.epoch() + "): it will not serve the data it had. Start it with an empty data "
                    + "directory to join as a new node");
        }
    }

    /** This node as it registers in the cluster metadata log. */
    private NodeRecord record(LocalTables local) {
        return new NodeRecord(new NodeId(local.hostId()), topology.self(),
                new NodeAddress(info.nativeAddress().getHostAddress(), info.nativePort()), settings.dataCenter(),
                settings.rack(), NodeState.REGISTERED, LocalNodeInfo.RELEASE_VERSION);
    }

    /** Starts this node's part in the log (the first node starts the log with itself in the ring). */
    private void enterLog(LocalTables local) {
        metadata.start(record(local), new TreeSet<>(local.tokens()), schema::userSchema);
    }

    /** Reads (or on first start chooses) this node's host id and tokens, and writes system.local. */
    private LocalTables openLocal(boolean bootstrapped) {
        LocalTables local = LocalTables.open(storage, schema.current(), info, random, clock.currentTimeSeconds(),
                this::chooseTokens);
        local.setBootstrapped(bootstrapped);
        local.write(schema.current(), clock.currentTimeMicros());
        onLocalTables.accept(local);
        listeners.forEach(listener -> listener.tokensChosen(local.tokens()));
        return local;
    }

    private List<Long> chooseTokens() {
        if (replacing != null) {
            NodeRecord dead = replacedNode(metadata.current());
            return List.copyOf(metadata.current().tokens().get(dead.id()));
        }
        return settings.initialTokens().isEmpty()
                ? TokenAllocator.allocate(ringOwners(), settings.numTokens(), random) : settings.initialTokens();
    }

    /** The gossip state of a node's tokens. */
    static String tokensState(java.util.Collection<Long> tokens) {
        StringBuilder state = new StringBuilder();
        for (long token : tokens) {
            state.append(state.length() == 0 ? "" : ",").append(token);
        }
        return state.toString();
    }

    private Map<ApplicationState, String> readyStates(LocalTables local) {
        Map<ApplicationState, String> ready = new EnumMap<>(ApplicationState.class);
        ready.put(ApplicationState.HOST_ID, local.hostId().toString());
        ready.put(ApplicationState.TOKENS, tokensState(local.tokens()));
        ready.put(ApplicationState.NATIVE_ADDRESS, info.nativeAddress().getHostAddress() + ":" + info.nativePort());
        ready.put(ApplicationState.SCHEMA_VERSION, schema.current().version().toString());
        return ready;
    }

    /**
     * Waits until this node has the cluster metadata log (bounded by {@link #RING_WAIT}). A new
     * node that hears from no seed does not start on its own: it would form a separate cluster
     * (a seed of another cluster refuses it, and says why).
     */
    private CompletableFuture<Void> learnLog() {
        return metadata.awaitLog(RING_WAIT).thenCompose(has -> {
            if (!has) {
                throw noRingError();
            }
            // The whole log, as a seed has it, before judging this node's address against it; and
            // gossip hearing from a node of the ring: data is copied only from live nodes.
            return metadata.catchUpWith(seeds, RING_WAIT)
                    .thenCompose(caughtUp -> await(this::anyRingMemberAlive, RING_POLL, RING_WAIT));
        });
    }

    /** How often a new node looks again whether gossip has heard from a node of the ring. */
    static final Duration RING_POLL = Duration.ofMillis(50);

    /** Whether gossip has another node of the log's ring alive. */
    private boolean anyRingMemberAlive() {
        ClusterMetadata current = metadata.current();
        return current.tokens().keySet().stream().map(id -> current.directory().get(id).address())
                .anyMatch(node -> !node.equals(topology.self()) && topology.isAlive(node));
    }

    /** Completes once {@code condition} holds, looking every {@code poll}, or after {@code limit} anyway. */
    private CompletableFuture<Void> await(java.util.function.BooleanSupplier condition, Duration poll,
                                          Duration limit) {
        if (condition.getAsBoolean() || limit.isNegative() || limit.isZero() || cancelled) {
            return CompletableFuture.completedFuture(null);
        }
        return delay(poll).thenCompose(waited -> await(condition, poll, limit.minus(poll)));
    }

    private IllegalStateException noRingError() {
        StringBuilder why = new StringBuilder();
        for (NodeAddress seed : seeds) {
            String refusal = messaging.refusalBy(seed);
            why.append(why.length() == 0 ? "" : "; ").append(seed).append(": ")
                    .append(refusal != null ? "refused this node (" + refusal + ")" : "no answer");
        }
        return new IllegalStateException("This new node could not join: no seed told it the ring within "
                + RING_WAIT.toSeconds() + " s (" + why + "). Start a seed first, and check that "
                + "cluster_name and seeds match the cluster's.");
    }

    /**
     * A node starting without data whose address the log has in the ring was wiped (or is a
     * new machine reusing an address): joining would silently take the old node's place with
     * none of its data. Refused, with what to do instead. Judged on {@code current}, the
     * snapshot the node's first step into the log is taken on.
     */
    private void refuseToReplaceSilently(ClusterMetadata current, NodeId self) {
        current.directory().holderOf(topology.self(), NodeState.JOINED)
                .filter(holder -> !holder.id().equals(self) && !topology.self().equals(replacing))
                .ifPresent(previous -> {
            throw new CannotJoinException("A node with address " + topology.self() + " (host id "
                    + previous.id() + ") already owns tokens in this cluster, but this node "
                    + "has no data: it would take that node's place without its data. Restore the old data "
                    + "directory, or start this node with replace_address: " + topology.self().host()
                    + " to take the dead node's place and receive its data.");
        });
    }

    /**
     * The joined node at the address this node replaces, in {@code current}. Throws
     * {@link CannotJoinException} when the log has none there.
     */
    private NodeRecord replacedNode(ClusterMetadata current) {
        return current.directory().holderOf(replacing, NodeState.JOINED).orElseThrow(() -> new CannotJoinException(
                "replace_address " + replacing + " names no node in the ring of this cluster (at " + current.epoch()
                        + "): nothing to replace. Check the address, or start without replace_address to join as "
                        + "a new node"));
    }

    /**
     * Whether gossip has heard of the node at {@code replacing} from a process of it (not only
     * as remembered from the peers tables) and its failure detector has convicted it: a state
     * learnt from a live node's gossip counts as alive until its heartbeat stops.
     */
    private boolean replacedConvicted() {
        io.cairn.cluster.gossip.EndpointState state = gossiper.endpointStates().get(replacing);
        return state != null && state.generation() > 0 && !topology.isAlive(replacing);
    }

    /**
     * Prepares the replace of the node at {@code replacing}, once gossip has it down (a replacement
     * on the dead node's own address holds that address itself). Refused when it stays alive:
     * a live node is decommissioned, not replaced.
     */
    private CompletableFuture<ClusterMetadata> prepareReplace(NodeId id) {
        NodeRecord dead = replacedNode(metadata.current());
        CompletableFuture<Void> down = replacing.equals(topology.self()) ? CompletableFuture.completedFuture(null)
                : await(this::replacedConvicted, RING_POLL, REPLACED_DOWN_WAIT);
        return down.thenCompose(ignored -> {
            if (!replacing.equals(topology.self()) && topology.isAlive(replacing)) {
                throw new CannotJoinException("Cannot replace node " + dead.id() + " at " + replacing + ": it is "
                        + "alive. Decommission a live node instead, or stop it first");
            }
            LOG.info("Replacing node {} at {}, which is down, with its {} tokens", dead.id(), replacing,
                    metadata.current().tokens().get(dead.id()).size());
            return take(Step.PREPARE, id, () -> new PrepareReplace(id, replacedNode(metadata.current()).id()));
        });
    }

    /**
     * Takes this node's next steps into the ring until it is in it; completes with the
     * partitions received ({@code receive}: whether it copies its ranges' data).
     */
    private CompletableFuture<Long> joinRing(LocalTables local, boolean receive) {
        NodeRecord self = record(local);
        return metadata.awaitLog(RING_WAIT).thenCompose(has -> {
            if (!has) {
                throw noRingError();
            }
            return step(self, new TreeSet<>(local.tokens()), receive, 0L, -1L);
        });
    }

    /**
     * One step, then the next. {@code waitingSince}: when this node began waiting for another
     * node's movement (nanoseconds), or -1.
     */
    private CompletableFuture<Long> step(NodeRecord self, SortedSet<Long> tokens, boolean receive, long received,
                                         long waitingSince) {
        if (cancelled) {
            return CompletableFuture.failedFuture(new IllegalStateException("The node was closed before it joined"));
        }
        NodeId id = self.id();
        ClusterMetadata current = metadata.current();
        Step next = nextStep(current, id);
        if (receive && (next == Step.REGISTER || next == Step.PREPARE)) {
            refuseToReplaceSilently(current, id);
        }
        return switch (next) {
            case JOINED -> {
                LOG.info("Node {} is in the ring, at {}", id, current.epoch());
                yield CompletableFuture.completedFuture(received);
            }
            case REGISTER -> take(Step.REGISTER, id, () -> new Register(self))
                    .thenCompose(done -> step(self, tokens, receive, received, -1L));
            case PREPARE -> (replacing != null ? prepareReplace(id)
                    : take(Step.PREPARE, id, () -> new PrepareJoin(id, tokens)))
                    .thenCompose(done -> step(self, tokens, receive, received, -1L));
            case WAIT_FOR_MOVEMENT -> {
                long since = waitingSince < 0 ? clock.nanoTime() : waitingSince;
                if (clock.nanoTime() - since > MOVEMENT_WAIT.toNanos()) {
                    RangeMovement other = current.movement();
                    throw new IllegalStateException("The " + other.kind() + " of node " + other.node() + " has held "
                            + "the ring for " + MOVEMENT_WAIT.toMinutes() + " min (at " + other.step() + ", since "
                            + other.started() + "): one movement runs at a time");
                }
                yield delay(MOVEMENT_POLL).thenCompose(done -> step(self, tokens, receive, received, since));
            }
            case START -> take(Step.START, id, () -> new AdvanceMovement(id, AdvanceMovement.To.STARTED))
                    .thenCompose(done -> step(self, tokens, receive, received, -1L));
            case RECEIVE -> metadata.barrier(current.epoch())
                    .thenCompose(ready -> receive ? receiveData(current) : CompletableFuture.completedFuture(0L))
                    .thenCompose(partitions -> take(Step.RECEIVE, id,
                                    () -> new AdvanceMovement(id, AdvanceMovement.To.MID))
                            .thenCompose(done -> step(self, tokens, receive, received + partitions, -1L)));
            case FINISH -> metadata.barrier(current.epoch())
                    .thenCompose(ready -> take(Step.FINISH, id,
                            () -> new AdvanceMovement(id, AdvanceMovement.To.FINISHED)))
                    .thenCompose(done -> step(self, tokens, receive, received, -1L));
        };
    }

    /** Commits {@code entry} while the log still has {@code step} next for this node (at most once). */
    private CompletableFuture<ClusterMetadata> take(Step step, NodeId id,
                                                    Supplier<io.cairn.node.metadata.Transformation> entry) {
        return metadata.commit(latest -> nextStep(latest, id) == step ? entry.get() : null);
    }

    /**
     * Copies the data of the ranges this node receives at {@code started} (its join at
     * STARTED), once every node has that step.
     */
    private CompletableFuture<Long> receiveData(ClusterMetadata started) {
        // The log's keyspaces, which this node follows, and the built-in replicated system ones.
        java.util.Collection<io.cairn.node.schema.KeyspaceMetadata> keyspaces = schema.current().keyspaces().values();
        boolean anyTable = keyspaces.stream()
                .anyMatch(keyspace -> !SystemKeyspaces.isLocal(keyspace.name()) && !keyspace.tables().isEmpty());
        if (!anyTable) {
            return CompletableFuture.completedFuture(0L);
        }
        LOG.info("Receiving the data of this node's ranges from their replicas");
        listeners.forEach(JoinListener::copyingData);
        Bootstrap copier = bootstrap.get();
        return copies.apply(() -> copier.runAsync(started, keyspaces)).get().thenApply(partitions -> {
            LOG.info("Received {} partitions; joining the ring", partitions);
            return partitions;
        });
    }

    /** Every token of the log's ring, and of a movement's, with the node owning it. */
    private Map<Long, String> ringOwners() {
        ClusterMetadata current = metadata.current();
        Map<Long, String> owners = new HashMap<>();
        Consumer<Map<NodeId, SortedSet<Long>>> add = tokens -> tokens.forEach((node, owned) -> owned.forEach(
                token -> owners.put(token, current.directory().get(node).address().toString())));
        add.accept(current.tokens());
        if (current.movement() != null) {
            add.accept(current.movement().newTokens());
        }
        return owners;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * Runs {@code step}; when it fails and {@link NodeSettings#joinRetry()} is set, runs it again
     * after that delay (until it succeeds), else fails with the step's error.
     */
    private <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tryStep(step, result, settings.joinRetry(), cause -> listeners.forEach(listener -> listener.attemptFailed(cause)));
        return result;
    }

    /** Runs {@code step} until it succeeds (or the node is closed), again every {@link MetadataService#RETRY}. */
    private <T> void keepTrying(Supplier<CompletableFuture<T>> step, CompletableFuture<T> result) {
        tryStep(step, result, MetadataService.RETRY, cause -> LOG.info("Node {} could not enter the ring yet ({});"
                + " trying again in {} s", topology.self(), cause.getMessage(), MetadataService.RETRY.toSeconds()));
    }

    /** Runs {@code step}; after a failure, tells {@code failed} and runs it again after {@code retry}, unless null. */
    private <T> void tryStep(Supplier<CompletableFuture<T>> step, CompletableFuture<T> result, Duration retry,
                             Consumer<Throwable> failed) {
        CompletableFuture<T> attempt;
        try {
            attempt = step.get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(error);
            if (retry == null || cancelled || isFinal(cause)) {
                if (isFinal(cause)) {
                    LOG.error("Node {} cannot join the ring: {}", topology.self(), cause.getMessage());
                }
                result.completeExceptionally(cause);
                return;
            }
            failed.accept(cause);
            scheduler.schedule(retry, () -> tryStep(step, result, retry, failed));
        });
    }

    private CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(delay, () -> done.complete(null));
        return done;
    }
}
