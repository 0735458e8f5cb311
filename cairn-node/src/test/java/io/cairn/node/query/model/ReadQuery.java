package io.cairn.node.query.model;

import java.util.List;

/**
 * A generated SELECT.
 *
 * @param keyValues          per partition key column, the values of its EQ (one) or IN
 *                           restriction; null for a scan
 * @param keyIsIn            per partition key column, whether it is written as IN
 * @param tokenBounds        for a scan, {@code token(...) > lower AND token(...) <= upper}; null for none
 * @param orderByColumns     how many clustering columns ORDER BY lists; 0 for no ORDER BY
 * @param isReversed         whether ORDER BY reverses the clustering order
 * @param limit              LIMIT, or 0
 * @param perPartitionLimit  PER PARTITION LIMIT, or 0
 * @param pageSize           rows per page, or 0 for one unpaged request
 * @param selectionSeed      shuffles the selected columns; 0 selects them in table order
 */
public record ReadQuery(boolean isDistinct, List<List<Value>> keyValues, List<Boolean> keyIsIn,
                        List<Relation> relations, long[] tokenBounds, int orderByColumns, boolean isReversed,
                        int limit, int perPartitionLimit, int pageSize, boolean isBound, long selectionSeed) {

    /**
     * Whether Cassandra refuses the query: it cannot page rows of several partitions merged by
     * ORDER BY, and counts an IN of two terms as several partitions even when they are equal.
     */
    public boolean isRefusedForPaging() {
        return orderByColumns > 0 && pageSize > 0 && keyValues != null
                && keyValues.stream().anyMatch(values -> values.size() > 1);
    }

    /** Every column the model returns, in the model's order: key and static columns for DISTINCT. */
    public List<Column> modelColumns(TableSpec table) {
        return isDistinct
                ? java.util.stream.Stream.concat(table.partitionKey().stream(), table.statics().stream()).toList()
                : table.columns();
    }

    /** The columns the SELECT lists, in its order. */
    public List<Column> selectedColumns(TableSpec table) {
        List<Column> columns = new java.util.ArrayList<>(modelColumns(table));
        if (selectionSeed != 0) {
            java.util.Collections.shuffle(columns, new java.util.Random(selectionSeed));
        }
        return columns;
    }

    public CqlText.Statement render(TableSpec table) {
        CqlText cql = new CqlText(isBound).append("SELECT ").append(isDistinct ? "DISTINCT " : "");
        cql.append(String.join(", ", TableSpec.names(selectedColumns(table)))).append(" FROM t");
        String where = " WHERE ";
        if (keyValues != null) {
            for (int i = 0; i < keyValues.size(); i++) {
                cql.append(where).append(table.partitionKey().get(i).name());
                where = " AND ";
                if (keyIsIn.get(i)) {
                    cql.append(" IN ").tuple(keyValues.get(i));
                } else {
                    cql.append(" = ").value(keyValues.get(i).get(0));
                }
            }
        }
        if (tokenBounds != null) {
            String token = "token(" + String.join(", ", TableSpec.names(table.partitionKey())) + ")";
            cql.append(where).append(token).append(" > ").value(bigint(tokenBounds[0]))
                    .append(" AND " + token + " <= ").value(bigint(tokenBounds[1]));
        }
        for (Relation relation : relations) {
            cql.append(" AND ");
            relation.render(cql);
        }
        if (orderByColumns > 0) {
            cql.append(" ORDER BY ");
            for (int i = 0; i < orderByColumns; i++) {
                Column column = table.clustering().get(i);
                cql.append(i > 0 ? ", " : "").append(column.name())
                        .append(column.isDescending() != isReversed ? " DESC" : " ASC");
            }
        }
        if (perPartitionLimit > 0) {
            cql.append(" PER PARTITION LIMIT " + perPartitionLimit);
        }
        if (limit > 0) {
            cql.append(" LIMIT " + limit);
        }
        return cql.build();
    }

    private static Value bigint(long token) {
        return new Value(GeneratedType.BIGINT, java.nio.ByteBuffer.allocate(8).putLong(token).array());
    }

    public String describe(TableSpec table) {
        return render(table) + (pageSize > 0 ? " (pages of " + pageSize + ")" : "");
    }

    @Override
    public String toString() {
        return "read " + (isDistinct ? "distinct " : "") + keyValues + " " + relations.size() + " relations";
    }
}
