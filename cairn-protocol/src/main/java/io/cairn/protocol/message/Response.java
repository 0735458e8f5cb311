package io.cairn.protocol.message;

import io.cairn.cql.error.CqlException;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** The messages a server sends (native_protocol_v5 §4.2). */
public sealed interface Response {

    record Ready() implements Response {
    }

    /** AUTHENTICATE: the client must authenticate with this authenticator class. */
    record Authenticate(String authenticator) implements Response {
    }

    record Supported(Map<String, List<String>> options) implements Response {
    }

    /** ERROR: the exception's code, message and the extra fields of its kind. */
    record Error(CqlException error) implements Response {
    }

    record AuthSuccess(ByteBuffer token) implements Response {
    }

    /** RESULT of kind Void. */
    record Void() implements Response {
    }

    /** RESULT of kind Rows: each row one serialized value per column, null for null. */
    record Rows(RowsMetadata metadata, List<List<ByteBuffer>> rows) implements Response {
    }

    record SetKeyspace(String keyspace) implements Response {
    }

    /**
     * RESULT of kind Prepared.
     *
     * @param partitionKeyIndexes for each partition key column, the index of the bind marker that
     *                            holds it; empty when not every key column is bound
     */
    record Prepared(byte[] statementId, byte[] resultMetadataId, List<ColumnSpec> variables,
                    List<Integer> partitionKeyIndexes, RowsMetadata result) implements Response {
    }

    record SchemaChangeResult(SchemaChange change) implements Response {
    }

    /**
     * The answer to a request the client asked to trace: its envelope has the tracing flag, and
     * its body starts with the tracing session's id, then {@code response}'s.
     */
    record Traced(java.util.UUID tracingId, Response response) implements Response {

        public Traced {
            java.util.Objects.requireNonNull(tracingId, "tracingId");
            if (response instanceof Traced || response instanceof Event) {
                throw new IllegalArgumentException("Not an answer that can carry a tracing id: " + response);
            }
        }
    }

    /** EVENT pushed on stream -1 to connections that registered for it. */
    sealed interface Event extends Response {
    }

    record SchemaChangeEvent(SchemaChange change) implements Event {
    }

    record TopologyChange(TopologyChangeType change, InetSocketAddress node) implements Event {
    }

    record StatusChange(StatusChangeType change, InetSocketAddress node) implements Event {
    }

    enum TopologyChangeType {
        NEW_NODE,
        REMOVED_NODE,
        MOVED_NODE
    }

    enum StatusChangeType {
        UP,
        DOWN
    }
}
