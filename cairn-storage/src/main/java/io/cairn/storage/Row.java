package io.cairn.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A row: in a write, everything it sets or deletes; in a read result, its live content.
 *
 * @param clustering      the row's clustering ({@link Clustering#EMPTY} for the static row and
 *                        for tables without clustering columns)
 * @param liveness        the INSERT marker, or null
 * @param deletion        a row deletion, or null (always null in read results)
 * @param columnDeletions whole-collection deletions (always empty in read results)
 * @param cells           cells in column order of the store (by name, then element path)
 */
public record Row(Clustering clustering, Liveness liveness, Deletion deletion,
                  List<ColumnDeletion> columnDeletions, List<Cell> cells) {

    public Row {
        Objects.requireNonNull(clustering, "clustering");
        columnDeletions = List.copyOf(columnDeletions);
        cells = List.copyOf(cells);
    }

    public static Builder builder(Clustering clustering) {
        return new Builder(clustering);
    }

    /** The live cell of a simple column, or null. */
    public Cell cell(String column) {
        for (Cell cell : cells) {
            if (cell.column().equals(column) && cell.path() == null) {
                return cell;
            }
        }
        return null;
    }

    /** Collects the parts of one row of a {@link PartitionUpdate}. */
    public static final class Builder {
        private final Clustering clustering;
        private Liveness liveness;
        private Deletion deletion;
        private final List<ColumnDeletion> columnDeletions = new ArrayList<>(0);
        private final List<Cell> cells = new ArrayList<>(4);

        private Builder(Clustering clustering) {
            this.clustering = Objects.requireNonNull(clustering, "clustering");
        }

        public Clustering clustering() {
            return clustering;
        }

        public Builder liveness(Liveness marker) {
            this.liveness = marker;
            return this;
        }

        public Builder delete(Deletion rowDeletion) {
            this.deletion = rowDeletion;
            return this;
        }

        public Builder deleteColumn(String column, Deletion columnDeletion) {
            columnDeletions.add(new ColumnDeletion(column, columnDeletion));
            return this;
        }

        public Builder cell(Cell cell) {
            cells.add(cell);
            return this;
        }

        public Row build() {
            return new Row(clustering, liveness, deletion, columnDeletions, cells);
        }
    }
}
