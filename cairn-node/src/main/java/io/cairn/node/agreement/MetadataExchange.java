package io.cairn.node.agreement;

import io.cairn.cluster.messaging.EpochObserver;
import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Scheduler;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.log.LocalLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Spreads the metadata log: a node pushes what it committed to the live nodes, answers other
 * nodes' fetches from its own log, and catches up by fetching from a node that showed a newer
 * epoch (on any message it sent) or, every {@link #PULL_INTERVAL}, from a random live node of
 * {@code sources} (the metadata replicas), so that a node that missed a push still learns.
 *
 * <p>One fetch runs at a time. Each node that showed a newer epoch keeps a goal (the epoch to
 * reach from it); a fetch goes on page by page from the node with the highest goal while the
 * log advances, and a node whose fetch brings nothing loses its goal. Pages are bounded in
 * entries and bytes.
 */
public final class MetadataExchange implements EpochObserver {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataExchange.class);

    public static final Duration PULL_INTERVAL = Duration.ofSeconds(10);
    /** The most nodes a fetch goal is kept for. */
    static final int MAX_GOALS = 64;

    private final MessagingService messaging;
    private final LocalLog log;
    /** The highest epoch a message to this node carried (seen before the message is handled). */
    private final java.util.concurrent.atomic.AtomicLong highestObserved = new java.util.concurrent.atomic.AtomicLong();
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Supplier<List<NodeAddress>> sources;
    private final Supplier<List<NodeAddress>> livePeers;
    private final Duration timeout;
    private final Executor applier;
    private final Object lock = new Object();
    /**
     * For each node that showed a newer epoch (or is pulled from), the epoch to fetch up to
     * from it; at most {@link #MAX_GOALS}. Guarded by {@link #lock}.
     */
    private final Map<NodeAddress, Long> goals = new HashMap<>();
    private boolean fetching;
    private final AtomicLong malformed = new AtomicLong();

    /**
     * @param sources   where a periodic pull goes (the live metadata replicas)
     * @param livePeers where a push goes (every live node but this one)
     * @param applier   where fetched pages are applied (storing entries is a synced write: not on
     *                  the messaging thread that delivers the answer)
     */
    public MetadataExchange(MessagingService messaging, LocalLog log, Scheduler scheduler, RandomGenerator random,
                            Supplier<List<NodeAddress>> sources, Supplier<List<NodeAddress>> livePeers,
                            Duration timeout, Executor applier) {
        this.applier = Objects.requireNonNull(applier, "applier");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.log = Objects.requireNonNull(log, "log");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.sources = Objects.requireNonNull(sources, "sources");
        this.livePeers = Objects.requireNonNull(livePeers, "livePeers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Answers METADATA_FETCH and applies METADATA_PUSH, each where {@code where} runs it. */
    public void register(UnaryOperator<MessageHandler> where) {
        messaging.registerHandler(Verb.METADATA_FETCH, where.apply(this::answerFetch));
        messaging.registerHandler(Verb.METADATA_PUSH, where.apply(this::applyPush));
        messaging.registerHandler(Verb.EPOCH_AWAIT, where.apply(this::answerAwait));
    }

    /** Pulls from a random source every {@link #PULL_INTERVAL}, until the returned task is cancelled. */
    public Scheduler.Cancellable startPulling() {
        return scheduler.scheduleWithFixedDelay(PULL_INTERVAL, PULL_INTERVAL, () -> {
            List<NodeAddress> candidates = sources.get().stream()
                    .filter(node -> !node.equals(messaging.localAddress())).toList();
            if (!candidates.isEmpty()) {
                catchUp(candidates.get(random.nextInt(candidates.size())), Long.MAX_VALUE);
            }
        });
    }

    /** Sends {@code entries} (decided, in epoch order) to every live peer. */
    public void push(List<LogEntry> entries) {
        for (byte[] payload : ExchangeMessages.pages(entries)) {
            for (NodeAddress peer : livePeers.get()) {
                if (!peer.equals(messaging.localAddress())) {
                    messaging.sendOneWay(peer, Verb.METADATA_PUSH, payload);
                }
            }
        }
    }

    /** A message showed {@code from} at {@code epoch}: fetch what this node lacks. */
    @Override
    public void observed(NodeAddress from, long epoch) {
        highestObserved.accumulateAndGet(epoch, Math::max);
        if (epoch > log.epoch().value()) {
            catchUp(from, epoch);
        }
    }

    /** The highest epoch this node has heard of: its log's, or a newer one a message carried. */
    public long highestEpochSeen() {
        return Math.max(log.epoch().value(), highestObserved.get());
    }

    /**
     * Fetches from {@code from} until this node's log reaches {@code epoch} (or {@code from} has
     * nothing more); with {@link Long#MAX_VALUE}, everything {@code from} has.
     */
    public void catchUp(NodeAddress from, long epoch) {
        synchronized (lock) {
            goals.merge(from, epoch, Math::max);
            if (goals.size() > MAX_GOALS) {
                goals.entrySet().stream().min(Map.Entry.comparingByValue())
                        .ifPresent(lowest -> goals.remove(lowest.getKey()));
            }
            if (fetching) {
                return;
            }
            fetching = true;
        }
        fetchNext();
    }

    /** How many malformed METADATA_* messages were ignored. */
    public long malformedMessages() {
        return malformed.get();
    }

    /** Fetches from the node with the highest goal above this node's epoch, or stops when none is left. */
    private void fetchNext() {
        NodeAddress source;
        synchronized (lock) {
            long here = log.epoch().value();
            goals.values().removeIf(goal -> goal <= here);
            source = goals.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            if (source == null) {
                fetching = false;
                return;
            }
        }
        Epoch since = log.epoch();
        try {
            messaging.request(source, Verb.METADATA_FETCH,
                            ExchangeMessages.fetch(new ExchangeMessages.Fetch(since, ExchangeMessages.MAX_ENTRIES)),
                            timeout)
                    .whenComplete((payload, failure) -> applier.execute(() -> fetched(source, since, payload)));
        } catch (RuntimeException e) {
            LOG.warn("Could not ask {} for the metadata log after {}: {}", source, since, e.getMessage());
            fetched(source, since, null);
        }
    }

    /** Applies a fetched page; a fetch that brought nothing drops that node's goal. Always goes on. */
    private void fetched(NodeAddress source, Epoch since, byte[] payload) {
        boolean progressed = false;
        try {
            if (payload != null) {
                log.append(ExchangeMessages.readEntries(payload, "METADATA_FETCH answer"));
                progressed = log.epoch().isAfter(since);
            }
        } catch (MalformedMessageException e) {
            malformed.incrementAndGet();
            LOG.warn("Ignoring a malformed metadata log page from {}: {}", source, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Applying a metadata log page from {} failed", source, e);
        } finally {
            if (!progressed) {
                synchronized (lock) {
                    // Silence, or nothing new: forget this node's goal until a message shows another.
                    goals.remove(source);
                }
            }
            fetchNext();
        }
    }

    private void answerFetch(Message message) {
        ExchangeMessages.Fetch fetch;
        try {
            fetch = ExchangeMessages.readFetch(message.payload());
        } catch (MalformedMessageException e) {
            malformed.incrementAndGet();
            LOG.warn("Ignoring a malformed METADATA_FETCH from {}: {}", message.from(), e.getMessage());
            return;
        }
        messaging.respond(message, ExchangeMessages.pages(log.entriesAfter(fetch.since(), fetch.max())).get(0));
    }

    /**
     * Answers the epoch this node has reached; when it is behind the one asked for, it starts
     * fetching from the asker first (the asker polls again: nothing waits here).
     */
    private void answerAwait(Message message) {
        Epoch wanted;
        try {
            wanted = ExchangeMessages.readEpoch(message.payload());
        } catch (MalformedMessageException e) {
            malformed.incrementAndGet();
            LOG.warn("Ignoring a malformed EPOCH_AWAIT from {}: {}", message.from(), e.getMessage());
            return;
        }
        if (wanted.isAfter(log.epoch())) {
            catchUp(message.from(), wanted.value());
        }
        messaging.respond(message, ExchangeMessages.epoch(log.epoch()));
    }

    /**
     * Asks {@code node} to reach {@code epoch}: completes with the epoch it has reached (maybe
     * still lower), or with null when it did not answer in time. Never fails.
     */
    public CompletableFuture<Epoch> askEpoch(NodeAddress node, Epoch epoch) {
        return messaging.request(node, Verb.EPOCH_AWAIT, ExchangeMessages.epoch(epoch), timeout).thenApply(answer -> {
            if (answer == null) {
                return null;
            }
            try {
                return ExchangeMessages.readEpoch(answer);
            } catch (MalformedMessageException e) {
                malformed.incrementAndGet();
                LOG.warn("Ignoring a malformed EPOCH_AWAIT answer from {}: {}", node, e.getMessage());
                return null;
            }
        });
    }

    private void applyPush(Message message) {
        try {
            log.append(ExchangeMessages.readEntries(message.payload(), "METADATA_PUSH"));
        } catch (MalformedMessageException e) {
            malformed.incrementAndGet();
            LOG.warn("Ignoring a malformed METADATA_PUSH from {}: {}", message.from(), e.getMessage());
        }
    }
}
