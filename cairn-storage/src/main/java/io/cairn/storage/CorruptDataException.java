package io.cairn.storage;

/**
 * Stored bytes that do not decode: a damaged file or a bug. Reads fail with this rather than
 * return wrong data; the message names the table.
 */
public final class CorruptDataException extends StorageException {

    public CorruptDataException(String message) {
        super(message);
    }

    public CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
