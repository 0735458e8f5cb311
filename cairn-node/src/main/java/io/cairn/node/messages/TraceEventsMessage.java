package io.cairn.node.messages;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The events a replica recorded for a traced request, sent one-way to the request's coordinator
 * just before the replica answers it (on the same connection, so they arrive first). Layout:
 * {@code [version][session uuid][count]} then each event
 * {@code [event uuid][activity][host][int port][int elapsed micros][thread]}.
 */
public record TraceEventsMessage(UUID session, List<Event> events) implements ReplicaMessage {

    /** Events in one message: what a replica records for one request is far fewer. */
    public static final int MAX_EVENTS = 1_000;
    /** The longest activity kept: a longer one is cut (a statement's text can be long). */
    public static final int MAX_ACTIVITY_BYTES = 4_096;
    /** The longest thread name or host kept. */
    public static final int MAX_NAME_BYTES = 256;
    /** The smallest event on the wire: its id, four empty strings' lengths, port and elapsed time. */
    private static final int MIN_EVENT_BYTES = 16 + 4 * 3 + 4 + 4;

    /**
     * One step of a traced request, as {@code system_traces.events} holds it.
     *
     * @param id             a time UUID, which orders the session's events
     * @param host           the node that recorded it (its internode address)
     * @param elapsedMicros  since that node began its part of the request
     */
    public record Event(UUID id, String activity, String host, int port, int elapsedMicros, String thread) {

        public Event {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(activity, "activity");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(thread, "thread");
            if (activity.length() > MAX_ACTIVITY_BYTES || host.length() > MAX_NAME_BYTES
                    || thread.length() > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("A trace event's activity, host or thread is too long");
            }
            if (elapsedMicros < 0) {
                throw new IllegalArgumentException("Negative elapsed time " + elapsedMicros + " in a trace event");
            }
        }
    }

    public TraceEventsMessage {
        Objects.requireNonNull(session, "session");
        events = List.copyOf(events);
        if (events.size() > MAX_EVENTS) {
            throw new IllegalArgumentException(events.size() + " trace events in one message, more than "
                    + MAX_EVENTS);
        }
    }

    @Override
    public Verb verb() {
        return Verb.TRACE_EVENTS;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        out.writeUuid(session);
        out.writeInt(events.size());
        for (Event event : events) {
            out.writeUuid(event.id());
            out.writeString(event.activity());
            out.writeString(event.host());
            out.writeInt(event.port());
            out.writeInt(event.elapsedMicros());
            out.writeString(event.thread());
        }
        return out.toByteArray();
    }

    public static TraceEventsMessage deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "TRACE_EVENTS message", in -> {
            UUID session = in.readUuid();
            int count = in.readCount(MIN_EVENT_BYTES, MAX_EVENTS);
            List<Event> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(event(in));
            }
            return new TraceEventsMessage(session, events);
        });
    }

    private static Event event(ByteReader in) {
        UUID id = in.readUuid();
        String activity = in.readString(MAX_ACTIVITY_BYTES * 4);
        String host = in.readString(MAX_NAME_BYTES);
        int port = in.readInt();
        int elapsed = in.readInt();
        String thread = in.readString(MAX_NAME_BYTES * 4);
        try {
            return new Event(id, activity, host, port, elapsed, thread);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }
}
