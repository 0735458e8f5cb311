package io.cairn.node.replica;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.ResponseCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a replica does its storage work for other nodes: off the messaging threads (whose event
 * loops also carry every other peer's traffic), on an executor given by the node's wiring, with
 * at most {@code maxQueuedTasks} tasks waiting or running. A request that arrives when the stage
 * is full is answered {@link ResponseCallback.Failure#OVERLOADED} at once (its coordinator
 * counts it as a failed replica, stores a hint or tries another, as for a timeout, without
 * waiting for one); a one-way message is dropped. Memory stays bounded under any load.
 *
 * <p>Thread-safe. In the simulator the executor runs each task on the calling thread, so the
 * stage only counts.
 */
public final class ReplicaStage {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaStage.class);

    /** Default bound on the replica tasks queued or running on one node. */
    public static final int DEFAULT_MAX_QUEUED_TASKS = 8192;

    private final Executor executor;
    private final int maxQueuedTasks;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final io.cairn.cluster.messaging.VerbCounts refusedByVerb = new io.cairn.cluster.messaging.VerbCounts();

    /**
     * @param executor       runs the tasks (a pool in production; the caller's thread in tests
     *                       and the simulator)
     * @param maxQueuedTasks the most tasks waiting or running at once; at least 1
     */
    public ReplicaStage(Executor executor, int maxQueuedTasks) {
        if (maxQueuedTasks < 1) {
            throw new IllegalArgumentException("maxQueuedTasks must be at least 1, not " + maxQueuedTasks);
        }
        this.executor = executor;
        this.maxQueuedTasks = maxQueuedTasks;
    }

    /** A stage that runs every task at once on the thread that delivers the message. */
    public static ReplicaStage onCallingThread() {
        return new ReplicaStage(Runnable::run, DEFAULT_MAX_QUEUED_TASKS);
    }

    /** {@code handler}, run on this stage; {@code messaging} answers the requests it refuses. */
    public MessageHandler wrap(MessagingService messaging, MessageHandler handler) {
        return message -> submit(messaging, message, handler);
    }

    private void submit(MessagingService messaging, Message message, MessageHandler handler) {
        if (queued.incrementAndGet() > maxQueuedTasks) {
            queued.decrementAndGet();
            refuse(messaging, message);
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    handler.handle(message);
                } catch (RuntimeException e) {
                    LOG.error("Replica work for {} from {} failed", message.verb(), message.from(), e);
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            // The executor is shutting down (the node is draining) or full in its own right.
            queued.decrementAndGet();
            refuse(messaging, message);
        }
    }

    private void refuse(MessagingService messaging, Message message) {
        refused.incrementAndGet();
        refusedByVerb.increment(message.verb());
        messaging.respondFailure(message, ResponseCallback.Failure.OVERLOADED);
    }

    /** Tasks waiting or running now. */
    public int queuedTasks() {
        return queued.get();
    }

    /** Requests refused because the stage was full, since the node started. */
    public long refusedRequests() {
        return refused.get();
    }

    /** Requests and messages refused because the stage was full, by verb (those with none left out). */
    public java.util.Map<io.cairn.cluster.messaging.Verb, Long> refusedByVerb() {
        return refusedByVerb.snapshot();
    }

    public int maxQueuedTasks() {
        return maxQueuedTasks;
    }
}
