package io.cairn.storage;

import java.util.List;

/**
 * One page of the partitions of a table written since their last repair, in token order
 * ({@link StorageEngine#unrepaired}).
 *
 * @param partitions  the partitions of the page
 * @param resumeAfter the last partition of the page when more may follow, else null
 */
public record UnrepairedPage(List<PartitionKey> partitions, PartitionKey resumeAfter) {

    public UnrepairedPage {
        partitions = List.copyOf(partitions);
    }
}
