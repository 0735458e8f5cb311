package io.cairn.node;

import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.gossip.GossipListener;
import io.cairn.cluster.gossip.Gossiper;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.node.bootstrap.Bootstrap;
import io.cairn.node.ring.GossipTopology;
import io.cairn.node.ring.TokenAllocator;
import io.cairn.node.schema.SchemaManager;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * How a node becomes NORMAL, every wait a step on the scheduler. A node that has joined once
 * (or has no seeds, or is told not to bootstrap) announces itself NORMAL at once. A new node
 * learns the ring from a seed, refuses to silently take the place of a node the cluster
 * remembers at its address, chooses its tokens, announces them as JOINING, waits for the
 * cluster's schema and for gossip to make it pending everywhere, copies the data of its future
 * ranges, and only then becomes NORMAL. A node that stopped midway resumes with the tokens it chose.
 */
final class JoinSequence {

    private static final Logger LOG = LoggerFactory.getLogger(JoinSequence.class);

    static final String NORMAL = "NORMAL";

    /** How long a new node waits to learn the ring from its seeds before choosing tokens. */
    static final Duration RING_WAIT = Duration.ofSeconds(10);

    /** How long a joining node waits for the cluster's schema. */
    static final Duration SCHEMA_WAIT = Duration.ofSeconds(30);

    /**
     * How long a joining node waits, once it has announced its tokens, for gossip to tell every
     * node that it is pending (so that they send it new writes) before it copies data.
     */
    static final Duration PENDING_DELAY = Duration.ofSeconds(4);

    /** How often a waiting step looks again at what gossip has told. */
    static final Duration RING_POLL = Duration.ofMillis(50);
    static final Duration SCHEMA_POLL = Duration.ofMillis(100);

    private final NodeSettings settings;
    private final Clock clock;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final MessagingService messaging;
    private final StorageEngine storage;
    private final SchemaManager schema;
    private final Gossiper gossiper;
    private final GossipTopology topology;
    private final List<NodeAddress> seeds;
    private final LocalNodeInfo info;
    private final List<JoinListener> listeners;
    private final Consumer<LocalTables> onLocalTables;
    /** Whether gossip has told this node of another node's tokens. */
    private final AtomicBoolean ringHeard = new AtomicBoolean();
    private volatile boolean cancelled;

    JoinSequence(NodeSettings settings, NodeDependencies dependencies, SchemaManager schema, Gossiper gossiper,
                 GossipTopology topology, List<NodeAddress> seeds, LocalNodeInfo info, List<JoinListener> listeners,
                 Consumer<LocalTables> onLocalTables) {
        this.settings = settings;
        this.clock = dependencies.clock();
        this.scheduler = dependencies.scheduler();
        this.random = dependencies.random();
        this.messaging = dependencies.messaging();
        this.storage = dependencies.storage();
        this.schema = schema;
        this.gossiper = gossiper;
        this.topology = topology;
        this.seeds = seeds;
        this.info = info;
        this.listeners = listeners;
        this.onLocalTables = onLocalTables;
        gossiper.addListener(new GossipListener() {
            @Override
            public void onJoin(NodeAddress node, EndpointState state) {
                check(state);
            }

            @Override
            public void onChange(NodeAddress node, EndpointState state) {
                check(state);
            }

            private void check(EndpointState state) {
                if (state.get(ApplicationState.TOKENS) != null) {
                    ringHeard.set(true);
                }
            }
        });
    }

    /** Stops waiting: a step still pending fails instead of going on. */
    void cancel() {
        cancelled = true;
    }

    /** Runs the sequence; completes with this node's system.local once it is NORMAL. */
    CompletableFuture<LocalTables> run() {
        long nowSeconds = clock.currentTimeSeconds();
        boolean joining = settings.autoBootstrap() && !seeds.isEmpty()
                && !LocalTables.isBootstrapped(storage, schema.current(), nowSeconds);
        // The ring as this node last knew it, until gossip confirms or corrects it.
        PeersTables.remembered(storage, schema.current(), nowSeconds).forEach(gossiper::remember);
        topology.refresh();
        Map<ApplicationState, String> states = new EnumMap<>(ApplicationState.class);
        states.put(ApplicationState.DATA_CENTER, settings.dataCenter());
        states.put(ApplicationState.RACK, settings.rack());
        states.put(ApplicationState.RELEASE_VERSION, LocalNodeInfo.RELEASE_VERSION);
        if (!joining) {
            LocalTables local = openLocal(true);
            states.putAll(readyStates(local));
            states.put(ApplicationState.STATUS, NORMAL);
            gossiper.start(states);
            topology.refresh();
            return CompletableFuture.completedFuture(local);
        }
        // A new node learns the ring first, so that its tokens can balance ownership.
        states.put(ApplicationState.STATUS, GossipTopology.JOINING);
        gossiper.start(states);
        return attempt(this::learnRing).thenCompose(ignored -> {
            LocalTables local = openLocal(false);
            // Pending: the others send this node the writes of its future ranges while it
            // copies what they already hold.
            readyStates(local).forEach(gossiper::setState);
            topology.refresh();
            Bootstrap bootstrap = new Bootstrap(storage, messaging, schema, topology, settings.readTimeout());
            return attempt(() -> receiveData(bootstrap)).thenApply(partitions -> {
                local.setBootstrapped(true);
                local.write(schema.current(), clock.currentTimeMicros());
                gossiper.setState(ApplicationState.STATUS, NORMAL);
                topology.refresh();
                listeners.forEach(listener -> listener.joined(partitions));
                return local;
            });
        });
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
        return settings.initialTokens().isEmpty()
                ? TokenAllocator.allocate(ringOwners(), settings.numTokens(), random) : settings.initialTokens();
    }

    private Map<ApplicationState, String> readyStates(LocalTables local) {
        StringBuilder tokens = new StringBuilder();
        for (long token : local.tokens()) {
            tokens.append(tokens.length() == 0 ? "" : ",").append(token);
        }
        Map<ApplicationState, String> ready = new EnumMap<>(ApplicationState.class);
        ready.put(ApplicationState.HOST_ID, local.hostId().toString());
        ready.put(ApplicationState.TOKENS, tokens.toString());
        ready.put(ApplicationState.NATIVE_ADDRESS, info.nativeAddress().getHostAddress() + ":" + info.nativePort());
        ready.put(ApplicationState.SCHEMA_VERSION, schema.current().version().toString());
        return ready;
    }

    /**
     * Waits until gossip knows another node's tokens (bounded by {@link #RING_WAIT}). A new node
     * that hears from no seed does not start on its own: it would form a separate cluster (a seed
     * of another cluster refuses it, and says why).
     */
    private CompletableFuture<Void> learnRing() {
        return await(ringHeard::get, RING_POLL, RING_WAIT, this::noRingError).thenCompose(ignored -> {
            if (LocalTables.hasTokens(storage, schema.current(), clock.currentTimeSeconds())) {
                return CompletableFuture.completedFuture(null);
            }
            // What a seed remembers of this address comes with its first answer.
            return await(gossiper::hasHeardFromSeed, RING_POLL, RING_WAIT, () -> null)
                    .thenRun(this::refuseToReplaceSilently);
        });
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
     * A node starting without data whose address the cluster remembers owning tokens was
     * wiped (or is a new machine reusing an address): joining would silently take the old
     * node's place with none of its data. Refused, with what to do instead.
     */
    private void refuseToReplaceSilently() {
        EndpointState previous = gossiper.rememberedSelf();
        if (previous != null && previous.get(ApplicationState.TOKENS) != null) {
            throw new IllegalStateException("A node with address " + topology.self() + " (host id "
                    + previous.get(ApplicationState.HOST_ID) + ") already owns tokens in this cluster, but this node "
                    + "has no data: it would take that node's place without its data. Restore the old data "
                    + "directory, or start this node on another address and remove the old node from the cluster.");
        }
    }

    /**
     * Receives the data of the ranges this joining node will replicate: first the schema (from
     * the cluster metadata log, which it fetches on the first message of a node ahead of it),
     * then, after the pending delay, the ranges.
     */
    private CompletableFuture<Long> receiveData(Bootstrap bootstrap) {
        return await(this::hasClusterSchema, SCHEMA_POLL, SCHEMA_WAIT, () -> new IllegalStateException(
                "This new node could not join: it did not receive the cluster's schema within "
                        + SCHEMA_WAIT.toSeconds() + " s")).thenCompose(ignored -> {
            if (!bootstrap.hasDataToReceive()) {
                return CompletableFuture.completedFuture(0L);
            }
            return delay(PENDING_DELAY).thenCompose(waited -> {
                LOG.info("Receiving the data of this node's ranges from their replicas");
                listeners.forEach(JoinListener::copyingData);
                return bootstrap.runAsync();
            }).thenApply(partitions -> {
                LOG.info("Received {} partitions; joining the ring", partitions);
                return partitions;
            });
        });
    }

    /** Whether this node's schema version is the one a live member of the ring advertises. */
    private boolean hasClusterSchema() {
        String ours = schema.current().version().toString();
        boolean anyNormal = false;
        for (Map.Entry<NodeAddress, EndpointState> entry : gossiper.endpointStates().entrySet()) {
            EndpointState state = entry.getValue();
            if (entry.getKey().equals(topology.self()) || !NORMAL.equals(state.get(ApplicationState.STATUS))
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

    /** Every token gossip knows, with the node owning it. */
    private Map<Long, String> ringOwners() {
        Map<Long, String> owners = new HashMap<>();
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

    /**
     * Runs {@code step}; when it fails and {@link NodeSettings#joinRetry()} is set, runs it again
     * after that delay (until it succeeds), else fails with the step's error.
     */
    private <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tryStep(step, result);
        return result;
    }

    private <T> void tryStep(Supplier<CompletableFuture<T>> step, CompletableFuture<T> result) {
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
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (settings.joinRetry() == null || cancelled) {
                result.completeExceptionally(cause);
                return;
            }
            listeners.forEach(listener -> listener.attemptFailed(cause));
            scheduler.schedule(settings.joinRetry(), () -> tryStep(step, result));
        });
    }

    /**
     * Completes once {@code condition} holds, looking every {@code poll}; after {@code limit}
     * fails with {@code onTimeout}'s error, or completes anyway when it gives none.
     */
    private CompletableFuture<Void> await(BooleanSupplier condition, Duration poll, Duration limit,
                                          Supplier<RuntimeException> onTimeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(Duration.ZERO, () -> check(condition, poll, limit, onTimeout, Duration.ZERO, done));
        return done;
    }

    private void check(BooleanSupplier condition, Duration poll, Duration limit, Supplier<RuntimeException> onTimeout,
                       Duration waited, CompletableFuture<Void> done) {
        try {
            if (cancelled) {
                done.completeExceptionally(new IllegalStateException("The node was closed before it joined"));
            } else if (condition.getAsBoolean()) {
                done.complete(null);
            } else if (waited.compareTo(limit) >= 0) {
                RuntimeException error = onTimeout.get();
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            } else {
                scheduler.schedule(poll, () -> check(condition, poll, limit, onTimeout, waited.plus(poll), done));
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.schedule(delay, () -> done.complete(null));
        return done;
    }
}
