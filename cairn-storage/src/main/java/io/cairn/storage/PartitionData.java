package io.cairn.storage;

import java.util.List;
import java.util.Objects;

/**
 * A partition's live content as a read returns it: reconciled, with tombstones applied and
 * expired cells gone.
 *
 * @param key       the partition
 * @param staticRow the live static cells, or null when there are none (or none selected)
 * @param rows      live rows in the order asked for
 */
public record PartitionData(PartitionKey key, Row staticRow, List<Row> rows) {

    public PartitionData {
        Objects.requireNonNull(key, "key");
        rows = List.copyOf(rows);
    }

    public boolean isEmpty() {
        return staticRow == null && rows.isEmpty();
    }
}
