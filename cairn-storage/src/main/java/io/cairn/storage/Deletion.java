package io.cairn.storage;

/**
 * A deletion: it shadows every write of the same scope whose timestamp is at or below
 * {@code timestampMicros}.
 *
 * @param timestampMicros          the deletion's write timestamp
 * @param localDeletionTimeSeconds when it was issued, in seconds since the epoch: gc grace
 *                                 counts from here
 */
public record Deletion(long timestampMicros, long localDeletionTimeSeconds) {

    public Deletion {
        StoredTime.checkSeconds(localDeletionTimeSeconds, "local deletion time");
    }

    /** Whether a write at {@code writeTimestampMicros} is shadowed by this deletion. */
    public boolean shadows(long writeTimestampMicros) {
        return writeTimestampMicros <= timestampMicros;
    }
}
