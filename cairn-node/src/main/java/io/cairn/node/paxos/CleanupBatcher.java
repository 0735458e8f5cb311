package io.cairn.node.paxos;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Scheduler;
import io.cairn.node.messages.PaxosCleanupMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * A coordinator's cleanups, gathered by replica: each replica gets one one-way PAXOS_CLEANUP for
 * up to {@link PaxosCleanupMessage#MAX_CLEANUPS} of them, sent {@link #DELAY} after the first or
 * as soon as it is full; this node's own replica cleans the same batches directly. A cleanup
 * only drops an update nobody needs any more, so waiting costs nothing but memory (bounded:
 * one batch per replica), and one message and one pass per batch instead of per transaction
 * saves a fifth of an uncontended transaction's messages. A batch not yet sent when the node
 * stops is lost, which leaves updates in the registers, as a lost message would.
 */
final class CleanupBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupBatcher.class);

    /** The longest a cleanup waits for others to the same replica. */
    static final Duration DELAY = Duration.ofMillis(5);

    private final PaxosReplica replica;
    private final MessagingService messaging;
    private final NodeAddress self;
    private final Scheduler scheduler;
    private final Executor work;
    private final int capacity;
    /** The batch gathering for each replica; guarded by {@code this}. */
    private final Map<NodeAddress, List<PaxosCleanupMessage.Cleanup>> gathering = new HashMap<>();

    /**
     * @param work where batches are sent and this node's own replica cleans them (storage work:
     *             never the scheduler's thread, nor the messaging thread of the last commit)
     */
    CleanupBatcher(PaxosReplica replica, MessagingService messaging, NodeAddress self, Scheduler scheduler,
                   Executor work) {
        this(replica, messaging, self, scheduler, work, PaxosCleanupMessage.MAX_CLEANUPS);
    }

    CleanupBatcher(PaxosReplica replica, MessagingService messaging, NodeAddress self, Scheduler scheduler,
                   Executor work, int capacity) {
        if (capacity < 1 || capacity > PaxosCleanupMessage.MAX_CLEANUPS) {
            throw new IllegalArgumentException("A cleanup batch holds 1 to " + PaxosCleanupMessage.MAX_CLEANUPS
                    + " cleanups, not " + capacity);
        }
        this.replica = replica;
        this.messaging = messaging;
        this.self = self;
        this.scheduler = scheduler;
        this.work = work;
        this.capacity = capacity;
    }

    /** Queues {@code cleanup} for each of {@code replicas}, all of which committed its ballot. */
    void add(List<NodeAddress> replicas, PaxosCleanupMessage.Cleanup cleanup) {
        for (NodeAddress node : replicas) {
            List<PaxosCleanupMessage.Cleanup> full = null;
            boolean first;
            synchronized (this) {
                List<PaxosCleanupMessage.Cleanup> batch = gathering.computeIfAbsent(node, n -> new ArrayList<>());
                batch.add(cleanup);
                first = batch.size() == 1;
                if (batch.size() >= capacity) {
                    full = gathering.remove(node);
                }
            }
            if (full != null) {
                List<PaxosCleanupMessage.Cleanup> batch = full;
                work.execute(() -> send(node, batch));
            } else if (first) {
                scheduler.schedule(DELAY, () -> work.execute(() -> flush(node)));
            }
        }
    }

    /** Sends what is gathering for {@code node}, if anything. */
    private void flush(NodeAddress node) {
        List<PaxosCleanupMessage.Cleanup> batch;
        synchronized (this) {
            batch = gathering.remove(node);
        }
        if (batch != null) {
            send(node, batch);
        }
    }

    private void send(NodeAddress node, List<PaxosCleanupMessage.Cleanup> batch) {
        PaxosCleanupMessage message = new PaxosCleanupMessage(batch);
        if (node.equals(self)) {
            try {
                replica.cleanup(message);
            } catch (RuntimeException e) {
                LOG.warn("Local Paxos cleanup of {} partitions failed: {}", batch.size(), e.getMessage());
            }
            return;
        }
        messaging.sendOneWay(node, Verb.PAXOS_CLEANUP, message.serialize());
    }
}
