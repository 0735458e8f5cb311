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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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
 * <p>One fetch runs at a time: a newer epoch heard while it runs is remembered, and fetched
 * next from the node that showed it. A fetch goes on page by page while pages come full and
 * the log advances.
 */
public final class MetadataExchange implements EpochObserver {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataExchange.class);

    public static final Duration PULL_INTERVAL = Duration.ofSeconds(10);

    private final MessagingService messaging;
    private final LocalLog log;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Supplier<List<NodeAddress>> sources;
    private final Supplier<List<NodeAddress>> livePeers;
    private final Duration timeout;
    private final Object lock = new Object();
    /** The highest epoch heard of, and from whom: the next fetch's goal. Guarded by {@link #lock}. */
    private long wanted;
    private NodeAddress wantedFrom;
    private boolean fetching;
    private final AtomicLong malformed = new AtomicLong();

    /**
     * @param sources   where a periodic pull goes (the live metadata replicas)
     * @param livePeers where a push goes (every live node but this one)
     */
    public MetadataExchange(MessagingService messaging, LocalLog log, Scheduler scheduler, RandomGenerator random,
                            Supplier<List<NodeAddress>> sources, Supplier<List<NodeAddress>> livePeers,
                            Duration timeout) {
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
    }

    /** Pulls from a random source every {@link #PULL_INTERVAL}. */
    public void startPulling() {
        scheduler.scheduleWithFixedDelay(PULL_INTERVAL, PULL_INTERVAL, () -> {
            List<NodeAddress> candidates = sources.get().stream()
                    .filter(node -> !node.equals(messaging.localAddress())).toList();
            if (!candidates.isEmpty()) {
                catchUp(candidates.get(random.nextInt(candidates.size())), Long.MAX_VALUE);
            }
        });
    }

    /** Sends {@code entries} (decided, in epoch order) to every live peer. */
    public void push(List<LogEntry> entries) {
        for (int from = 0; from < entries.size(); from += ExchangeMessages.MAX_ENTRIES) {
            byte[] payload = ExchangeMessages.entries(entries.subList(from,
                    Math.min(entries.size(), from + ExchangeMessages.MAX_ENTRIES)));
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
        if (epoch > log.epoch().value()) {
            catchUp(from, epoch);
        }
    }

    /**
     * Fetches from {@code from} until this node's log reaches {@code epoch} (or {@code from} has
     * nothing more); with {@link Long#MAX_VALUE}, everything {@code from} has.
     */
    public void catchUp(NodeAddress from, long epoch) {
        synchronized (lock) {
            if (epoch > wanted || wantedFrom == null) {
                wanted = epoch;
                wantedFrom = from;
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

    private void fetchNext() {
        NodeAddress source;
        synchronized (lock) {
            if (log.epoch().value() >= wanted) {
                fetching = false;
                wanted = 0;
                wantedFrom = null;
                return;
            }
            source = wantedFrom;
        }
        Epoch since = log.epoch();
        messaging.request(source, Verb.METADATA_FETCH,
                        ExchangeMessages.fetch(new ExchangeMessages.Fetch(since, ExchangeMessages.MAX_ENTRIES)), timeout)
                .whenComplete((payload, failure) -> fetched(source, since, payload));
    }

    private void fetched(NodeAddress source, Epoch since, byte[] payload) {
        boolean progressed = false;
        if (payload != null) {
            try {
                List<LogEntry> entries = ExchangeMessages.readEntries(payload, "METADATA_FETCH answer");
                log.append(entries);
                progressed = log.epoch().isAfter(since);
            } catch (MalformedMessageException e) {
                malformed.incrementAndGet();
                LOG.warn("Ignoring a malformed metadata log page from {}: {}", source, e.getMessage());
            }
        }
        if (!progressed) {
            synchronized (lock) {
                if (source.equals(wantedFrom)) {
                    // Silence, or nothing new: give up this goal until another message shows one.
                    wanted = 0;
                    wantedFrom = null;
                }
            }
        }
        fetchNext();
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
        messaging.respond(message, ExchangeMessages.entries(log.entriesAfter(fetch.since(), fetch.max())));
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
