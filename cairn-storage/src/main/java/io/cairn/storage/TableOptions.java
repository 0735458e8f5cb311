package io.cairn.storage;

import java.util.Map;

/**
 * The table settings the storage engine acts on.
 *
 * @param gcGraceSeconds how long a tombstone (or an expired cell) is kept before the purge
 *                       sweep may drop it: the window in which repair must spread deletions
 *                       to every replica. Cassandra's default is ten days.
 * @param droppedColumns columns dropped from the table, each with its drop time in
 *                       microseconds: the sweep drops their cells written at or before it,
 *                       which no read returns
 * @param purgeAfterRepair whether a tombstone past gc grace must also have been deleted more
 *                       than gc grace before a repair of its token started ({@link RepairedRanges})
 *                       before the sweep drops it: a replicated table under automatic repair.
 *                       Without it, gc grace alone decides, as in Cassandra, and a replica that
 *                       missed the deletion for longer can bring the deleted data back
 * @param tracksUnrepaired whether the engine lists the partitions written since their last
 *                       repair ({@link StorageEngine#unrepaired}), which incremental repair
 *                       compares: a replicated table. A table that starts tracking forgets its
 *                       repaired ranges, since what it held before is listed nowhere
 */
public record TableOptions(int gcGraceSeconds, Map<String, Long> droppedColumns, boolean purgeAfterRepair,
                           boolean tracksUnrepaired) {

    public static final int DEFAULT_GC_GRACE_SECONDS = 864_000;
    public static final TableOptions DEFAULTS = new TableOptions(DEFAULT_GC_GRACE_SECONDS);

    public TableOptions {
        if (gcGraceSeconds < 0) {
            throw new IllegalArgumentException("gc_grace_seconds must be >= 0, got " + gcGraceSeconds);
        }
        droppedColumns = Map.copyOf(droppedColumns);
    }

    /** Options of a table without dropped columns. */
    public TableOptions(int gcGraceSeconds) {
        this(gcGraceSeconds, Map.of());
    }

    /** Options of a table whose tombstones go after gc grace, repaired or not. */
    public TableOptions(int gcGraceSeconds, Map<String, Long> droppedColumns) {
        this(gcGraceSeconds, droppedColumns, false, false);
    }

    /** These options, with tombstones waiting for a repair or not. */
    public TableOptions withPurgeAfterRepair(boolean afterRepair) {
        return new TableOptions(gcGraceSeconds, droppedColumns, afterRepair, tracksUnrepaired);
    }

    /** These options, listing the partitions written since their last repair or not. */
    public TableOptions withTracksUnrepaired(boolean tracks) {
        return new TableOptions(gcGraceSeconds, droppedColumns, purgeAfterRepair, tracks);
    }
}
