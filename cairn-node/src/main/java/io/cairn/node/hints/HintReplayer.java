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

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers stored hints to their replicas once the failure detector sees them up: every
 * interval, at most {@link #HINTS_PER_ROUND} hints per target are sent as HINT messages (the
 * mutation and when it was hinted), and each is deleted when its replica acknowledges it (a
 * hint delivered twice is harmless: writes merge by timestamp). Targets are remembered across
 * restarts through the store. A hint of a table truncated since it was written would bring
 * truncated rows back: it is deleted unsent when the table was truncated here, and left out by
 * the replica when the table was truncated there (as Cassandra does when applying a hint). A hint
 * older than its table's gc grace is deleted unsent (expired), as Cassandra's: its replica may
 * have purged a newer tombstone of the data, which the hint would bring back; repair brings the
 * replica what it missed instead.
 */
public final class HintReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(HintReplayer.class);

    /** The replay rate limit: hints sent to one target per round. */
    public static final int HINTS_PER_ROUND = 256;

    private final HintStore hints;
    private final TruncationRecords truncations;
    private final MessagingService messaging;
    private final Topology topology;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final java.util.function.ToIntFunction<io.cairn.storage.TableId> gcGrace;
    private final Set<NodeAddress> targets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private Scheduler.Cancellable rounds;

    /**
     * @param gcGrace each table's gc grace, in seconds: a hint older than its table's is deleted
     *                unsent, since its replica may have purged a newer tombstone of the data by then
     */
    public HintReplayer(HintStore hints, TruncationRecords truncations, MessagingService messaging, Topology topology,
                        Clock clock, Scheduler scheduler, Duration timeout,
                        java.util.function.ToIntFunction<io.cairn.storage.TableId> gcGrace) {
        this.gcGrace = gcGrace;
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

    /** Hints deleted unsent since start because their table was truncated after they were written. */
    public int droppedCount() {
        return dropped.get();
    }

    /** Hints deleted unsent since start because they were older than their table's gc grace. */
    public int expiredCount() {
        return expired.get();
    }

    /** One round: sends each live target its oldest hints. */
    public void replay() {
        for (NodeAddress target : targets) {
            if (!topology.isAlive(target)) {
                continue;
            }
            var batch = hints.hintsFor(target, HINTS_PER_ROUND, clock.currentTimeSeconds());
            if (batch.isEmpty()) {
                targets.remove(target);
                continue;
            }
            long now = clock.currentTimeMicros();
            for (HintStore.Hint hint : batch) {
                if (TimeUuids.epochMicros(hint.id()) + gcGrace.applyAsInt(hint.table()) * 1_000_000L < now) {
                    hints.delete(target, hint.id(), clock.currentTimeMicros(), clock.currentTimeSeconds());
                    expired.incrementAndGet();
                    continue;
                }
                if (truncations.isTruncatedSince(hint.table(), TimeUuids.epochMicros(hint.id()))) {
                    hints.delete(target, hint.id(), clock.currentTimeMicros(), clock.currentTimeSeconds());
                    dropped.incrementAndGet();
                    continue;
                }
                byte[] payload = new HintMessage(hint.table(), hint.mutation(), TimeUuids.epochMicros(hint.id()))
                        .serialize();
                messaging.sendRequest(target, Verb.HINT, payload, timeout, new ResponseCallback() {
                    @Override
                    public void onResponse(Message response) {
                        hints.delete(target, hint.id(), clock.currentTimeMicros(), clock.currentTimeSeconds());
                        delivered.incrementAndGet();
                    }

                    @Override
                    public void onFailure(NodeAddress peer, Failure failure) {
                        LOG.debug("Hint {} for {} not delivered: {}", hint.id(), peer, failure);
                    }
                });
            }
        }
    }
}
