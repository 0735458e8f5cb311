package io.cairn.node.query;

import io.cairn.node.schema.TableLayout;

import io.cairn.cql.ast.Ordering;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * ORDER BY across the partitions of an IN on the partition key: each partition is read in
 * order, then their rows are merged on the ORDER BY columns, as Cassandra sorts them after
 * reading. The sort is stable, so rows equal on those columns keep their partition order.
 */
final class PostQueryOrdering {

    private final TableMetadata table;
    private final List<Ordering> orderings;
    private final boolean reversed;

    /**
     * @param orderings the statement's ORDER BY, already checked against the clustering columns
     * @param reversed  whether the ORDER BY is the reverse of the table's clustering order
     */
    PostQueryOrdering(TableMetadata table, List<Ordering> orderings, boolean reversed) {
        assert !orderings.isEmpty();
        this.table = table;
        this.orderings = List.copyOf(orderings);
        this.reversed = reversed;
    }

    /**
     * The first {@code limit} of {@code rows} in ORDER BY order; {@code clusterings} holds each
     * row's clustering (null for a partition's static-only row).
     */
    List<List<ByteBuffer>> sort(List<List<ByteBuffer>> rows, List<Clustering> clusterings, int limit) {
        assert rows.size() == clusterings.size();
        List<Integer> order = new ArrayList<>(rows.size());
        List<List<ByteBuffer>> sortKeys = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
            Clustering clustering = clusterings.get(i);
            sortKeys.add(clustering == null ? null : TableLayout.clusteringValues(table, clustering));
        }
        order.sort((a, b) -> compare(sortKeys.get(a), sortKeys.get(b)));
        List<List<ByteBuffer>> sorted = new ArrayList<>(Math.min(order.size(), limit));
        for (int i = 0; i < order.size() && i < limit; i++) {
            sorted.add(rows.get(order.get(i)));
        }
        return sorted;
    }

    /**
     * Compares two rows' clustering values on the ORDER BY columns. A static-only row (null)
     * sorts as Cassandra's empty clustering does: first in the table's clustering order, last
     * in its reverse.
     */
    private int compare(List<ByteBuffer> a, List<ByteBuffer> b) {
        if (a == null || b == null) {
            int nullFirst = a == null ? (b == null ? 0 : -1) : 1;
            return reversed ? -nullFirst : nullFirst;
        }
        for (Ordering ordering : orderings) {
            ColumnMetadata column = table.column(ordering.column());
            int cmp = column.type().compare(a.get(column.position()), b.get(column.position()));
            if (cmp != 0) {
                return ordering.isDescending() ? -cmp : cmp;
            }
        }
        return 0;
    }
}
