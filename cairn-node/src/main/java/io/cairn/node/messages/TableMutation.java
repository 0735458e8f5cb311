package io.cairn.node.messages;

import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;

import java.util.Objects;

/** One partition update of one table, as batches carry them. */
public record TableMutation(TableId table, PartitionUpdate update) {

    public TableMutation {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(update, "update");
    }
}
