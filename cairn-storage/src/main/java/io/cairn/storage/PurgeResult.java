package io.cairn.storage;

/**
 * What one purge sweep of a table did.
 *
 * @param purgedTombstones tombstones and expired cells dropped after gc grace
 * @param purgedShadowed   cells and markers dropped because a deletion shadows them
 * @param skippedConflicts entries left for a later sweep because a write touched them meanwhile
 */
public record PurgeResult(long purgedTombstones, long purgedShadowed, long skippedConflicts) {

    public static final PurgeResult NONE = new PurgeResult(0, 0, 0);

    public PurgeResult plus(PurgeResult other) {
        return new PurgeResult(purgedTombstones + other.purgedTombstones, purgedShadowed + other.purgedShadowed,
                skippedConflicts + other.skippedConflicts);
    }
}
