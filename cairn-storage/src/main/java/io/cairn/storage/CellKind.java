package io.cairn.storage;

/**
 * What a stored cell is. The declaration order is the reconciliation order on equal write
 * timestamps: a tombstone beats an expiring cell, which beats a plain live cell (Cassandra's
 * rule, so that replicas converge whatever the clock said when they compared).
 */
public enum CellKind {
    LIVE,
    EXPIRING,
    TOMBSTONE
}
