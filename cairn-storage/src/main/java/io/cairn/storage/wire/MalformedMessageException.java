package io.cairn.storage.wire;

/** A storage message (update, read, result) from another node that cannot be decoded. */
public final class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super("Malformed storage message: " + message);
    }
}
