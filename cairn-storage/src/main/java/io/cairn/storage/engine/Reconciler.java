package io.cairn.storage.engine;

import io.cairn.storage.Cell;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw stored row into what a read returns: deletions applied (partition, covering
 * range deletions, the row's own, per-column), tombstones and expired cells dropped. Each
 * stored cell is already the winner of its key's reconciliation (the byte-wise maximum), so
 * only shadowing by broader deletions is left to decide here.
 */
final class Reconciler {

    private final Deletion partitionDeletion;
    private final List<RangeDeletion> rangeDeletions;
    private final ReadFilter filter;
    private final TombstoneCounter tombstones;

    Reconciler(Deletion partitionDeletion, List<RangeDeletion> rangeDeletions, ReadFilter filter,
               TombstoneCounter tombstones) {
        this.partitionDeletion = partitionDeletion;
        this.rangeDeletions = rangeDeletions;
        this.filter = filter;
        this.tombstones = tombstones;
        tombstones.add((partitionDeletion == null ? 0 : 1) + rangeDeletions.size());
    }

    /** The live regular row, or null when nothing of it is live. */
    Row liveRow(Row raw) {
        Deletion effective = strongest(partitionDeletion, raw.deletion());
        for (RangeDeletion range : rangeDeletions) {
            if (range.covers(raw.clustering())) {
                effective = strongest(effective, range.deletion());
            }
        }
        return live(raw, effective, true);
    }

    /** The live static row, or null when no selected static cell is live. */
    Row liveStaticRow(Row raw) {
        return live(raw, partitionDeletion, false);
    }

    private Row live(Row raw, Deletion effective, boolean existsWithoutSelectedCells) {
        long now = filter.nowSeconds();
        int dead = (raw.deletion() == null ? 0 : 1) + raw.columnDeletions().size();
        Liveness marker = raw.liveness();
        if (marker != null && (shadowed(effective, marker.timestampMicros()) || !marker.isLive(now))) {
            marker = null;
        }
        boolean anyLiveCell = false;
        List<Cell> selected = new ArrayList<>(raw.cells().size());
        for (Cell cell : raw.cells()) {
            if (!cell.isLive(now)) {
                dead++;
                continue;
            }
            if (shadowed(effective, cell.timestampMicros())
                    || shadowedByColumnDeletion(raw.columnDeletions(), cell)
                    || filter.isDropped(cell.column(), cell.timestampMicros())) {
                continue;
            }
            anyLiveCell = true;
            if (filter.selects(cell.column())) {
                selected.add(cell);
            }
        }
        tombstones.add(dead);
        boolean exists = existsWithoutSelectedCells ? marker != null || anyLiveCell : !selected.isEmpty();
        return exists ? new Row(raw.clustering(), marker, null, List.of(), selected) : null;
    }

    static boolean shadowed(Deletion deletion, long writeTimestampMicros) {
        return deletion != null && deletion.shadows(writeTimestampMicros);
    }

    static boolean shadowedByColumnDeletion(List<ColumnDeletion> columnDeletions, Cell cell) {
        for (ColumnDeletion deletion : columnDeletions) {
            if (deletion.column().equals(cell.column()) && deletion.deletion().shadows(cell.timestampMicros())) {
                return true;
            }
        }
        return false;
    }

    static Deletion strongest(Deletion a, Deletion b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.timestampMicros() > a.timestampMicros() ? b : a;
    }
}
