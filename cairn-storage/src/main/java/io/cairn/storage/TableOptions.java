package io.cairn.storage;

/**
 * The table settings the storage engine acts on.
 *
 * @param gcGraceSeconds how long a tombstone (or an expired cell) is kept before the purge
 *                       sweep may drop it: the window in which repair must spread deletions
 *                       to every replica. Cassandra's default is ten days.
 */
public record TableOptions(int gcGraceSeconds) {

    public static final int DEFAULT_GC_GRACE_SECONDS = 864_000;
    public static final TableOptions DEFAULTS = new TableOptions(DEFAULT_GC_GRACE_SECONDS);

    public TableOptions {
        if (gcGraceSeconds < 0) {
            throw new IllegalArgumentException("gc_grace_seconds must be >= 0, got " + gcGraceSeconds);
        }
    }
}
