package io.cairn.storage.conformance;

import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The simplest statement of Cassandra's rules, to check engines against: it keeps every write
 * and answers a read by brute force over all of them, so its answer cannot depend on the order
 * writes arrived in or on how often they did. It shares no code with the engines' reconciliation.
 */
final class ReferenceModel {

    /** Cassandra's cell reconciliation: timestamp, then tombstone over expiring over live, then deletion time, then value. */
    static final Comparator<Cell> CELL_ORDER = Comparator.comparingLong(Cell::timestampMicros)
            .thenComparingInt(cell -> rank(cell.kind()))
            .thenComparingLong(Cell::localDeletionTimeSeconds)
            .thenComparingInt(Cell::ttlSeconds)
            .thenComparing(Cell::value, Arrays::compareUnsigned);

    private static final Comparator<Liveness> MARKER_ORDER = Comparator.comparingLong(Liveness::timestampMicros)
            .thenComparing(Liveness::isExpiring)
            .thenComparingLong(Liveness::expirationSeconds)
            .thenComparingInt(Liveness::ttlSeconds);

    private static final Comparator<Cell> CELL_POSITION = Comparator
            .comparing((Cell cell) -> cell.column().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned)
            .thenComparing(Cell::path, Comparator.nullsFirst(Arrays::compareUnsigned));

    private final List<ModelOp> ops;

    ReferenceModel(List<ModelOp> ops) {
        this.ops = List.copyOf(ops);
    }

    private static int rank(CellKind kind) {
        return switch (kind) {
            case LIVE -> 0;
            case EXPIRING -> 1;
            case TOMBSTONE -> 2;
        };
    }

    PartitionData read(PartitionKey partition, ReadFilter filter) {
        Deletion partitionDeletion = null;
        for (ModelOp op : ops) {
            if (op instanceof ModelOp.DeletePartition delete && op.partition().equals(partition)) {
                partitionDeletion = later(partitionDeletion, delete.deletion());
            }
        }
        Row staticRow = liveRow(partition, null, partitionDeletion, filter);
        if (staticRow != null && staticRow.cells().isEmpty()) {
            staticRow = null;
        }
        TreeSet<Clustering> clusterings = new TreeSet<>();
        for (ModelOp op : ops) {
            if (!op.partition().equals(partition)) {
                continue;
            }
            if (op instanceof ModelOp.WriteCell write && write.clustering() != null) {
                clusterings.add(write.clustering());
            } else if (op instanceof ModelOp.WriteMarker marker) {
                clusterings.add(marker.clustering());
            }
        }
        List<Row> rows = new ArrayList<>();
        Iterable<Clustering> order = filter.reversed() ? clusterings.descendingSet() : clusterings;
        int limit = Math.min(filter.rowLimit(), filter.perPartitionLimit());
        for (Clustering clustering : order) {
            if (rows.size() >= limit) {
                break;
            }
            if (filter.slices().stream().noneMatch(slice -> slice.contains(clustering))) {
                continue;
            }
            Row row = liveRow(partition, clustering, rowDeletion(partition, clustering, partitionDeletion), filter);
            if (row != null) {
                rows.add(row);
            }
        }
        return new PartitionData(partition, staticRow, rows);
    }

    /** The deletion covering a row: the latest of the partition's, its ranges' and its own. */
    private Deletion rowDeletion(PartitionKey partition, Clustering clustering, Deletion partitionDeletion) {
        Deletion deletion = partitionDeletion;
        for (ModelOp op : ops) {
            if (!op.partition().equals(partition)) {
                continue;
            }
            if (op instanceof ModelOp.DeleteRange range && range.range().contains(clustering)) {
                deletion = later(deletion, range.deletion());
            } else if (op instanceof ModelOp.DeleteRow row && row.clustering().equals(clustering)) {
                deletion = later(deletion, row.deletion());
            }
        }
        return deletion;
    }

    private Row liveRow(PartitionKey partition, Clustering clustering, Deletion deletion, ReadFilter filter) {
        long now = filter.nowSeconds();
        Liveness marker = null;
        List<Cell> winners = new ArrayList<>();
        for (ModelOp op : ops) {
            if (!op.partition().equals(partition)) {
                continue;
            }
            if (op instanceof ModelOp.WriteMarker write && write.clustering().equals(clustering)) {
                marker = marker == null || MARKER_ORDER.compare(write.liveness(), marker) > 0 ? write.liveness() : marker;
            } else if (op instanceof ModelOp.WriteCell write && Objects.equals(write.clustering(), clustering)) {
                replaceIfWins(winners, write.cell());
            }
        }
        if (marker != null && (shadows(deletion, marker.timestampMicros()) || !marker.isLive(now))) {
            marker = null;
        }
        boolean anyLive = false;
        List<Cell> selected = new ArrayList<>();
        for (Cell cell : winners) {
            if (cell.kind() == CellKind.TOMBSTONE || !cell.isLive(now) || shadows(deletion, cell.timestampMicros())
                    || shadows(columnDeletion(partition, clustering, cell.column()), cell.timestampMicros())
                    || filter.isDropped(cell.column(), cell.timestampMicros())) {
                continue;
            }
            anyLive = true;
            if (filter.selects(cell.column())) {
                selected.add(cell);
            }
        }
        selected.sort(CELL_POSITION);
        Clustering rowClustering = clustering == null ? Clustering.EMPTY : clustering;
        if (clustering == null) {
            return selected.isEmpty() ? null : new Row(rowClustering, null, null, List.of(), selected);
        }
        return marker != null || anyLive ? new Row(rowClustering, marker, null, List.of(), selected) : null;
    }

    private Deletion columnDeletion(PartitionKey partition, Clustering clustering, String column) {
        Deletion deletion = null;
        for (ModelOp op : ops) {
            if (op instanceof ModelOp.DeleteColumn delete && op.partition().equals(partition)
                    && Objects.equals(delete.clustering(), clustering) && delete.column().equals(column)) {
                deletion = later(deletion, delete.deletion());
            }
        }
        return deletion;
    }

    private static void replaceIfWins(List<Cell> winners, Cell written) {
        for (int i = 0; i < winners.size(); i++) {
            Cell current = winners.get(i);
            if (current.column().equals(written.column()) && Arrays.equals(current.path(), written.path())) {
                if (CELL_ORDER.compare(written, current) > 0) {
                    winners.set(i, written);
                }
                return;
            }
        }
        winners.add(written);
    }

    private static boolean shadows(Deletion deletion, long timestampMicros) {
        return deletion != null && timestampMicros <= deletion.timestampMicros();
    }

    private static Deletion later(Deletion current, Deletion candidate) {
        return current == null || candidate.timestampMicros() > current.timestampMicros() ? candidate : current;
    }
}
