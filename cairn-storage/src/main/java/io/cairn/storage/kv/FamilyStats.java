package io.cairn.storage.kv;

import java.util.List;

/**
 * What a store can tell of one column family's footprint, for {@code cairn admin tablestats}
 * and the metrics: bytes in memory not yet in data files, the keys and live bytes it
 * estimates, and its data files by level (an in-memory store has none).
 */
public record FamilyStats(long memtableBytes, long estimatedKeys, long liveDataBytes, List<Level> levels) {

    /** A level of data files: how many, and their bytes. */
    public record Level(int level, int files, long bytes) {
    }

    public FamilyStats {
        levels = List.copyOf(levels);
    }

    public int files() {
        return levels.stream().mapToInt(Level::files).sum();
    }

    public long fileBytes() {
        return levels.stream().mapToLong(Level::bytes).sum();
    }
}
