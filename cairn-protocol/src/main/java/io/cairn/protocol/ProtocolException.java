package io.cairn.protocol;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;

/**
 * A message that breaks the protocol: answered with a PROTOCOL_ERROR on its stream. When
 * {@link #isFatal()} the connection cannot be trusted any more (a corrupt segment, a length
 * over the limit) and is closed after the error is flushed.
 */
public final class ProtocolException extends CqlException {

    /** The stream id to answer on when the failing message's is unknown. */
    public static final int NO_STREAM = 0;

    private final int streamId;
    private final boolean fatal;

    public ProtocolException(String message) {
        this(message, NO_STREAM, false);
    }

    public ProtocolException(String message, int streamId, boolean fatal) {
        super(ErrorCode.PROTOCOL_ERROR, message);
        this.streamId = streamId;
        this.fatal = fatal;
    }

    /** The same error, tied to the stream of the message it was found in. */
    public ProtocolException onStream(int stream) {
        return new ProtocolException(getMessage(), stream, fatal);
    }

    public int streamId() {
        return streamId;
    }

    public boolean isFatal() {
        return fatal;
    }
}
