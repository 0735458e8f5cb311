package io.cairn.storage;

import java.util.List;

/**
 * One page of a token range scan.
 *
 * @param partitions partitions with live content, in token order
 * @param next       where to resume, or null when the range has no more rows
 */
public record ScanPage(List<PartitionData> partitions, ScanPosition next) {

    public ScanPage {
        partitions = List.copyOf(partitions);
    }

    public boolean hasMorePages() {
        return next != null;
    }
}
