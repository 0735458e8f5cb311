package io.cairn.cluster.messaging;

import io.cairn.common.time.Scheduler;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests a node is waiting on: gives each an id, completes it with its response, or
 * fails it at its timeout (the scheduler's) or when sending failed. Each callback hears
 * exactly one outcome. Bounded: past {@link #MAX_PENDING} waiting requests, new ones fail at
 * once as UNREACHABLE rather than grow memory.
 */
public final class RequestTracker {

    public static final int MAX_PENDING = 1 << 20;

    private record Pending(NodeAddress peer, ResponseCallback callback, Scheduler.Cancellable timeout) {
    }

    private final Scheduler scheduler;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    public RequestTracker(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public long nextId() {
        return nextId.getAndIncrement();
    }

    /** Starts waiting for the response to request {@code id}; false when too many are waiting. */
    public boolean register(long id, NodeAddress peer, Duration timeout, ResponseCallback callback) {
        if (pending.size() >= MAX_PENDING) {
            return false;
        }
        Scheduler.Cancellable expiry = scheduler.schedule(timeout, () -> fail(id, ResponseCallback.Failure.TIMEOUT));
        pending.put(id, new Pending(peer, callback, expiry));
        return true;
    }

    /**
     * Delivers a response (a {@link Verb#FAILURE_RESPONSE} fails the request instead); a
     * response nobody waits for (late or unknown) is dropped.
     */
    public void complete(Message response) {
        if (response.verb() == Verb.FAILURE_RESPONSE) {
            fail(response.id(), FailureResponses.failureOf(response.payload()));
            return;
        }
        Pending waiting = pending.remove(response.id());
        if (waiting != null) {
            waiting.timeout().cancel();
            waiting.callback().onResponse(response);
        }
    }

    public void fail(long id, ResponseCallback.Failure failure) {
        Pending waiting = pending.remove(id);
        if (waiting != null) {
            waiting.timeout().cancel();
            waiting.callback().onFailure(waiting.peer(), failure);
        }
    }

    /**
     * Fails every request waiting on {@code peer} (its connection closed: their answers can no
     * longer come, so callers learn it now rather than at the timeout).
     */
    public void failAllTo(NodeAddress peer, ResponseCallback.Failure failure) {
        for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
            if (entry.getValue().peer().equals(peer)) {
                fail(entry.getKey(), failure);
            }
        }
    }

    public int pendingCount() {
        return pending.size();
    }
}
