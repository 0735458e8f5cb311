package io.cairn.node.query;

import io.cairn.node.schema.TableLayout;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.TupleType;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.Slice;
import io.cairn.storage.TokenRange;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Binds the key restrictions of a statement at execution: the partition keys an EQ/IN
 * restriction names (IN lists expanded, deduplicated and sorted as Cassandra sorts them),
 * the clustering prefixes and slices, and the token range.
 */
final class BoundKeys {

    /** Bounds how many partition keys or clustering prefixes an IN product may make. */
    static final int MAX_CARTESIAN_PRODUCT = 65_536;

    private BoundKeys() {
    }

    /** Every combination of the key columns' values, each column's values sorted and distinct. */
    static List<List<ByteBuffer>> product(List<Restrictions.KeyValues> columns, ExecutionContext context) {
        List<List<List<ByteBuffer>>> factors = new ArrayList<>(columns.size());
        for (Restrictions.KeyValues column : columns) {
            factors.add(values(column, context).stream().map(List::of).toList());
        }
        return cartesian(factors);
    }

    /**
     * Every concatenation of one value list of each factor, in order (sorted when each factor
     * is); none when a factor is empty. Bounded by {@link #MAX_CARTESIAN_PRODUCT}.
     */
    private static List<List<ByteBuffer>> cartesian(List<List<List<ByteBuffer>>> factors) {
        List<List<ByteBuffer>> combinations = new ArrayList<>();
        combinations.add(List.of());
        for (List<List<ByteBuffer>> factor : factors) {
            if (factor.isEmpty()) {
                return List.of();
            }
            if ((long) combinations.size() * factor.size() > MAX_CARTESIAN_PRODUCT) {
                throw CqlException.invalid("IN restrictions select too many keys (more than " + MAX_CARTESIAN_PRODUCT
                        + " combinations)");
            }
            List<List<ByteBuffer>> next = new ArrayList<>(combinations.size() * factor.size());
            for (List<ByteBuffer> prefix : combinations) {
                for (List<ByteBuffer> values : factor) {
                    List<ByteBuffer> combination = new ArrayList<>(prefix);
                    combination.addAll(values);
                    next.add(combination);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    private static List<ByteBuffer> values(Restrictions.KeyValues column, ExecutionContext context) {
        CqlType type = column.column().type();
        TreeSet<ByteBuffer> sorted = new TreeSet<>(type::compare);
        if (column.listMarker() != null) {
            ByteBuffer list = column.listMarker().bind(context);
            if (list == null) {
                throw CqlException.invalid("Invalid null value for IN restriction on " + column.column().name());
            }
            if (list == QueryOptions.UNSET) {
                throw CqlException.invalid("Invalid unset value for column " + column.column().name());
            }
            sorted.addAll(((ListType) column.listMarker().type()).unpack(list));
            return new ArrayList<>(sorted);
        }
        for (BoundTerm term : column.values()) {
            ByteBuffer value = term.bind(context);
            if (value == null) {
                throw CqlException.invalid("Invalid null value in condition for column " + column.column().name());
            }
            if (value == QueryOptions.UNSET) {
                throw CqlException.invalid("Invalid unset value for column " + column.column().name());
            }
            sorted.add(value);
        }
        return new ArrayList<>(sorted);
    }

    /** The partitions the key restrictions name; with a token relation too, those whose tokens are in its range. */
    static List<PartitionKey> partitionKeys(TableMetadata table, Restrictions restrictions, ExecutionContext context) {
        TokenRange tokens = restrictions.hasTokenRestriction() ? tokenRange(restrictions, context) : null;
        if (restrictions.hasTokenRestriction() && tokens == null) {
            return List.of();
        }
        List<PartitionKey> keys = new ArrayList<>();
        for (List<ByteBuffer> values : product(restrictions.partitionKeyValues(), context)) {
            PartitionKey key = TableLayout.partitionKey(table, values);
            if (tokens == null || tokens.contains(key.token())) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * The values of the leading clustering columns of each prefix the restrictions select: every
     * combination of each column's EQ/IN values and each multi-column IN's tuples, in clustering
     * column order, sorted and distinct.
     */
    static List<List<ByteBuffer>> clusteringValues(Restrictions restrictions, ExecutionContext context) {
        List<Restrictions.ClusteringTuples> groups = restrictions.clusteringTuples();
        if (groups.isEmpty()) {
            return product(restrictions.clusteringPrefix(), context);
        }
        List<List<List<ByteBuffer>>> factors = new ArrayList<>();
        List<Restrictions.KeyValues> single = restrictions.clusteringPrefix();
        int position = 0;
        int width = restrictions.clusteringPrefixWidth();
        while (position < width) {
            int at = position;
            Restrictions.ClusteringTuples group = groups.stream()
                    .filter(tuples -> tuples.columns().get(0).position() == at).findFirst().orElse(null);
            if (group != null) {
                factors.add(tuples(group, context));
                position += group.columns().size();
                continue;
            }
            Restrictions.KeyValues column = single.stream().filter(values -> values.column().position() == at)
                    .findFirst().orElseThrow(() -> new IllegalStateException("No restriction of clustering column "
                            + at + " in a prefix of " + width));
            factors.add(values(column, context).stream().map(List::of).toList());
            position++;
        }
        return cartesian(factors);
    }

    /** A multi-column IN's tuples, each as its columns' values, sorted and distinct. */
    private static List<List<ByteBuffer>> tuples(Restrictions.ClusteringTuples in, ExecutionContext context) {
        List<String> names = in.columns().stream().map(ColumnMetadata::name).toList();
        List<ByteBuffer> tuples = new ArrayList<>();
        if (in.listMarker() != null) {
            ByteBuffer list = in.listMarker().bind(context);
            if (list == null || list == QueryOptions.UNSET) {
                throw CqlException.invalid("Invalid " + (list == null ? "null" : "unset") + " value for IN restriction "
                        + "on (" + String.join(", ", names) + ")");
            }
            tuples.addAll(((ListType) in.listMarker().type()).unpack(list));
        } else {
            for (BoundTerm tuple : in.tuples()) {
                tuples.add(tuple.bind(context));
            }
        }
        if (tuples.size() > MAX_CARTESIAN_PRODUCT) {
            throw CqlException.invalid("IN restrictions select too many keys (more than " + MAX_CARTESIAN_PRODUCT
                    + " combinations)");
        }
        TreeSet<List<ByteBuffer>> sorted = new TreeSet<>((left, right) -> {
            for (int i = 0; i < left.size(); i++) {
                int order = in.columns().get(i).type().compare(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        });
        TupleType type = new TupleType(in.columns().stream().map(ColumnMetadata::type).toList());
        for (ByteBuffer tuple : tuples) {
            if (tuple == null || tuple == QueryOptions.UNSET) {
                throw CqlException.invalid("Invalid " + (tuple == null ? "null" : "unset") + " value in condition for "
                        + "columns (" + String.join(", ", names) + ")");
            }
            List<ByteBuffer> values = type.unpack(tuple);
            for (int i = 0; i < in.columns().size(); i++) {
                if (i >= values.size() || values.get(i) == null) {
                    throw CqlException.invalid("Invalid null value for column " + in.columns().get(i).name());
                }
            }
            sorted.add(values.subList(0, in.columns().size()));
        }
        return new ArrayList<>(sorted);
    }

    static List<Clustering> clusteringPrefixes(TableMetadata table, Restrictions restrictions, ExecutionContext context) {
        List<Clustering> prefixes = new ArrayList<>();
        for (List<ByteBuffer> values : clusteringValues(restrictions, context)) {
            prefixes.add(TableLayout.clustering(table, values));
        }
        return prefixes;
    }

    /**
     * The slices a read or a range deletion covers, in clustering (storage) order; empty when
     * the restrictions select nothing.
     */
    static List<Slice> slices(TableMetadata table, Restrictions restrictions, ExecutionContext context) {
        List<List<ByteBuffer>> prefixes = clusteringValues(restrictions, context);
        Restrictions.ClusteringSlice range = restrictions.clusteringSlice();
        List<Slice> slices = new ArrayList<>(prefixes.size());
        for (List<ByteBuffer> prefix : prefixes) {
            if (range == null) {
                slices.add(prefix.isEmpty() ? Slice.ALL : Slice.prefixedBy(TableLayout.clusteringBound(table, prefix)));
                continue;
            }
            if (range.isMultiColumn() && isMixedOrder(range.columns())) {
                slices.addAll(MixedOrderSlices.of(table, prefix, range, context));
                continue;
            }
            ClusteringBound start = bound(table, prefix, range, range.start(), context);
            ClusteringBound end = bound(table, prefix, range, range.end(), context);
            if (range.columns().get(0).isDescending()) {
                ClusteringBound swap = start;
                start = end;
                end = swap;
            }
            slices.add(new Slice(start, end));
        }
        // IN values are sorted by their type, which is the reverse of the storage order on a DESC
        // column; the storage walks slices forward, so they must come in storage order.
        slices.sort(MixedOrderSlices.STORAGE_ORDER);
        return slices;
    }

    private static boolean isMixedOrder(List<ColumnMetadata> columns) {
        for (ColumnMetadata column : columns) {
            if (column.isDescending() != columns.get(0).isDescending()) {
                return true;
            }
        }
        return false;
    }

    private static ClusteringBound bound(TableMetadata table, List<ByteBuffer> prefix,
                                         Restrictions.ClusteringSlice range, Restrictions.Bound bound,
                                         ExecutionContext context) {
        if (bound == null) {
            return prefix.isEmpty() ? ClusteringBound.OPEN : ClusteringBound.inclusive(TableLayout.clustering(table, prefix));
        }
        ByteBuffer value = boundValue(range, bound, context);
        List<ByteBuffer> components = new ArrayList<>(prefix);
        if (!range.isMultiColumn()) {
            components.add(value);
        } else {
            List<ByteBuffer> tuple = ((TupleType) bound.value().type()).unpack(value);
            for (ByteBuffer component : tuple) {
                if (component == null) {
                    break;
                }
                components.add(component);
            }
        }
        return new ClusteringBound(TableLayout.clusteringBound(table, components), bound.inclusive());
    }

    /** A slice bound's value, refused when null or unset. */
    static ByteBuffer boundValue(Restrictions.ClusteringSlice range, Restrictions.Bound bound,
                                 ExecutionContext context) {
        ByteBuffer value = bound.value().bind(context);
        if (value == null) {
            throw CqlException.invalid("Invalid null value in condition for column " + range.columns().get(0).name());
        }
        if (value == QueryOptions.UNSET) {
            throw CqlException.invalid("Invalid unset value for column " + range.columns().get(0).name());
        }
        return value;
    }

    static TokenRange tokenRange(Restrictions restrictions, ExecutionContext context) {
        long start = Long.MIN_VALUE;
        boolean startInclusive = true;
        long end = Long.MAX_VALUE;
        boolean endInclusive = true;
        if (restrictions.tokenStart() != null) {
            start = token(restrictions.tokenStart().value(), context);
            startInclusive = restrictions.tokenStart().inclusive();
        }
        if (restrictions.tokenEnd() != null) {
            end = token(restrictions.tokenEnd().value(), context);
            endInclusive = restrictions.tokenEnd().inclusive();
        }
        if (start > end || start == end && !(startInclusive && endInclusive)) {
            return null;
        }
        return new TokenRange(start, startInclusive, end, endInclusive);
    }

    private static long token(BoundTerm term, ExecutionContext context) {
        ByteBuffer value = term.bind(context);
        if (value == null || value == QueryOptions.UNSET) {
            throw CqlException.invalid("Invalid null value for the partition key token");
        }
        return value.getLong(value.position());
    }

}
