package io.cairn.node.batchlog;

import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionUpdate;

import java.util.List;

/** One table's part of a batch: its partitions' updates. */
public record TableUpdates(TableMetadata table, List<PartitionUpdate> updates) {

    public TableUpdates {
        java.util.Objects.requireNonNull(table, "table");
        updates = List.copyOf(updates);
    }
}
