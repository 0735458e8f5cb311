package io.cairn.common.wire;

/**
 * Input from another node that cannot be decoded: truncated, corrupt, of an unknown version,
 * or violating a limit. Unchecked; whoever receives a message catches it, logs, and drops the
 * message (or the connection) instead of letting it escape.
 */
public final class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
