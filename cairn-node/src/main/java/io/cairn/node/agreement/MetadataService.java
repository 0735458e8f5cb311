package io.cairn.node.agreement;

import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.node.metadata.AlterSchema;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.Initialize;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.Register;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.metadata.log.LocalLog;
import io.cairn.node.metadata.log.StorageLogStore;
import io.cairn.node.paxos.BallotGenerator;
import io.cairn.node.paxos.PaxosCoordinator;
import io.cairn.node.paxos.PaxosReplica;
import io.cairn.node.schema.DdlTransformer;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaChange;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * This node's part in the cluster metadata log: its copy of the log (kept in storage and
 * replayed when the node opens), the committer that decides entries among the metadata
 * replicas, and the exchange that spreads them. The log holds the schema (every schema change
 * is an entry: {@link #alterSchema}) and the ring (the join's steps, which the assembly commits
 * through {@link #commit}, each after the {@link #barrier} of the step before). Once started,
 * the cluster's first node starts the log with {@code Initialize} (itself, its tokens, its
 * schema, the only metadata replica, until {@link MetadataReplicaSteward} adds two more), and
 * every other node catches up from its seeds and commits its own {@code Register}, trying again
 * every {@link #RETRY} until the log lists it. Failing to do so never stops the node.
 *
 * <p>The first node is the one whose seeds are only itself. It waits
 * {@link Settings#initializeDelay} before starting the log, so that a node that was the first
 * one day and lost its storage learns the existing log from any message of another node
 * (every message carries its sender's epoch) instead of starting a second one. That is a
 * mitigation, not a guarantee: such a node that hears from no other node within the delay
 * starts a second log, and nothing yet tells two logs apart (entries do not carry the log's
 * identity).
 */
public final class MetadataService {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataService.class);

    /** How long the first node listens for an existing log before it starts one. */
    public static final Duration INITIALIZE_DELAY = Duration.ofSeconds(2);

    /** How long a schema change waits for the log on a node that has not received it yet. */
    public static final Duration LOG_WAIT = Duration.ofSeconds(10);

    /** How long a node waits before trying again to start the log or register itself. */
    public static final Duration RETRY = Duration.ofSeconds(5);

    /**
     * @param initializer     whether this is the cluster's first node (its seeds are only itself)
     * @param seeds           the other nodes to learn the log from at start
     * @param initializeDelay how long the first node listens for an existing log before starting one
     * @param timeout         how long a fetch waits for its answer, and a Paxos round for its replicas
     */
    public record Settings(String clusterName, boolean initializer, List<NodeAddress> seeds,
                           Duration initializeDelay, Duration timeout) {
        public Settings {
            Objects.requireNonNull(clusterName, "clusterName");
            seeds = List.copyOf(seeds);
            Objects.requireNonNull(initializeDelay, "initializeDelay");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    private final Settings settings;
    private final MessagingService messaging;
    private final Scheduler scheduler;
    private final LocalLog log;
    private final MetadataCommitter committer;
    private final MetadataReplicaTopology electorate;
    private final MetadataExchange exchange;
    private final ProgressBarrier barrier;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the periodic pull, the next step into the log, and whether {@link #close} ran. */
    private Scheduler.Cancellable pulling;
    private Scheduler.Cancellable next;
    private Scheduler.Cancellable stewarding;
    /** Whether a node may become a metadata replica (the steward's choice). */
    private final Predicate<NodeAddress> eligible;
    /** Where the steward's checks run (never the scheduler's thread). */
    private final Executor requests;
    private boolean closed;
    /** Completes once this node has the log's first entry. */
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    /** Steps taken with no log here yet (only the step chain touches it). */
    private int triesWithoutLog;

    /** After this many steps without a log, a node says so. */
    static final int WARN_AFTER_TRIES = 12;

    /**
     * Opens the log that {@code storage} keeps (replaying it) and the table of the log's slots.
     *
     * @param replica  this node's Paxos acceptor, which also votes on the slots when this node is
     *                 a metadata replica
     * @param ballots  this node's ballot generator (shared with lightweight transactions)
     * @param alive    what the failure detector says of a node
     * @param eligible whether a node may become a metadata replica (in the ring and alive)
     * @param live     the live nodes, this one excepted (where decided entries are pushed)
     * @param requests where Paxos decisions and fetched pages run (never a messaging thread)
     * @param selfId   this node's host id, or null while it is not known yet: a metadata replica
     *                 is a host id, not an address, which a replacement may take over
     */
    public MetadataService(Settings settings, StorageEngine storage, MessagingService messaging,
                           PaxosReplica replica,
                           BallotGenerator ballots, Predicate<NodeAddress> alive, Predicate<NodeAddress> eligible,
                           Supplier<List<NodeAddress>> live,
                           Clock clock, Scheduler scheduler, RandomGenerator random, Executor requests,
                           Supplier<io.cairn.node.metadata.NodeId> selfId) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.messaging = messaging;
        this.scheduler = scheduler;
        this.requests = requests;
        this.eligible = Objects.requireNonNull(eligible, "eligible");
        storage.createTable(MetadataSlots.TABLE.tableId(), TableOptions.DEFAULTS);
        StorageLogStore store = new StorageLogStore(storage, clock);
        log = LocalLog.open(store, ClusterMetadata.empty(settings.clusterName(), Schema.of(Map.of())));
        log.replay();
        if (log.epoch().equals(Epoch.EMPTY)) {
            // Not on the applying thread: what waits would run there, holding the log, and its
            // own appends would be applied only after it returned.
            log.addListener((previous, next, entry) -> {
                if (!started.isDone()) {
                    scheduler.schedule(Duration.ZERO, () -> started.complete(null));
                }
            });
        } else {
            started.complete(null);
        }
        NodeAddress self = messaging.localAddress();
        electorate = new MetadataReplicaTopology(self, log::current, log::at, alive, settings.initializer(), selfId);
        PaxosCoordinator slots = new PaxosCoordinator(replica, messaging, electorate, clock, scheduler, requests,
                random, ballots, settings.timeout(), settings.timeout(), PaxosCoordinator.CONTENTION_TIMEOUT);
        committer = new MetadataCommitter(slots, MetadataCommitter.Log.of(log), clock, scheduler, random);
        Supplier<List<NodeAddress>> replicas = () -> {
            ClusterMetadata current = log.current();
            return current.metadataReplicas().stream().map(id -> current.directory().get(id).address())
                    .filter(node -> !node.equals(self) && alive.test(node)).toList();
        };
        exchange = new MetadataExchange(messaging, log, scheduler, random, replicas, live, settings.timeout(),
                requests);
        barrier = new ProgressBarrier(log::current, self, alive, exchange::askEpoch, clock, scheduler);
    }

    /** The table of the log's slots, whose Paxos voters are the metadata replicas (see {@link #votesOn}). */
    public static io.cairn.storage.TableId slotsTable() {
        return MetadataSlots.TABLE.tableId();
    }

    /** Whether this node answers Paxos requests about the log's slot of {@code token} (see {@link MetadataReplicaTopology#votesOn}). */
    public boolean votesOn(long token) {
        return electorate.votesOn(token);
    }

    /** Answers other nodes' fetches and takes their pushes, each where {@code where} runs it. */
    public void register(UnaryOperator<MessageHandler> where) {
        exchange.register(where);
    }

    /**
     * The highest epoch this node has heard of: its log's, or a newer one that a message carried
     * (noted before the message is handled, while the entries are still being fetched).
     */
    public long highestEpochSeen() {
        return exchange.highestEpochSeen();
    }

    /** Has every message this node sends carry its epoch, and every message received show the sender's. */
    public void stampMessages() {
        messaging.useEpochs(() -> log.epoch().value(), exchange);
    }

    /**
     * Goes on once the node has joined: catches up from the seeds, pulls from the metadata
     * replicas from now on, and gets this node into the log ({@code self}: this node as it
     * registers; {@code tokens}: its tokens, and {@code schema}: its user keyspaces, both for
     * the first node's {@code Initialize}).
     *
     * <p>The first node starts the log with the schema it has: nothing for a new cluster; for
     * a cluster that ran an earlier Cairn, the schema that the first node's pushes and pulls
     * agreed on, which becomes the cluster's.
     */
    public void start(NodeRecord self, SortedSet<Long> tokens, Supplier<Schema> schema) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            pulling = exchange.startPulling();
            MetadataReplicaSteward steward = new MetadataReplicaSteward(log::current, self.id(), eligible,
                    committer::commit, this::pushLatest);
            stewarding = scheduler.scheduleWithFixedDelay(MetadataReplicaSteward.INTERVAL,
                    MetadataReplicaSteward.INTERVAL, () -> requests.execute(steward::step));
        }
        for (NodeAddress seed : settings.seeds()) {
            exchange.catchUp(seed, Long.MAX_VALUE);
        }
        Entrant entrant = new Entrant(self, tokens, schema);
        if (settings.initializer()) {
            later(entrant);   // after the initialize delay
        } else {
            enter(entrant);
        }
    }

    /** This node as it enters the log, and what the first node starts the log with. */
    private record Entrant(NodeRecord self, SortedSet<Long> tokens, Supplier<Schema> schema) {
    }

    /** One step towards this node being in the log; another follows while it is not. */
    private void enter(Entrant entrant) {
        NodeRecord self = entrant.self();
        ClusterMetadata current = log.current();
        if (current.directory().contains(self.id())) {
            LOG.info("Node {} is in the cluster metadata log, at {}", self.id(), current.epoch());
            return;
        }
        if (current.epoch().equals(Epoch.EMPTY)) {
            if (!settings.initializer()) {
                if (++triesWithoutLog == WARN_AFTER_TRIES) {
                    LOG.warn("Node {} has found no cluster metadata log after {} s: the log is started by the node"
                            + " whose seeds are only itself", self.address(), RETRY.multipliedBy(WARN_AFTER_TRIES)
                            .toSeconds());
                }
                later(entrant);   // the log comes from the first node
                return;
            }
            commit(entrant, metadata -> metadata.epoch().equals(Epoch.EMPTY)
                    ? new Initialize(settings.clusterName(), self, entrant.tokens(), entrant.schema().get()) : null);
            return;
        }
        commit(entrant, metadata -> metadata.directory().contains(self.id()) ? null : new Register(self));
    }

    private void commit(Entrant entrant, Function<ClusterMetadata, Transformation> change) {
        NodeRecord self = entrant.self();
        committer.commit(change).whenComplete((metadata, failure) -> {
            Throwable cause = AsyncLoop.unwrap(failure);
            if (cause instanceof MetadataCommitter.RejectedException rejected) {
                // Final until an operator acts (say, on a node registered at this address already).
                LOG.warn("Node {} cannot enter the cluster metadata log: {}", self.id(), rejected.getMessage());
                return;
            }
            if (failure != null) {
                LOG.info("Node {} could not enter the cluster metadata log yet ({}); trying again in {} s",
                        self.id(), cause.getMessage(), RETRY.toSeconds());
            } else {
                pushLatest(metadata);
            }
            later(entrant);
        });
    }

    /** Sends the latest entry of {@code metadata} to the live nodes (the others fetch any gap it shows). */
    private void pushLatest(ClusterMetadata metadata) {
        exchange.push(log.entriesAfter(metadata.epoch().previous(), 1));
    }

    private void later(Entrant entrant) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Duration delay = log.current().epoch().equals(Epoch.EMPTY) && settings.initializer()
                    ? settings.initializeDelay() : RETRY;
            next = scheduler.schedule(delay, () -> enter(entrant));
        }
    }

    /**
     * Commits a schema change: {@code edit} works it out against the schema of the latest
     * snapshot (again at each attempt, null when IF [NOT] EXISTS makes it a no-op; it throws
     * the statement's CQL error when refused). Completes once the entry is decided and applied
     * on this node, with the change (null for a no-op). A node whose log has not started yet
     * (the first node starts it {@link Settings#initializeDelay} after it joined) waits for it
     * for at most {@link #LOG_WAIT}, then fails with Unavailable. Fails with Unavailable too
     * when too few metadata replicas are alive.
     */
    public CompletableFuture<SchemaChange> alterSchema(Function<Schema, DdlTransformer.Edit> edit) {
        return logStarted().thenCompose(ready -> {
            AtomicReference<AlterSchema> proposed = new AtomicReference<>();
            return committer.commit(metadata -> {
                DdlTransformer.Edit worked = edit.apply(metadata.schema());
                AlterSchema entry = worked == null ? null : AlterSchema.of(metadata, worked);
                proposed.set(entry);
                return entry;
            }).handle((metadata, failure) -> {
                Throwable cause = AsyncLoop.unwrap(failure);
                if (cause instanceof MetadataCommitter.RejectedException rejected) {
                    throw CqlException.invalid(rejected.getMessage());
                }
                if (cause instanceof IllegalStateException exhausted) {
                    // Attempts or time ran out, or the log halted: an attempt may still be decided.
                    throw new IllegalStateException("The schema change may or may not be applied: "
                            + exhausted.getMessage() + ". Check the schema before running it again", exhausted);
                }
                if (failure != null) {
                    throw failure instanceof CompletionException completion ? completion
                            : new CompletionException(failure);
                }
                AlterSchema entry = proposed.get();
                if (entry == null) {
                    return null;
                }
                pushLatest(metadata);
                return entry.change();
            });
        });
    }

    /**
     * Commits the entry {@code change} makes of the latest snapshot (again at each attempt; null
     * when there is nothing to do any more) and pushes it to the live nodes. Completes with the
     * snapshot the entry made, or the latest one when there was nothing to do; fails with
     * {@link MetadataCommitter.RejectedException} when the entry is refused, or an
     * IllegalStateException when no attempt was decided in time.
     */
    public CompletableFuture<ClusterMetadata> commit(Function<ClusterMetadata, Transformation> change) {
        AtomicReference<Transformation> proposed = new AtomicReference<>();
        return committer.commit(metadata -> {
            Transformation entry = change.apply(metadata);
            proposed.set(entry);
            return entry;
        }).thenApply(metadata -> {
            if (proposed.get() != null) {
                pushLatest(metadata);
            }
            return metadata;
        });
    }

    /**
     * Completes once the nodes of the cluster have reached {@code epoch} (see
     * {@link ProgressBarrier}): a movement's next step waits for it.
     */
    public CompletableFuture<Void> barrier(Epoch epoch) {
        return barrier.await(epoch);
    }

    /**
     * Completes once this node's log has reached the epoch one of {@code nodes} has now (asked
     * with EPOCH_AWAIT), or after {@code atMost} (whatever was reached). Never fails: a new node
     * judges its address against the whole log, not the first page of it.
     */
    public CompletableFuture<Void> catchUpWith(List<NodeAddress> nodes, Duration atMost) {
        java.util.concurrent.atomic.AtomicLong target = new java.util.concurrent.atomic.AtomicLong();
        List<CompletableFuture<Void>> answers = nodes.stream().map(node -> exchange.askEpoch(node, Epoch.EMPTY)
                .thenAccept(epoch -> target.accumulateAndGet(epoch == null ? 0 : epoch.value(), Math::max)))
                .toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> reached(target.get(), atMost));
    }

    private CompletableFuture<Void> reached(long epoch, Duration atMost) {
        if (log.epoch().value() >= epoch || atMost.isNegative() || atMost.isZero()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> later = new CompletableFuture<>();
        Duration poll = Duration.ofMillis(20);
        scheduler.schedule(poll, () -> reached(epoch, atMost.minus(poll)).thenRun(() -> later.complete(null)));
        return later;
    }

    /** Fetches the log from {@code nodes} (a new node's seeds, before it has joined). */
    public void catchUpFrom(List<NodeAddress> nodes) {
        nodes.forEach(node -> exchange.catchUp(node, Long.MAX_VALUE));
    }

    /**
     * A statement's change other than the schema's (a role's): {@link #commit} once this node has
     * the log (Unavailable after {@link #LOG_WAIT}), with the errors a client understands: a
     * refused entry is an invalid request, and attempts that ran out leave the outcome unknown.
     */
    public CompletableFuture<ClusterMetadata> commitStatement(Function<ClusterMetadata, Transformation> change) {
        return logStarted().thenCompose(ready -> commit(change)).handle((metadata, failure) -> {
            Throwable cause = AsyncLoop.unwrap(failure);
            if (cause instanceof MetadataCommitter.RejectedException rejected) {
                throw CqlException.invalid(rejected.getMessage());
            }
            if (cause instanceof IllegalStateException exhausted) {
                throw new IllegalStateException("The change may or may not be applied: " + exhausted.getMessage()
                        + ". Check before running it again", exhausted);
            }
            if (failure != null) {
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            return metadata;
        });
    }

    /** Completes once this node has the log; fails with Unavailable after {@link #LOG_WAIT}. */
    private CompletableFuture<Void> logStarted() {
        return awaitLog(LOG_WAIT).thenAccept(has -> {
            if (!has) {
                throw new UnavailableException(ConsistencyLevel.SERIAL, 1, 0, "Cannot change the schema yet: this"
                        + " node has not received the cluster metadata log, which the cluster's first node starts "
                        + settings.initializeDelay().toSeconds() + " s after it joined");
            }
        });
    }

    /** Completes with true once this node has the log's first entry, or with false after {@code atMost}. */
    public CompletableFuture<Boolean> awaitLog(Duration atMost) {
        if (started.isDone()) {
            return CompletableFuture.completedFuture(true);
        }
        CompletableFuture<Boolean> waiting = new CompletableFuture<>();
        Scheduler.Cancellable timeout = scheduler.schedule(atMost, () -> waiting.complete(false));
        started.thenRun(() -> {
            timeout.cancel();
            waiting.complete(true);
        });
        return waiting;
    }

    /** Stops pulling and trying to enter the log; the log stays open for reading. */
    public void close() {
        synchronized (lock) {
            closed = true;
            for (Scheduler.Cancellable task : new Scheduler.Cancellable[] {pulling, next, stewarding}) {
                if (task != null) {
                    task.cancel();
                }
            }
        }
    }

    /** This node's copy of the log. */
    public LocalLog log() {
        return log;
    }

    /** The latest snapshot this node applied. */
    public ClusterMetadata current() {
        return log.current();
    }
}
