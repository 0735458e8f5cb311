package io.cairn.storage;

import java.util.Objects;

/**
 * Where a token range scan stopped, to resume from exactly there.
 *
 * @param partition the last partition returned
 * @param lastRow   the last row returned from it, or null when that partition was finished
 */
public record ScanPosition(PartitionKey partition, Clustering lastRow) {

    public ScanPosition {
        Objects.requireNonNull(partition, "partition");
    }
}
