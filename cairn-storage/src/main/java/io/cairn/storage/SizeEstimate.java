package io.cairn.storage;

/**
 * An estimate of a table's content in a token range, as {@code system.size_estimates} reports it.
 *
 * @param partitions estimated number of partitions
 * @param bytes      estimated stored bytes
 */
public record SizeEstimate(long partitions, long bytes) {

    public long meanPartitionBytes() {
        return partitions == 0 ? 0 : bytes / partitions;
    }
}
