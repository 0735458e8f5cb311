package io.cairn.storage.engine;

import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import io.cairn.storage.kv.KvCursor;

import java.util.ArrayList;
import java.util.List;

/** Reads one partition's live rows through a read filter, within a row budget. */
final class PartitionQuery {

    /**
     * @param data             the live content read
     * @param counted          rows charged to the budget (a partition with only a live static
     *                         row counts as one)
     * @param budgetExhausted  whether the read stopped because the budget ran out
     * @param lastRow          the last row returned, or null
     */
    record Result(PartitionData data, int counted, boolean budgetExhausted, Clustering lastRow) {
    }

    private PartitionQuery() {
    }

    /**
     * @param resumeAfter for a forward read, return only rows after this clustering; or null
     */
    static Result run(KvCursor cursor, PartitionKey key, byte[] prefix, ReadFilter filter, int budget,
                      Clustering resumeAfter, TombstoneCounter tombstones) {
        PartitionWalker walker = new PartitionWalker(cursor, prefix);
        walker.readDeletions();
        Row rawStatic = walker.readStaticRow();
        Reconciler reconciler = new Reconciler(walker.partitionDeletion(), walker.rangeDeletions(), filter,
                tombstones);
        Row staticRow = rawStatic == null ? null : reconciler.liveStaticRow(rawStatic);

        int limit = Math.min(budget, filter.perPartitionLimit());
        boolean reversed = filter.reversed();
        List<Slice> slices = filter.slices();
        List<Row> rows = new ArrayList<>();
        Clustering lastRow = null;
        readSlices:
        for (int i = 0; i < slices.size(); i++) {
            Slice slice = slices.get(reversed ? slices.size() - 1 - i : i);
            if (reversed) {
                walker.seekBackward(slice);
            } else {
                walker.seekForward(slice, resumeAfter);
            }
            for (Clustering clustering = walker.currentRow(); clustering != null; clustering = walker.currentRow()) {
                if (reversed ? !slice.start().admitsAsStart(clustering) : !slice.end().admitsAsEnd(clustering)) {
                    break;
                }
                Row raw = walker.readRow(clustering, reversed);
                Row live = reconciler.liveRow(raw);
                if (live == null) {
                    continue;
                }
                rows.add(live);
                lastRow = clustering;
                if (rows.size() >= limit) {
                    break readSlices;
                }
            }
        }
        int counted = rows.isEmpty() && staticRow != null ? 1 : rows.size();
        return new Result(new PartitionData(key, staticRow, rows), counted, counted >= budget, lastRow);
    }
}
