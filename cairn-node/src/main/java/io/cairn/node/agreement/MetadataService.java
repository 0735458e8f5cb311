package io.cairn.node.agreement;

import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
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
import io.cairn.node.schema.Schema;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * This node's part in the cluster metadata log: its copy of the log (kept in storage and
 * replayed when the node opens), the committer that decides entries among the metadata
 * replicas, and the exchange that spreads them. For now it runs beside the gossip ring, which
 * still places data: once the node has joined, the cluster's first node starts the log with
 * {@code Initialize} (itself, its tokens, the only metadata replica), and every other node
 * catches up from its seeds and commits its own {@code Register}, trying again every
 * {@link #RETRY} until the log lists it. Failing to do so never stops the node.
 *
 * <p>The first node is the one whose seeds are only itself, and whose storage began with the
 * log (a node that ran an earlier Cairn never starts one). It waits
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
    private final MetadataExchange exchange;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}: the periodic pull, the next step into the log, and whether {@link #close} ran. */
    private Scheduler.Cancellable pulling;
    private Scheduler.Cancellable next;
    private boolean closed;
    /** Whether this node's storage began with the log (or has one). */
    /** Whether this node may start the log: the first node, its storage begun with the log (or holding one). */
    private final boolean mayInitialize;
    /** Steps taken with no log here yet (only the step chain touches it). */
    private int triesWithoutLog;

    /** After this many steps without a log, a node says so. */
    static final int WARN_AFTER_TRIES = 12;

    /**
     * Opens the log that {@code storage} keeps (replaying it) and the table of the log's slots.
     *
     * @param newNode  whether this node has never joined a ring (no tokens stored): its storage
     *                 begins with the log, which is recorded; a node that joined a ring without
     *                 a log (it ran an earlier Cairn) never starts one
     * @param replica  this node's Paxos acceptor, which also votes on the slots when this node is
     *                 a metadata replica
     * @param ballots  this node's ballot generator (shared with lightweight transactions)
     * @param alive    what the failure detector says of a node
     * @param live     the live nodes, this one excepted (where decided entries are pushed)
     * @param requests where Paxos decisions and fetched pages run (never a messaging thread)
     */
    public MetadataService(Settings settings, boolean newNode, StorageEngine storage, MessagingService messaging,
                           PaxosReplica replica,
                           BallotGenerator ballots, Predicate<NodeAddress> alive, Supplier<List<NodeAddress>> live,
                           Clock clock, Scheduler scheduler, RandomGenerator random, Executor requests) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.messaging = messaging;
        this.scheduler = scheduler;
        storage.createTable(MetadataSlots.TABLE.tableId(), TableOptions.DEFAULTS);
        StorageLogStore store = new StorageLogStore(storage, clock);
        log = LocalLog.open(store, ClusterMetadata.empty(settings.clusterName(), Schema.of(Map.of())));
        log.replay();
        boolean hasLog = !log.epoch().equals(Epoch.EMPTY);
        boolean startedWithLog = hasLog || store.startedWithLog();
        if (newNode && !startedWithLog) {
            store.recordStartedWithLog();
            startedWithLog = true;
        }
        mayInitialize = settings.initializer() && startedWithLog;
        NodeAddress self = messaging.localAddress();
        MetadataReplicaTopology electorate = new MetadataReplicaTopology(self, log::current, log::at, alive,
                settings.initializer());
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
    }

    /** Answers other nodes' fetches and takes their pushes, each where {@code where} runs it. */
    public void register(UnaryOperator<MessageHandler> where) {
        exchange.register(where);
    }

    /** Has every message this node sends carry its epoch, and every message received show the sender's. */
    public void stampMessages() {
        messaging.useEpochs(() -> log.epoch().value(), exchange);
    }

    /**
     * Goes on once the node has joined: catches up from the seeds, pulls from the metadata
     * replicas from now on, and gets this node into the log ({@code self}: this node as it
     * registers; {@code tokens}: its tokens, for the first node's {@code Initialize}).
     *
     * <p>Only a first node whose storage began with the log starts one: a node that ran an
     * earlier Cairn would record an empty schema and only its own tokens; an existing cluster
     * gets its log by a migration from what its nodes hold.
     */
    public void start(NodeRecord self, SortedSet<Long> tokens) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            pulling = exchange.startPulling();
        }
        if (settings.initializer() && !mayInitialize) {
            LOG.warn("Node {} joined a ring before it had a cluster metadata log (it ran an earlier Cairn): it does"
                    + " not start one (an existing cluster gets its log when it is migrated)", self.address());
        }
        for (NodeAddress seed : settings.seeds()) {
            exchange.catchUp(seed, Long.MAX_VALUE);
        }
        if (mayInitialize) {
            later(self, tokens);   // after the initialize delay
        } else {
            enter(self, tokens);
        }
    }

    /** One step towards this node being in the log; another follows while it is not. */
    private void enter(NodeRecord self, SortedSet<Long> tokens) {
        ClusterMetadata current = log.current();
        if (current.directory().contains(self.id())) {
            LOG.info("Node {} is in the cluster metadata log, at {}", self.id(), current.epoch());
            return;
        }
        if (current.epoch().equals(Epoch.EMPTY)) {
            if (!mayInitialize) {
                if (++triesWithoutLog == WARN_AFTER_TRIES) {
                    LOG.warn("Node {} has found no cluster metadata log after {} s: the log is started by the node"
                            + " whose seeds are only itself", self.address(), RETRY.multipliedBy(WARN_AFTER_TRIES)
                            .toSeconds());
                }
                later(self, tokens);   // the log comes from the first node
                return;
            }
            commit(self, tokens, metadata -> metadata.epoch().equals(Epoch.EMPTY)
                    ? new Initialize(settings.clusterName(), self, tokens, Schema.of(Map.of())) : null);
            return;
        }
        commit(self, tokens, metadata -> metadata.directory().contains(self.id()) ? null : new Register(self));
    }

    private void commit(NodeRecord self, SortedSet<Long> tokens,
                        Function<ClusterMetadata, Transformation> change) {
        committer.commit(change).whenComplete((metadata, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause()
                    : failure;
            if (cause instanceof MetadataCommitter.RejectedException rejected) {
                // Final until an operator acts (say, on a node registered at this address already).
                LOG.warn("Node {} cannot enter the cluster metadata log: {}", self.id(), rejected.getMessage());
                return;
            }
            if (failure != null) {
                LOG.info("Node {} could not enter the cluster metadata log yet ({}); trying again in {} s",
                        self.id(), cause.getMessage(), RETRY.toSeconds());
            } else {
                List<LogEntry> decided = log.entriesAfter(metadata.epoch().previous(), 1);
                exchange.push(decided);
            }
            later(self, tokens);
        });
    }

    private void later(NodeRecord self, SortedSet<Long> tokens) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Duration delay = log.current().epoch().equals(Epoch.EMPTY) && mayInitialize
                    ? settings.initializeDelay() : RETRY;
            next = scheduler.schedule(delay, () -> enter(self, tokens));
        }
    }

    /** Stops pulling and trying to enter the log; the log stays open for reading. */
    public void close() {
        synchronized (lock) {
            closed = true;
            for (Scheduler.Cancellable task : new Scheduler.Cancellable[] {pulling, next}) {
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
