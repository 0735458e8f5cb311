package io.cairn.cql.error;

import java.util.Objects;

/**
 * A failure to report to the client as a protocol ERROR of {@link #code()}. The message is
 * what the user reads, worded as Cassandra words it where Cassandra has the same error.
 * Subclasses carry the extra fields some error kinds have on the wire.
 */
public class CqlException extends RuntimeException {

    private final ErrorCode code;

    public CqlException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public CqlException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public static CqlException invalid(String message) {
        return new CqlException(ErrorCode.INVALID, message);
    }

    public static CqlException syntax(String message) {
        return new CqlException(ErrorCode.SYNTAX_ERROR, message);
    }

    public static CqlException configuration(String message) {
        return new CqlException(ErrorCode.CONFIG_ERROR, message);
    }

    public static CqlException protocol(String message) {
        return new CqlException(ErrorCode.PROTOCOL_ERROR, message);
    }
}
