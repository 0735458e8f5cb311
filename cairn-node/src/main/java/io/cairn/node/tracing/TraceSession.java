package io.cairn.node.tracing;

import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;

/**
 * A traced request on its coordinator: what {@code system_traces.sessions} says of it (the
 * request, its parameters, the client, when it started) and the coordinator's {@link TraceState},
 * to which the replicas' events are added as they arrive.
 *
 * @param request        what was asked, in Cassandra's words ("Execute CQL3 query")
 * @param parameters     the statement's text, consistency levels and page size
 * @param client         the client's address, or null when unknown
 * @param startedAtMillis when the coordinator began, in milliseconds since the epoch
 */
public record TraceSession(TraceState trace, String request, Map<String, String> parameters, InetAddress client,
                           long startedAtMillis) {

    public TraceSession {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(request, "request");
        parameters = Map.copyOf(parameters);
    }
}
