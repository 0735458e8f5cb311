package io.cairn.node.query;

import io.cairn.cql.ast.ComparisonOperator;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.node.messages.IndexExpression;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Which secondary index a SELECT reads by, and whether what the indexes leave needs ALLOW
 * FILTERING, by Cassandra 5.0's rules: a restriction is served by an index of its column that
 * supports its operator (any index an equality; an index of a collection's values CONTAINS, of
 * its keys CONTAINS KEY, of its entries {@code m[k] = v}; a storage-attached index of a column
 * that is not text, a range). A legacy index serves one restriction, so a second served one, or
 * any restriction no index serves, needs filtering; storage-attached indexes serve all theirs
 * together. Restrictions of clustering columns count when the partition key is not given.
 * Equalities are read by before ranges. The restrictions the index serves are still tested on
 * each row (the coordinator's row filter): the index only chooses which rows are read.
 */
final class IndexChoice {

    /** One restriction an index serves: its index, operator and values (a range: start and end, either null). */
    private record Served(ColumnMetadata column, IndexMetadata index, IndexExpression.Operator operator,
                          List<BoundTerm> values, boolean startInclusive, boolean endInclusive) {
    }

    private final Served chosen;
    /** Every restriction an index serves, the chosen one first. */
    private final List<Served> served;
    private final boolean needsFiltering;

    private IndexChoice(Served chosen, List<Served> served, boolean needsFiltering) {
        this.chosen = chosen;
        this.served = served;
        this.needsFiltering = needsFiltering;
    }

    /** The choice for {@code restrictions}, or null when no index serves any of them. */
    static IndexChoice of(TableMetadata table, Restrictions restrictions) {
        if (table.indexes().isEmpty()) {
            return null;
        }
        List<Served> served = new ArrayList<>();
        boolean unserved = false;
        for (Restrictions.Filter filter : restrictions.filters()) {
            Served one = served(table, filter);
            if (one == null) {
                unserved = true;
            } else {
                served.add(one);
            }
        }
        if (!restrictions.hasPartitionKeys()) {
            for (Restrictions.KeyValues values : restrictions.clusteringPrefix()) {
                IndexMetadata index = values.listMarker() == null && values.values().size() == 1
                        ? supporting(table, values.column(), IndexMetadata.Target.VALUE, false) : null;
                if (index != null) {
                    served.add(new Served(values.column(), index, IndexExpression.Operator.EQ, values.values(),
                            true, true));
                }
            }
            Restrictions.ClusteringSlice slice = restrictions.clusteringSlice();
            if (slice != null && !slice.isMultiColumn()) {
                IndexMetadata index = supporting(table, slice.columns().get(0), IndexMetadata.Target.VALUE, true);
                if (index != null) {
                    served.add(new Served(slice.columns().get(0), index, IndexExpression.Operator.RANGE,
                            java.util.Arrays.asList(slice.start() == null ? null : slice.start().value(),
                                    slice.end() == null ? null : slice.end().value()),
                            slice.start() == null || slice.start().inclusive(),
                            slice.end() == null || slice.end().inclusive()));
                }
            }
        }
        served = mergeRanges(served);
        if (served.isEmpty()) {
            return null;
        }
        Served chosen = served.get(0);
        for (Served one : served) {
            if (one.operator() != IndexExpression.Operator.RANGE) {
                chosen = one;
                break;
            }
        }
        boolean filtering = unserved;
        for (Served one : served) {
            if (one != chosen && !(one.index().isStorageAttached() && chosen.index().isStorageAttached())) {
                filtering = true;
            }
        }
        List<Served> inOrder = new ArrayList<>(served.size());
        inOrder.add(chosen);
        for (Served one : served) {
            if (one != chosen) {
                inOrder.add(one);
            }
        }
        return new IndexChoice(chosen, List.copyOf(inOrder), filtering);
    }

    /** Two bounds of one column's range, each a restriction, are one range. */
    private static List<Served> mergeRanges(List<Served> served) {
        List<Served> merged = new ArrayList<>(served.size());
        for (Served one : served) {
            Served same = null;
            for (Served other : merged) {
                if (other.operator() == IndexExpression.Operator.RANGE && one.operator() == IndexExpression.Operator.RANGE
                        && other.column().equals(one.column())) {
                    same = other;
                }
            }
            if (same == null) {
                merged.add(one);
                continue;
            }
            boolean startFromOne = one.values().get(0) != null;
            merged.set(merged.indexOf(same), new Served(one.column(), one.index(), IndexExpression.Operator.RANGE,
                    java.util.Arrays.asList(startFromOne ? one.values().get(0) : same.values().get(0),
                            one.values().get(1) != null ? one.values().get(1) : same.values().get(1)),
                    startFromOne ? one.startInclusive() : same.startInclusive(),
                    one.values().get(1) != null ? one.endInclusive() : same.endInclusive()));
        }
        return merged;
    }

    private static Served served(TableMetadata table, Restrictions.Filter filter) {
        ColumnMetadata column = filter.column();
        switch (filter.kind()) {
            case COMPARE -> {
                if (filter.operator() == ComparisonOperator.EQ) {
                    IndexMetadata index = supporting(table, column, IndexMetadata.Target.VALUE, false);
                    if (index == null) {
                        index = supporting(table, column, IndexMetadata.Target.FULL, false);
                    }
                    return index == null ? null : new Served(column, index, IndexExpression.Operator.EQ,
                            filter.values(), true, true);
                }
                IndexMetadata index = supporting(table, column, IndexMetadata.Target.VALUE, true);
                if (index == null) {
                    return null;
                }
                boolean isStart = filter.operator() == ComparisonOperator.GT || filter.operator() == ComparisonOperator.GTE;
                boolean inclusive = filter.operator() == ComparisonOperator.GTE
                        || filter.operator() == ComparisonOperator.LTE;
                return new Served(column, index, IndexExpression.Operator.RANGE,
                        java.util.Arrays.asList(isStart ? filter.values().get(0) : null,
                                isStart ? null : filter.values().get(0)),
                        !isStart || inclusive, isStart || inclusive);
            }
            case CONTAINS -> {
                IndexMetadata index = supporting(table, column, IndexMetadata.Target.VALUES, false);
                return index == null ? null : new Served(column, index, IndexExpression.Operator.CONTAINS,
                        filter.values(), true, true);
            }
            case CONTAINS_KEY -> {
                IndexMetadata index = supporting(table, column, IndexMetadata.Target.KEYS, false);
                return index == null ? null : new Served(column, index, IndexExpression.Operator.CONTAINS_KEY,
                        filter.values(), true, true);
            }
            case ELEMENT -> {
                IndexMetadata index = filter.operator() == ComparisonOperator.EQ
                        ? supporting(table, column, IndexMetadata.Target.ENTRIES, false) : null;
                return index == null ? null : new Served(column, index, IndexExpression.Operator.ENTRY,
                        filter.values(), true, true);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * An index of {@code column} of that target that serves an equality, or with {@code range}
     * a range (storage-attached, on a column that is not text); a storage-attached one first.
     */
    private static IndexMetadata supporting(TableMetadata table, ColumnMetadata column, IndexMetadata.Target target,
                                            boolean range) {
        IndexMetadata found = null;
        for (IndexMetadata index : table.indexesOf(column)) {
            if (index.target() != target) {
                continue;
            }
            if (range && (!index.isStorageAttached() || column.type() == NativeType.TEXT
                    || column.type() == NativeType.ASCII || column.type() == NativeType.BOOLEAN)) {
                continue;
            }
            if (found == null || index.isStorageAttached() && !found.isStorageAttached()) {
                found = index;
            }
        }
        return found;
    }

    /** Whether restrictions no index serves remain: what ALLOW FILTERING must permit. */
    boolean needsFiltering() {
        return needsFiltering;
    }

    /** The expression replicas read by, with this execution's values. */
    IndexExpression expression(ExecutionContext context) {
        return expression(chosen, context);
    }

    /**
     * The expressions of every restriction an index serves, the one replicas read by first: what
     * a nearest-neighbour search restricts its rows by.
     */
    List<IndexExpression> expressions(ExecutionContext context) {
        List<IndexExpression> expressions = new ArrayList<>(served.size());
        for (Served one : served) {
            expressions.add(expression(one, context));
        }
        return expressions;
    }

    private static IndexExpression expression(Served served, ExecutionContext context) {
        List<byte[]> values = new ArrayList<>(served.values().size());
        for (BoundTerm term : served.values()) {
            values.add(term == null ? null : bytes(served, term.bind(context)));
        }
        return new IndexExpression(served.index().name(), served.operator(), values, served.startInclusive(),
                served.endInclusive());
    }

    private static byte[] bytes(Served served, ByteBuffer value) {
        if (value == null) {
            throw CqlException.invalid("Unsupported null value for column " + served.column().name());
        }
        if (value == QueryOptions.UNSET) {
            throw CqlException.invalid("Unsupported unset value for column " + served.column().name());
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }
}
