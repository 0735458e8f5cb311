package io.cairn.storage;

/** A storage failure the caller can report: it says what happened and to which table or directory. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
