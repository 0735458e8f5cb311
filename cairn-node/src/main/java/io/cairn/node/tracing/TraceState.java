package io.cairn.node.tracing;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.messages.TraceEventsMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One node's part of a traced request: the events it recorded, at most
 * {@link TraceEventsMessage#MAX_EVENTS} (past them, events are counted and dropped, and the
 * count is recorded last). Events may be recorded from several threads.
 */
public final class TraceState implements Trace {

    private final UUID session;
    private final NodeAddress source;
    private final Clock clock;
    private final TimeUuids ids;
    private final long startNanos;
    private final List<TraceEventsMessage.Event> events = new ArrayList<>();
    private int dropped;
    /** Once its session was written, a coordinator's trace takes no more events from replicas. */
    private boolean closed;

    TraceState(UUID session, NodeAddress source, Clock clock, TimeUuids ids) {
        this.session = Objects.requireNonNull(session, "session");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = clock;
        this.ids = ids;
        this.startNanos = clock.nanoTime();
    }

    @Override
    public boolean isOn() {
        return true;
    }

    @Override
    public UUID session() {
        return session;
    }

    @Override
    public void event(String activity) {
        String text = activity.length() > TraceEventsMessage.MAX_ACTIVITY_BYTES
                ? activity.substring(0, TraceEventsMessage.MAX_ACTIVITY_BYTES - 3) + "..." : activity;
        String thread = threadName();
        synchronized (this) {
            if (events.size() >= TraceEventsMessage.MAX_EVENTS - 1) {
                dropped++;
                return;
            }
            events.add(new TraceEventsMessage.Event(ids.next(clock.currentTimeMicros()), text, source.host(),
                    source.port(), elapsedMicros(), thread));
        }
    }

    /** This thread's name, cut to what an event carries. */
    private static String threadName() {
        String thread = Thread.currentThread().getName();
        return thread.length() > TraceEventsMessage.MAX_NAME_BYTES
                ? thread.substring(0, TraceEventsMessage.MAX_NAME_BYTES) : thread;
    }

    /** Microseconds since this node began its part, as an event's {@code source_elapsed} holds them. */
    public int elapsedMicros() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (clock.nanoTime() - startNanos) / 1_000));
    }

    /**
     * Adds the events another node recorded (a replica's), as far as the bound allows; false, adding
     * nothing, once the trace is closed (its session written: they must be written on their own).
     */
    synchronized boolean addAll(List<TraceEventsMessage.Event> more) {
        if (closed) {
            return false;
        }
        for (TraceEventsMessage.Event event : more) {
            if (events.size() >= TraceEventsMessage.MAX_EVENTS - 1) {
                dropped++;
            } else {
                events.add(event);
            }
        }
        return true;
    }

    /**
     * Closes the trace and gives what it recorded (see {@link #takeEvents}): its session is being
     * written; replicas' events that come later are refused by {@link #addAll}, and this node's own
     * later steps (an answer past the consistency level) are recorded nowhere.
     */
    synchronized List<TraceEventsMessage.Event> close() {
        closed = true;
        return takeEvents();
    }

    /**
     * The events recorded so far, which are then forgotten (a later event starts a new batch),
     * with a last one that says how many were dropped, if any were.
     */
    synchronized List<TraceEventsMessage.Event> takeEvents() {
        List<TraceEventsMessage.Event> taken = new ArrayList<>(events);
        if (dropped > 0) {
            taken.add(new TraceEventsMessage.Event(ids.next(clock.currentTimeMicros()), dropped
                    + " more events were not recorded (at most " + TraceEventsMessage.MAX_EVENTS + " a request)",
                    source.host(), source.port(), elapsedMicros(), threadName()));
            dropped = 0;
        }
        events.clear();
        return taken;
    }
}
