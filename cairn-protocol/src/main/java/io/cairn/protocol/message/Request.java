package io.cairn.protocol.message;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** The messages a client sends (native_protocol_v5 §4.1), decoded. */
public sealed interface Request {

    /** STARTUP: options such as CQL_VERSION and COMPRESSION, keys upper-cased. */
    record Startup(Map<String, String> options) implements Request {
    }

    /** OPTIONS: asks what the server supports; also the drivers' heartbeat. */
    record Options() implements Request {
    }

    record Query(String query, QueryParameters parameters) implements Request {
    }

    /** PREPARE, with the keyspace v5 may name for it (null when absent). */
    record Prepare(String query, String keyspace) implements Request {
    }

    /** EXECUTE of a prepared statement; {@code resultMetadataId} is null before v5. */
    record Execute(byte[] statementId, byte[] resultMetadataId, QueryParameters parameters) implements Request {
    }

    record Batch(BatchType type, List<BatchStatement> statements, QueryParameters parameters) implements Request {
    }

    /** REGISTER for server-pushed events. */
    record Register(List<EventType> events) implements Request {
    }

    /** AUTH_RESPONSE: a SASL token (null allowed). */
    record AuthResponse(ByteBuffer token) implements Request {
    }

    /** LOGGED, UNLOGGED or COUNTER, by their protocol codes 0, 1, 2. */
    enum BatchType {
        LOGGED,
        UNLOGGED,
        COUNTER
    }

    /** One statement of a BATCH: a query string or a prepared id (exactly one is set), and its values. */
    record BatchStatement(String query, byte[] statementId, List<ByteBuffer> values) {
    }

    /** What REGISTER subscribes to. */
    enum EventType {
        TOPOLOGY_CHANGE,
        STATUS_CHANGE,
        SCHEMA_CHANGE
    }
}
