package io.cairn.storage;

import java.util.List;

/**
 * A table's footprint on this node, as {@code cairn admin tablestats} shows it: its partitions
 * and live bytes as estimated, the bytes in memory not yet flushed, its data files by level, and
 * the tombstones (and expired cells) its reads met since the node started.
 *
 * @param tombstonesRead       tombstones and expired cells the table's reads and range reads met
 * @param readsWithTombstones  how many of those reads met any
 * @param mostTombstonesInARead the most one read met
 */
public record TableStats(long estimatedPartitions, long liveDataBytes, long memtableBytes, List<Level> levels,
                         long tombstonesRead, long readsWithTombstones, long mostTombstonesInARead) {

    /** A level of data files: how many, and their bytes. */
    public record Level(int level, int files, long bytes) {
    }

    public TableStats {
        levels = List.copyOf(levels);
    }

    public int files() {
        return levels.stream().mapToInt(Level::files).sum();
    }

    public long fileBytes() {
        return levels.stream().mapToLong(Level::bytes).sum();
    }
}
