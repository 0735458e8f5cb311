package io.cairn.storage.kv;

/** How far a read may move from its first seek: what lets a store use its prefix filters. */
public enum ReadScope {
    /** Only keys that share the first seek target's leading 8 bytes (one token): a partition read. */
    ONE_TOKEN,
    /** Anywhere in the column family: scans, exports, sweeps. */
    ANY
}
