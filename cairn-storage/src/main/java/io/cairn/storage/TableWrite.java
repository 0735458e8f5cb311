package io.cairn.storage;

import java.util.Objects;

/** One partition's update to one table: a part of a write that spans tables. */
public record TableWrite(TableId table, PartitionUpdate update) {

    public TableWrite {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(update, "update");
    }
}
