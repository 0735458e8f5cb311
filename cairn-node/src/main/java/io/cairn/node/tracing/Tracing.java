package io.cairn.node.tracing;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.common.time.TimeUuids;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.messages.TraceEventsMessage;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Query tracing, as Cassandra's: a request traced by its client (the protocol's tracing flag,
 * {@code TRACING ON} in the shell) records each step on every node it touches, and its
 * coordinator writes them into {@code system_traces.events}, and the request into
 * {@code system_traces.sessions}, where drivers read them back.
 *
 * <p>On the coordinator, {@link #begin} opens a session and {@link #finish} writes it, events
 * first and the session row (with its duration) last, and completes once both are written, so
 * that a client that reads the trace after its answer finds it whole. A data request sent for
 * the session carries its id ({@code messages.TracedPayload}); the replica records its own steps
 * in a {@link #onReplica} trace and sends them to the coordinator with {@link #sendToCoordinator}
 * just before its answer, on the same connection, so they arrive first and are written with the
 * coordinator's. Events that arrive after their session was written (a replica slower than the
 * consistency level needed) are written on their own.
 *
 * <p>Trace rows expire after {@link #TTL_SECONDS}. Writing a trace never fails a request: a
 * trace that cannot be written is lost, and the log says so at debug level.
 */
public final class Tracing {

    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

    /** How long trace rows live: a day, as Cassandra's. */
    public static final int TTL_SECONDS = 86_400;
    /** Sessions open at once on a coordinator: a traced request past it runs untraced. */
    public static final int MAX_OPEN_SESSIONS = 1_000;

    /** Writes trace rows into their table (at consistency ONE, through the node's coordinator). */
    public interface RowWriter {
        CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> rows);
    }

    private final NodeAddress self;
    private final MessagingService messaging;
    private final SchemaManager schema;
    private final Clock clock;
    private final TimeUuids ids;
    private final RowWriter writer;
    private final java.util.concurrent.Executor lateWrites;
    private final Map<UUID, TraceSession> open = new ConcurrentHashMap<>();

    /** @param lateWrites where events that come after their session was written are written (never a messaging thread) */
    public Tracing(NodeAddress self, MessagingService messaging, SchemaManager schema, Clock clock, TimeUuids ids,
                   RowWriter writer, java.util.concurrent.Executor lateWrites) {
        this.lateWrites = lateWrites;
        this.self = self;
        this.messaging = messaging;
        this.schema = schema;
        this.clock = clock;
        this.ids = ids;
        this.writer = writer;
    }

    /** Receives the replicas' events: a one-way message, handled where it arrives (it only adds to a list). */
    public void register() {
        messaging.registerHandler(Verb.TRACE_EVENTS, this::onEvents);
    }

    /**
     * Opens a session on this coordinator, or gives null when {@link #MAX_OPEN_SESSIONS} are open
     * (the request then runs untraced).
     */
    public synchronized TraceSession begin(String request, Map<String, String> parameters, InetAddress client) {
        if (open.size() >= MAX_OPEN_SESSIONS) {
            LOG.debug("Not tracing a request: {} traced requests are under way", open.size());
            return null;
        }
        long nowMicros = clock.currentTimeMicros();
        TraceState trace = new TraceState(ids.next(nowMicros), self, clock, ids);
        TraceSession session = new TraceSession(trace, request, parameters, client, nowMicros / 1_000);
        open.put(trace.session(), session);
        return session;
    }

    /**
     * Closes the session: writes its events, then its row with the request's duration (from
     * which clients show "Request complete", as cqlsh does). Completes (never fails) once both
     * are written or could not be.
     */
    public CompletionStage<Void> finish(TraceSession session) {
        TraceState trace = session.trace();
        int duration = trace.elapsedMicros();
        open.remove(trace.session());
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            // Closed first: a replica's events that come from now on are written on their own.
            List<TraceEventsMessage.Event> recorded = trace.close();
            TableMetadata events = table("events");
            TableMetadata sessions = table("sessions");
            if (events == null || sessions == null) {
                done.complete(null);
                return done;
            }
            long nowMicros = clock.currentTimeMicros();
            write(events, trace.session(), recorded)
                    .thenCompose(written -> writer.write(sessions, List.of(sessionRow(sessions, session, duration,
                            nowMicros))))
                    .whenComplete((written, failure) -> {
                        if (failure != null) {
                            LOG.debug("Could not write trace {}: {}", trace.session(), failure.toString());
                        }
                        done.complete(null);
                    });
        } catch (RuntimeException e) {
            // A write that throws rather than failing its stage (storage closing under a drain).
            LOG.debug("Could not write trace {}: {}", trace.session(), e.toString());
            done.complete(null);
        }
        return done;
    }

    /** A replica's part of session {@code session}. */
    public TraceState onReplica(UUID session) {
        return new TraceState(session, self, clock, ids);
    }

    /** Sends what a replica recorded to the request's coordinator (before the replica answers it). */
    public void sendToCoordinator(TraceState trace, NodeAddress coordinator) {
        List<TraceEventsMessage.Event> events = trace.takeEvents();
        if (!events.isEmpty()) {
            messaging.sendOneWay(coordinator, Verb.TRACE_EVENTS,
                    new TraceEventsMessage(trace.session(), events).serialize());
        }
    }

    private void onEvents(Message message) {
        TraceEventsMessage received;
        try {
            received = TraceEventsMessage.deserialize(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Ignoring a TRACE_EVENTS from {}: {}", message.from(), e.getMessage());
            return;
        }
        TraceSession session = open.get(received.session());
        if (session != null && session.trace().addAll(received.events())) {
            return;
        }
        // The session was written already: its late events go on their own, written off this
        // messaging thread (the trace's replica may be this node's own storage).
        TableMetadata events = table("events");
        if (events == null) {
            return;
        }
        try {
            lateWrites.execute(() -> {
                try {
                    write(events, received.session(), received.events()).whenComplete((written, failure) -> {
                        if (failure != null) {
                            LOG.debug("Could not write late events of trace {}: {}", received.session(),
                                    failure.toString());
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.debug("Could not write late events of trace {}: {}", received.session(), e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Dropped late events of trace {}: {}", received.session(), e.toString());
        }
    }

    private TableMetadata table(String name) {
        return schema.current().table(SystemKeyspaces.SYSTEM_TRACES, name);
    }

    private CompletionStage<Void> write(TableMetadata table, UUID session, List<TraceEventsMessage.Event> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long nowMicros = clock.currentTimeMicros();
        PartitionUpdate.Builder update = null;
        for (TraceEventsMessage.Event event : events) {
            Map<String, ByteBuffer> row = new HashMap<>();
            row.put("session_id", NativeType.UUID.decompose(session));
            row.put("event_id", NativeType.TIMEUUID.decompose(event.id()));
            row.put("activity", SchemaRows.text(event.activity()));
            InetAddress source = address(event.host());
            if (source != null) {
                row.put("source", NativeType.INET.decompose(source));
            }
            row.put("source_port", NativeType.INT.decompose(event.port()));
            row.put("source_elapsed", NativeType.INT.decompose(event.elapsedMicros()));
            row.put("thread", SchemaRows.text(event.thread()));
            if (update == null) {
                update = PartitionUpdate.builder(SchemaRows.partitionKey(table, row));
            }
            update.row(SchemaRows.expiringRow(table, row, nowMicros, TTL_SECONDS));
        }
        return writer.write(table, List.of(update.build()));
    }

    private PartitionUpdate sessionRow(TableMetadata table, TraceSession session, int durationMicros,
                                       long nowMicros) {
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("session_id", NativeType.UUID.decompose(session.trace().session()));
        if (session.client() != null) {
            row.put("client", NativeType.INET.decompose(session.client()));
        }
        row.put("command", SchemaRows.text("QUERY"));
        InetAddress coordinator = address(self.host());
        if (coordinator != null) {
            row.put("coordinator", NativeType.INET.decompose(coordinator));
        }
        row.put("coordinator_port", NativeType.INT.decompose(self.port()));
        row.put("duration", NativeType.INT.decompose(durationMicros));
        if (!session.parameters().isEmpty()) {
            row.put("parameters", SchemaRows.textMap(session.parameters()));
        }
        row.put("request", SchemaRows.text(session.request()));
        row.put("started_at", NativeType.TIMESTAMP.decompose(java.time.Instant.ofEpochMilli(
                session.startedAtMillis())));
        return PartitionUpdate.builder(SchemaRows.partitionKey(table, row))
                .row(SchemaRows.expiringRow(table, row, nowMicros, TTL_SECONDS)).build();
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** A node's address as an inet column holds it; null for a host name that is not an address literal. */
    private static InetAddress address(String host) {
        if (IPV4.matcher(host).matches() || host.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
