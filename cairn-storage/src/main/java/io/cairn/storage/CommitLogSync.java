package io.cairn.storage;

/**
 * When the commit log is forced to disk. Either way, every acknowledged write is in the
 * operating system's hands before the acknowledgement, so a process crash loses nothing;
 * the modes differ on a machine crash or power loss.
 */
public enum CommitLogSync {
    /** fsync every sync period (the default): a machine crash may lose up to one period of writes. */
    PERIODIC,
    /** fsync before acknowledging; concurrent writers share one fsync (group commit). */
    BATCH
}
