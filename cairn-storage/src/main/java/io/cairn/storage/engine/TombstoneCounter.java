package io.cairn.storage.engine;

import io.cairn.storage.TableId;
import io.cairn.storage.TooManyTombstonesException;

/** Counts the tombstones and expired cells one read meets, and stops the read past the limit. */
final class TombstoneCounter {

    private final TableId table;
    private final int limit;
    private int seen;

    TombstoneCounter(TableId table, int limit) {
        this.table = table;
        this.limit = limit;
    }

    void add(int tombstones) {
        seen += tombstones;
        if (seen > limit) {
            throw new TooManyTombstonesException(table, limit);
        }
    }

    int seen() {
        return seen;
    }
}
