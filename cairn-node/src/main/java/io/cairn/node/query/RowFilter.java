package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** The restrictions only filtering can apply (ALLOW FILTERING), tested on each row read. */
final class RowFilter {

    private final List<Restrictions.Filter> filters;
    /** For each filter, the index whose analysis its equality compares by (text ignoring case), or null. */
    private final List<io.cairn.node.schema.IndexMetadata> analysers;

    RowFilter(io.cairn.node.schema.TableMetadata table, List<Restrictions.Filter> filters) {
        this.filters = List.copyOf(filters);
        List<io.cairn.node.schema.IndexMetadata> found = new java.util.ArrayList<>(filters.size());
        for (Restrictions.Filter filter : filters) {
            io.cairn.node.schema.IndexMetadata analyser = null;
            if (filter.kind() == Restrictions.Filter.Kind.COMPARE
                    && filter.operator() == io.cairn.cql.ast.ComparisonOperator.EQ) {
                for (io.cairn.node.schema.IndexMetadata index : table.indexesOf(filter.column())) {
                    if (index.isStorageAttached() && index.analyses()) {
                        analyser = index;
                    }
                }
            }
            found.add(analyser);
        }
        this.analysers = found;
    }

    boolean test(RowView row, ExecutionContext context) {
        for (int i = 0; i < filters.size(); i++) {
            if (!test(filters.get(i), analysers.get(i), row, context)) {
                return false;
            }
        }
        return true;
    }

    private static boolean test(Restrictions.Filter filter, io.cairn.node.schema.IndexMetadata analyser, RowView row,
                                ExecutionContext context) {
        ByteBuffer value = row.value(filter.column());
        CqlType type = filter.column().type();
        switch (filter.kind()) {
            case COMPARE: {
                ByteBuffer expected = bound(filter.values().get(0), filter, context);
                if (value == null) {
                    return false;
                }
                if (analyser != null) {
                    // Compared as the column's storage-attached index compares (ignoring case, say).
                    return type.compare(analyser.analysed(type, value), analyser.analysed(type, expected)) == 0;
                }
                return holds(filter, type.compare(value, expected));
            }
            case IN: {
                if (value == null) {
                    return false;
                }
                if (filter.listMarker() != null) {
                    ByteBuffer list = bound(filter.listMarker(), filter, context);
                    for (ByteBuffer candidate : ((ListType) filter.listMarker().type()).unpack(list)) {
                        if (type.compare(value, candidate) == 0) {
                            return true;
                        }
                    }
                    return false;
                }
                for (BoundTerm term : filter.values()) {
                    if (type.compare(value, bound(term, filter, context)) == 0) {
                        return true;
                    }
                }
                return false;
            }
            case CONTAINS: {
                if (value == null) {
                    return false;
                }
                return CollectionContains.containsValue(type, value, bound(filter.values().get(0), filter, context));
            }
            case CONTAINS_KEY: {
                if (value == null) {
                    return false;
                }
                return CollectionContains.containsKey((MapType) type, value,
                        bound(filter.values().get(0), filter, context));
            }
            case NOT_NULL:
                return value != null;
            case ELEMENT: {
                ByteBuffer key = bound(filter.values().get(0), filter, context);
                ByteBuffer expected = bound(filter.values().get(1), filter, context);
                if (value == null) {
                    return false;
                }
                MapType map = (MapType) type;
                for (Map.Entry<ByteBuffer, ByteBuffer> entry : map.unpack(value)) {
                    if (map.keys().compare(entry.getKey(), key) == 0) {
                        return holds(filter, map.values().compare(entry.getValue(), expected));
                    }
                }
                return false;
            }
            default:
                throw new IllegalStateException();
        }
    }

    /** Whether a comparison's result satisfies the filter's operator. */
    private static boolean holds(Restrictions.Filter filter, int cmp) {
        return switch (filter.operator()) {
            case EQ -> cmp == 0;
            case NEQ -> cmp != 0;
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
        };
    }

    private static ByteBuffer bound(BoundTerm term, Restrictions.Filter filter, ExecutionContext context) {
        ByteBuffer value = term.bind(context);
        if (value == null) {
            throw CqlException.invalid("Unsupported null value for column " + filter.column().name());
        }
        if (value == QueryOptions.UNSET) {
            throw CqlException.invalid("Unsupported unset value for column " + filter.column().name());
        }
        return value;
    }
}
