package io.cairn.node.query;

import io.cairn.cql.type.TupleType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.Slice;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A multi-column slice over clustering columns of mixed ASC and DESC order, as storage slices.
 * The slice compares tuples in each column's type order, as Cassandra does ({@code (a, b) > (2, 2)}
 * is {@code a > 2} or {@code a = 2 AND b > 2}), while storage keeps a DESC column's values in
 * reverse: each bound becomes one storage slice per column it names (the earlier columns equal to
 * the bound's, this one past it), and the rows between both bounds are the intersections of the
 * start's slices with the end's. They come apart and in storage order.
 */
final class MixedOrderSlices {

    /** Slices in storage order by where they start. */
    static final Comparator<Slice> STORAGE_ORDER = (left, right) -> compare(startOf(left.start()),
            startOf(right.start()));

    private MixedOrderSlices() {
    }

    /**
     * A place between clusterings in storage order: before, or after, every clustering that
     * starts with {@code prefix}.
     */
    private record Point(byte[] prefix, boolean after) {
    }

    static List<Slice> of(TableMetadata table, List<ByteBuffer> prefix, Restrictions.ClusteringSlice range,
                          ExecutionContext context) {
        List<Slice> starts = range.start() == null ? List.of(whole(table, prefix))
                : pieces(table, prefix, range, range.start(), true, context);
        List<Slice> ends = range.end() == null ? List.of(whole(table, prefix))
                : pieces(table, prefix, range, range.end(), false, context);
        List<Slice> slices = new ArrayList<>();
        for (Slice start : starts) {
            for (Slice end : ends) {
                Slice both = intersection(start, end);
                if (both != null) {
                    slices.add(both);
                }
            }
        }
        slices.sort(STORAGE_ORDER);
        return slices;
    }

    private static Slice whole(TableMetadata table, List<ByteBuffer> prefix) {
        return prefix.isEmpty() ? Slice.ALL : Slice.prefixedBy(TableLayout.clusteringBound(table, prefix));
    }

    /**
     * The rows past one bound ({@code isStart}: after it), as slices apart: for each column the
     * bound names, the earlier ones equal to the bound's values and this one past its value; and
     * the bound's own rows when it is inclusive.
     */
    private static List<Slice> pieces(TableMetadata table, List<ByteBuffer> prefix,
                                      Restrictions.ClusteringSlice range, Restrictions.Bound bound, boolean isStart,
                                      ExecutionContext context) {
        ByteBuffer value = BoundKeys.boundValue(range, bound, context);
        List<ByteBuffer> components = ((TupleType) bound.value().type()).unpack(value);
        List<Slice> pieces = new ArrayList<>();
        List<ByteBuffer> fixed = new ArrayList<>(prefix);
        for (int i = 0; i < range.columns().size() && i < components.size() && components.get(i) != null; i++) {
            ColumnMetadata column = range.columns().get(i);
            Clustering before = TableLayout.clusteringBound(table, fixed);
            List<ByteBuffer> withValue = new ArrayList<>(fixed);
            withValue.add(components.get(i));
            Clustering at = TableLayout.clusteringBound(table, withValue);
            ClusteringBound all = before.size() == 0 ? ClusteringBound.OPEN : ClusteringBound.inclusive(before);
            // Past the value in the type's order is later in storage for an ASC column, earlier for a DESC one.
            boolean later = isStart != column.isDescending();
            pieces.add(later ? new Slice(ClusteringBound.exclusive(at), all)
                    : new Slice(all, ClusteringBound.exclusive(at)));
            fixed = withValue;
        }
        if (bound.inclusive()) {
            pieces.add(Slice.prefixedBy(TableLayout.clusteringBound(table, fixed)));
        }
        return pieces;
    }

    private static Slice intersection(Slice left, Slice right) {
        Point start = max(startOf(left.start()), startOf(right.start()));
        Point end = min(endOf(left.end()), endOf(right.end()));
        if (compare(start, end) >= 0) {
            return null;
        }
        return new Slice(new ClusteringBound(Clustering.of(start.prefix()), !start.after()),
                new ClusteringBound(Clustering.of(end.prefix()), end.after()));
    }

    private static Point startOf(ClusteringBound bound) {
        return new Point(bound.prefix().bytes(), !bound.inclusive());
    }

    private static Point endOf(ClusteringBound bound) {
        return new Point(bound.prefix().bytes(), bound.inclusive());
    }

    private static Point max(Point left, Point right) {
        return compare(left, right) >= 0 ? left : right;
    }

    private static Point min(Point left, Point right) {
        return compare(left, right) <= 0 ? left : right;
    }

    /**
     * Storage order of two places: by their prefixes' bytes; where one prefix starts the other,
     * the shorter one's "before" comes first and its "after" last.
     */
    private static int compare(Point left, Point right) {
        byte[] a = left.prefix();
        byte[] b = right.prefix();
        int common = Math.min(a.length, b.length);
        int order = Arrays.compareUnsigned(a, 0, common, b, 0, common);
        if (order != 0) {
            return order;
        }
        if (a.length == b.length) {
            return Boolean.compare(left.after(), right.after());
        }
        if (a.length < b.length) {
            return left.after() ? 1 : -1;
        }
        return right.after() ? -1 : 1;
    }
}
