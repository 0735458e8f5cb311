package io.cairn.storage;

/**
 * A read met more tombstones than {@link StorageLimits#maxTombstonesPerRead} allows and was
 * stopped: scanning on would hold memory and time for data that reads as absent. The usual
 * cure is a data model that deletes less within one partition, or a shorter gc_grace_seconds.
 */
public final class TooManyTombstonesException extends StorageException {

    public TooManyTombstonesException(TableId table, int limit) {
        super("Read of " + table + " scanned over " + limit + " tombstones and was aborted");
    }
}
