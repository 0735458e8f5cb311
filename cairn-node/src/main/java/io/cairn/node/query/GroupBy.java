package io.cairn.node.query;

import io.cairn.cql.ast.Selector;
import io.cairn.cql.error.CqlException;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code GROUP BY}: rows of one partition whose first clustering values are equal form a group,
 * which yields one result row (aggregates over the group's rows; other selectors the value of its
 * first row, in reading order). Groups are read one after the other, as rows are: a group ends
 * when a row of another group (or the end of the data) is read. LIMIT, PER PARTITION LIMIT and the
 * page size count groups, as in Cassandra.
 *
 * <p>As Cassandra requires, the columns are primary key columns in their declared order, starting
 * with the whole partition key; a column restricted by {@code =} may be left out.
 */
final class GroupBy {

    private static final String ORDER = "Group by currently only support groups of columns following their "
            + "declared order in the PRIMARY KEY";

    /** How many clustering columns, after the partition key, make a group. */
    private final int clusteringColumns;
    private final TableMetadata table;

    private GroupBy(TableMetadata table, int clusteringColumns) {
        this.table = table;
        this.clusteringColumns = clusteringColumns;
    }

    /** The grouping of {@code groupBy}, or null when it is empty; refuses what Cassandra refuses, with its messages. */
    static GroupBy analyze(TableMetadata table, Restrictions restrictions, List<Selector> groupBy, boolean distinct) {
        if (groupBy.isEmpty()) {
            return null;
        }
        List<ColumnMetadata> primaryKey = new ArrayList<>(table.partitionKey());
        primaryKey.addAll(table.clustering());
        Iterator<ColumnMetadata> keyColumns = primaryKey.iterator();
        int clusteringColumns = 0;
        for (Selector selector : groupBy) {
            if (!(selector instanceof Selector.ColumnRef ref)) {
                throw CqlException.invalid("Cairn does not support functions in GROUP BY yet; group by primary key "
                        + "columns");
            }
            ColumnMetadata column = table.column(ref.name());
            if (column == null) {
                throw CqlException.invalid("Undefined column name " + ref.name() + " in table " + table);
            }
            if (!column.isPrimaryKey()) {
                throw CqlException.invalid("Group by is currently only supported on the columns of the PRIMARY KEY, "
                        + "got " + column.name());
            }
            while (true) {
                if (!keyColumns.hasNext()) {
                    throw CqlException.invalid(ORDER);
                }
                ColumnMetadata next = keyColumns.next();
                if (next.kind() == ColumnKind.CLUSTERING) {
                    clusteringColumns++;
                }
                if (next.equals(column)) {
                    break;
                }
                if (!restrictions.isRestrictedByEq(next)) {
                    throw CqlException.invalid(ORDER);
                }
            }
        }
        if (keyColumns.hasNext() && keyColumns.next().kind() == ColumnKind.PARTITION_KEY) {
            throw CqlException.invalid("Group by is not supported on only a part of the partition key");
        }
        if (clusteringColumns > 0 && distinct) {
            throw CqlException.invalid("Grouping on clustering columns is not allowed for SELECT DISTINCT queries");
        }
        return new GroupBy(table, clusteringColumns);
    }

    /** A group whose first row is {@code row}, accumulating into {@code outputs} (fresh accumulators). */
    Group open(RowView row, PartitionKey partition, Clustering clustering, List<Selection.Output> outputs,
               ExecutionContext context) {
        Group group = new Group(partition, prefixOf(row), outputs, clustering);
        group.add(row, clustering, context);
        return group;
    }

    /** The row's values of the grouped clustering columns (nulls for a partition's static row alone). */
    private List<ByteBuffer> prefixOf(RowView row) {
        List<ByteBuffer> prefix = new ArrayList<>(clusteringColumns);
        for (int i = 0; i < clusteringColumns; i++) {
            prefix.add(row.value(table.clustering().get(i)));
        }
        return prefix;
    }

    /** One group being read: its key, accumulators, and its first and last rows' clusterings. */
    final class Group {
        private final PartitionKey partition;
        private final List<ByteBuffer> prefix;
        private final List<Selection.Output> outputs;
        private final Clustering first;
        private Clustering last;

        private Group(PartitionKey partition, List<ByteBuffer> prefix, List<Selection.Output> outputs,
                      Clustering first) {
            this.partition = partition;
            this.prefix = prefix;
            this.outputs = outputs;
            this.first = first;
        }

        /** Whether {@code row} of {@code rowPartition} belongs to this group. */
        boolean contains(RowView row, PartitionKey rowPartition) {
            if (!partition.equals(rowPartition)) {
                return false;
            }
            for (int i = 0; i < clusteringColumns; i++) {
                if (!java.util.Objects.equals(prefix.get(i), row.value(table.clustering().get(i)))) {
                    return false;
                }
            }
            return true;
        }

        void add(RowView row, Clustering clustering, ExecutionContext context) {
            for (Selection.Output output : outputs) {
                output.add(row, context);
            }
            last = clustering;
        }

        /** The group's result row. */
        List<ByteBuffer> result(ExecutionContext context) {
            List<ByteBuffer> values = new ArrayList<>(outputs.size());
            for (Selection.Output output : outputs) {
                values.add(output.result(context));
            }
            return values;
        }

        PartitionKey partition() {
            return partition;
        }

        /** The clustering of the group's first row (null for a static row alone), which ORDER BY sorts by. */
        Clustering first() {
            return first;
        }

        /** The clustering of the group's last row read: a next page resumes after it. */
        Clustering last() {
            return last;
        }
    }
}
