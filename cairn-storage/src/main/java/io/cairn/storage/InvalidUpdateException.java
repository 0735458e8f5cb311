package io.cairn.storage;

/** An update the engine refuses before writing anything, such as a key or value over its size limit. */
public final class InvalidUpdateException extends StorageException {

    public InvalidUpdateException(String message) {
        super(message);
    }
}
