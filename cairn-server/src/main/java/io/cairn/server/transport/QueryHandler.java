package io.cairn.server.transport;

import io.cairn.protocol.message.Request;
import io.cairn.protocol.message.Response;

import java.util.concurrent.CompletionStage;

/**
 * Executes the statements the transport receives: QUERY, PREPARE, EXECUTE and BATCH. The
 * node's query layer implements it; the transport owns everything else about a connection.
 *
 * <p>The returned stage may complete on any thread. A {@link io.cairn.cql.error.CqlException}
 * completes it with the matching protocol error; any other failure becomes a SERVER_ERROR.
 */
public interface QueryHandler {

    CompletionStage<Response> handle(Request request, ClientState client);

    /**
     * As above, for a request whose envelope has the tracing flag when {@code tracing}: a handler
     * that traces answers with a {@link Response.Traced}. This one ignores the flag.
     */
    default CompletionStage<Response> handle(Request request, ClientState client, boolean tracing) {
        return handle(request, client);
    }
}
