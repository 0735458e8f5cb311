package io.cairn.storage;

/** The table does not exist in this engine. */
public final class UnknownTableException extends StorageException {

    public UnknownTableException(TableId table) {
        super("Table " + table + " does not exist in storage");
    }
}
