package io.cairn.storage;

/**
 * Size limits the engine enforces on every update before writing anything.
 *
 * @param maxKeyComponentBytes largest partition key, clustering, column name or collection
 *                             element path; Cassandra's limit is 65,535 bytes
 * @param maxUpdateBytes       largest encoded partition update; Cassandra refuses mutations
 *                             over half a commit log segment, 16 MiB by default
 * @param maxTombstonesPerRead a read that meets more tombstones and expired cells than this
 *                             fails instead of scanning on (Cassandra's
 *                             tombstone_failure_threshold, 100,000)
 */
public record StorageLimits(int maxKeyComponentBytes, int maxUpdateBytes, int maxTombstonesPerRead) {

    public static final StorageLimits DEFAULTS = new StorageLimits(65_535, 16 * 1024 * 1024, 100_000);

    public StorageLimits {
        if (maxKeyComponentBytes <= 0 || maxUpdateBytes <= 0 || maxTombstonesPerRead <= 0) {
            throw new IllegalArgumentException("Storage limits must be positive");
        }
    }
}
