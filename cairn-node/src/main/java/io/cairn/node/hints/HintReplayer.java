package io.cairn.node.hints;

import io.cairn.node.messages.HintMessage;
import io.cairn.node.ring.Topology;
import io.cairn.node.system.TruncationRecords;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.common.time.TimeUuids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.cairn.common.time.Throttle;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers stored hints to their replicas once the failure detector sees them up (every
 * interval, and when gossip sees one come back): to each such target, page after page of
 * {@link #HINTS_PER_PAGE} hints, as HINT messages (the mutation and when it was hinted), the next
 * page once the last one was answered. The throttle in bytes a second (Cassandra's
 * {@code hinted_handoff_throttle}) bounds what a node that comes back receives from the whole
 * cluster, as Cassandra's does: each delivery is paced to the throttle divided by the number of
 * other members, so that all of them together send one node at most the throttle. Each hint is
 * deleted when its replica acknowledges it (a hint delivered twice is harmless: writes merge by
 * timestamp); a hint not delivered stops that target's delivery until the next round. Targets are remembered across
 * restarts through the store. A hint of a table truncated since it was written would bring
 * truncated rows back: it is deleted unsent when the table was truncated here, and left out by
 * the replica when the table was truncated there (as Cassandra does when applying a hint). A hint
 * older than its table's gc grace is deleted unsent (expired), as Cassandra's: its replica may
 * have purged a newer tombstone of the data, which the hint would bring back; repair brings the
 * replica what it missed instead.
 */
public final class HintReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(HintReplayer.class);

    /** Hints read and sent to a target at a time: a page, whose answers all come before the next is read. */
    public static final int HINTS_PER_PAGE = 256;

    private final HintStore hints;
    private final TruncationRecords truncations;
    private final MessagingService messaging;
    private final Topology topology;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final java.util.function.ToIntFunction<io.cairn.storage.TableId> gcGrace;
    private final long bytesPerSecond;
    private final Executor executor;
    /** The targets a delivery runs to now: one at a time each. */
    private final Set<NodeAddress> delivering = ConcurrentHashMap.newKeySet();
    private final Set<NodeAddress> targets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger delivered = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong deliveredBytes = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private Scheduler.Cancellable rounds;

    /**
     * @param gcGrace  each table's gc grace, in seconds: a hint older than its table's is deleted
     *                 unsent, since its replica may have purged a newer tombstone of the data by then
     * @param bytesPerSecond what all members together may send one target, in bytes a second
     *                       (Cassandra's {@code hinted_handoff_throttle}); 0 for no limit
     * @param executor       where pages of hints are read (never a messaging thread)
     */
    public HintReplayer(HintStore hints, TruncationRecords truncations, MessagingService messaging, Topology topology,
                        Clock clock, Scheduler scheduler, Duration timeout,
                        java.util.function.ToIntFunction<io.cairn.storage.TableId> gcGrace, long bytesPerSecond,
                        Executor executor) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("The hint throttle must not be negative, got " + bytesPerSecond);
        }
        this.gcGrace = gcGrace;
        this.bytesPerSecond = bytesPerSecond;
        this.executor = executor;
        this.hints = hints;
        this.truncations = truncations;
        this.messaging = messaging;
        this.topology = topology;
        this.clock = clock;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /** A hint was stored for {@code target}: it will be replayed when the target is up. */
    public void remember(NodeAddress target) {
        targets.add(target);
    }

    public void start(Duration interval) {
        rounds = scheduler.scheduleWithFixedDelay(interval, interval, this::replay);
    }

    public void stop() {
        if (rounds != null) {
            rounds.cancel();
        }
    }

    /** Hints acknowledged by their replicas since start. */
    public int deliveredCount() {
        return delivered.get();
    }

    /** The bytes of the HINT messages acknowledged since start (what the throttle paces). */
    public long deliveredBytes() {
        return deliveredBytes.get();
    }

    /** Hints deleted unsent since start because their table was truncated after they were written. */
    public int droppedCount() {
        return dropped.get();
    }

    /** Hints deleted unsent since start because they were older than their table's gc grace. */
    public int expiredCount() {
        return expired.get();
    }

    /** One round: starts delivering to each live target that has hints, unless that runs already. */
    public void replay() {
        for (NodeAddress target : targets) {
            if (topology.isAlive(target) && delivering.add(target)) {
                Throttle throttle = new Throttle(deliveryBytesPerSecond(), clock, scheduler);
                executor.execute(() -> deliverPage(target, throttle, null, false));
            }
        }
    }

    /**
     * This node's share of the throttle for one delivery: the throttle divided by the number of
     * other members, which may all be delivering to the same target (at least 1 byte a second).
     */
    private long deliveryBytesPerSecond() {
        return share(bytesPerSecond, topology.members().size());
    }

    /** {@code bytesPerSecond} divided among the {@code members} but one (0, no limit, stays 0). */
    static long share(long bytesPerSecond, int members) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        return Math.max(1, bytesPerSecond / Math.max(1, members - 1));
    }

    /**
     * Sends {@code target} its next page of hints (the oldest), each once the throttle lets its
     * bytes through; once every one was answered, the next page, until none is left or one was not
     * delivered (the target may be down again: the next round goes on).
     *
     * @param after       the last hint of the page before, or null from the first
     * @param wentBack    whether this delivery has gone back to the first hint once already: it does
     *                    so once at most, so that a hint that does not go away (its deletion hidden by
     *                    a clock stepped back) cannot keep it going
     */
    private void deliverPage(NodeAddress target, Throttle throttle, java.util.UUID after, boolean wentBack) {
        List<HintStore.Hint> page;
        try {
            page = hints.hintsFor(target, HINTS_PER_PAGE, clock.currentTimeSeconds(), after);
        } catch (RuntimeException e) {
            LOG.warn("Could not read the hints for {}; the next round tries again: {}", target, e.getMessage());
            delivering.remove(target);
            return;
        }
        if (page.isEmpty() && after != null && !wentBack) {
            // Past the last hint: a round from the first one tells whether any is left (stored since).
            deliverPage(target, throttle, null, true);
            return;
        }
        if (page.isEmpty()) {
            targets.remove(target);
            // A hint stored (and its target remembered) between the read and the removal stays remembered.
            if (!hints.hintsFor(target, 1, clock.currentTimeSeconds()).isEmpty()) {
                targets.add(target);
            }
            delivering.remove(target);
            return;
        }
        AtomicInteger unanswered = new AtomicInteger(page.size());
        AtomicBoolean undelivered = new AtomicBoolean();
        Runnable answered = () -> {
            if (unanswered.decrementAndGet() == 0) {
                if (undelivered.get() || !topology.isAlive(target)) {
                    delivering.remove(target);
                } else {
                    java.util.UUID last = page.get(page.size() - 1).id();
                    executor.execute(() -> deliverPage(target, throttle, last, wentBack));
                }
            }
        };
        CompletableFuture<Void> paced = CompletableFuture.completedFuture(null);
        for (HintStore.Hint hint : page) {
            byte[] payload;
            try {
                payload = new HintMessage(hint.table(), hint.mutation(), TimeUuids.epochMicros(hint.id())).serialize();
            } catch (RuntimeException e) {
                LOG.warn("Could not send hint {} for {}: {}", hint.id(), target, e.getMessage());
                undelivered.set(true);
                answered.run();
                continue;
            }
            // Judged when its turn comes: the throttle may have held it past its table's gc grace.
            paced = paced.thenCompose(sent -> throttle.pace(payload.length)).thenRun(() -> {
                if (!isDue(target, hint)) {
                    answered.run();
                    return;
                }
                messaging.sendRequest(target, Verb.HINT, payload, timeout, new ResponseCallback() {
                    @Override
                    public void onResponse(Message response) {
                        try {
                            hints.delete(target, hint.id(), deletionMicros(hint), clock.currentTimeSeconds());
                            delivered.incrementAndGet();
                            deliveredBytes.addAndGet(payload.length);
                        } finally {
                            answered.run();
                        }
                    }

                    @Override
                    public void onFailure(NodeAddress peer, Failure failure) {
                        LOG.debug("Hint {} for {} not delivered: {}", hint.id(), peer, failure);
                        undelivered.set(true);
                        answered.run();
                    }
                });
            }).exceptionally(failure -> {
                LOG.warn("Hint {} for {} not sent: {}", hint.id(), target, failure.getMessage());
                undelivered.set(true);
                answered.run();
                return null;
            });
        }
    }

    /**
     * When a delivered hint is deleted: now, but never before it was hinted, so that a clock
     * stepped back cannot leave the deletion hidden under the hint.
     */
    private long deletionMicros(HintStore.Hint hint) {
        return Math.max(clock.currentTimeMicros(), TimeUuids.epochMicros(hint.id()) + 1);
    }

    /**
     * Whether {@code hint} is still to be sent: one older than its table's gc grace (by when it
     * was hinted or by its oldest timestamp) or of a table truncated since is deleted instead.
     */
    private boolean isDue(NodeAddress target, HintStore.Hint hint) {
        long hintedAt = TimeUuids.epochMicros(hint.id());
        if (hint.mutation().isPastGcGrace(hintedAt, gcGrace.applyAsInt(hint.table()), clock.currentTimeMicros())) {
            hints.delete(target, hint.id(), deletionMicros(hint), clock.currentTimeSeconds());
            expired.incrementAndGet();
            return false;
        }
        if (truncations.isTruncatedSince(hint.table(), hintedAt)) {
            hints.delete(target, hint.id(), deletionMicros(hint), clock.currentTimeSeconds());
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }
}
