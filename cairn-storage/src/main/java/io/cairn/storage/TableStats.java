package io.cairn.storage;

import java.util.List;

/**
 * A table's footprint on this node, as {@code cairn admin tablestats} shows it: its partitions
 * and live bytes as estimated, the bytes in memory not yet flushed, and its data files by level.
 */
public record TableStats(long estimatedPartitions, long liveDataBytes, long memtableBytes, List<Level> levels) {

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
