package io.cairn.node.query;

import io.cairn.cql.ast.Ordering;
import io.cairn.cql.ast.SelectStatement;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.VectorType;
import io.cairn.node.index.VectorSimilarity;
import io.cairn.node.messages.IndexExpression;
import io.cairn.node.schema.ColumnKind;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.TableMetadata;

import java.nio.ByteBuffer;

/**
 * {@code ORDER BY v ANN OF [...]}: the rows whose vectors are nearest a vector, by the similarity
 * function of the column's storage-attached index, analysed by Cassandra 5.0's rules and messages.
 * Other restrictions must each be served by an index (or name the partition, its clustering
 * columns, or a token range): replicas search among the rows that hold them.
 */
final class AnnOrdering {

    private final ColumnMetadata column;
    private final IndexMetadata index;
    private final BoundTerm vector;

    private AnnOrdering(ColumnMetadata column, IndexMetadata index, BoundTerm vector) {
        this.column = column;
        this.index = index;
        this.vector = vector;
    }

    /** The search {@code statement} orders by, or null when it orders by no ANN OF. */
    static AnnOrdering analyze(TableMetadata table, SelectStatement statement, Restrictions restrictions,
                               TermAnalyzer terms) {
        Ordering ann = statement.orderings().stream().filter(ordering -> ordering.annOf() != null).findFirst()
                .orElse(null);
        if (ann == null) {
            refuseVectorEquality(table, restrictions);
            return null;
        }
        ColumnMetadata column = table.column(ann.column());
        if (column == null) {
            throw CqlException.invalid("Undefined column name " + ann.column() + " in table " + table.keyspace()
                    + "." + table.name());
        }
        if (statement.orderings().size() > 1) {
            throw CqlException.invalid("ANN ordering does not support any other ordering");
        }
        if (ann.isDescending()) {
            throw CqlException.invalid("Descending ANN ordering is not supported");
        }
        if (!(column.type() instanceof VectorType type)) {
            throw CqlException.invalid("Unexpected receiver type '" + column.type().asCql()
                    + "'; only list and vector are expected");
        }
        BoundTerm vector = terms.analyze(ann.annOf(),
                new ResultColumn(table.keyspace(), table.name(), column.name(), column.type()));
        if (type.element() != NativeType.FLOAT) {
            throw CqlException.invalid("ANN ordering is only supported on float vector indexes");
        }
        IndexMetadata index = table.indexesOf(column).stream().filter(one -> one.searchesNeighbours(column))
                .findFirst().orElse(null);
        if (index == null) {
            if (!table.indexesOf(column).isEmpty() && !statement.allowsFiltering()) {
                // Cassandra's answer when the column has only a legacy index.
                throw CqlException.invalid("Cannot execute this query as it might involve data filtering and thus "
                        + "may have unpredictable performance. If you want to execute this query despite the "
                        + "performance unpredictability, use ALLOW FILTERING");
            }
            throw CqlException.invalid("ANN ordering by vector requires the column to be indexed");
        }
        for (Restrictions.Filter filter : restrictions.filters()) {
            if (filter.column().equals(column)) {
                throw CqlException.invalid(column.name() + " cannot be restricted by more than one relation if it "
                        + "includes an Equal");
            }
        }
        for (Restrictions.KeyValues values : restrictions.partitionKeyValues()) {
            if (values.listMarker() != null || values.values().size() > 1) {
                throw CqlException.invalid("Select on indexed columns and with IN clause for the PRIMARY KEY are "
                        + "not supported");
            }
        }
        IndexChoice served = IndexChoice.of(table, restrictions);
        boolean unserved = !restrictions.filters().isEmpty() && (served == null || served.needsFiltering());
        if (unserved || !restrictions.hasPartitionKeys() && restrictions.hasClusteringRestrictions()) {
            throw CqlException.invalid("ANN ordering by vector requires all restricted column(s) to be indexed");
        }
        if (statement.isDistinct()) {
            throw CqlException.invalid("SELECT DISTINCT with WHERE clause only supports restriction by partition "
                    + "key and/or static columns.");
        }
        return new AnnOrdering(column, index, vector);
    }

    /** An equality on an indexed vector column: Cassandra answers vectors only by ANN. */
    private static void refuseVectorEquality(TableMetadata table, Restrictions restrictions) {
        for (Restrictions.Filter filter : restrictions.filters()) {
            if (filter.column().type() instanceof VectorType && !table.indexesOf(filter.column()).isEmpty()
                    && filter.column().kind() == ColumnKind.REGULAR) {
                throw CqlException.invalid("Vector indexes only support ANN queries");
            }
        }
    }

    ColumnMetadata column() {
        return column;
    }

    /** The query's vector, serialized; refuses a null one, and a zero one under cosine similarity. */
    byte[] vector(ExecutionContext context) {
        ByteBuffer value = vector.bind(context);
        if (value == null || value == QueryOptions.UNSET) {
            throw CqlException.invalid("Unsupported null value for column " + column.name());
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        if (!VectorSimilarity.comparable(index.similarityFunction(), bytes)) {
            throw CqlException.invalid(VectorSimilarity.ZERO_VECTOR_REFUSAL);
        }
        return bytes;
    }

    /** What replicas search: {@code neighbours} rows nearest {@code query}, holding every one of {@code restrictions}. */
    IndexExpression expression(byte[] query, int neighbours, java.util.List<IndexExpression> restrictions) {
        return IndexExpression.ann(index.name(), query, neighbours, restrictions);
    }

    /** How similar rows' vectors (serialized) are to {@code query}: higher is nearer. */
    VectorSimilarity.Scorer similarity(byte[] query) {
        return VectorSimilarity.to(index.similarityFunction(), query);
    }

    /** Checks what only execution knows: a LIMIT of at most {@link IndexExpression#MAX_NEIGHBOURS}, no PER PARTITION LIMIT, no aggregate, not SERIAL. */
    static void checkExecution(int limit, int partitionLimit, boolean aggregates, io.cairn.cql.ConsistencyLevel level) {
        if (aggregates) {
            throw CqlException.invalid("Top-K queries can not be run with aggregation");
        }
        if (level.isSerial()) {
            throw CqlException.invalid("Top-K queries can only be run with consistency level ONE/LOCAL_ONE. "
                    + "Consistency level " + level + " was used.");
        }
        if (limit == Integer.MAX_VALUE) {
            throw CqlException.invalid("Top-K queries must have a limit specified and the limit must be less than "
                    + "the query page size");
        }
        if (partitionLimit != Integer.MAX_VALUE) {
            throw CqlException.invalid("Top-K queries do not support per-partition limits");
        }
        if (limit > IndexExpression.MAX_NEIGHBOURS) {
            throw CqlException.invalid("Use of ANN OF in an ORDER BY clause requires a LIMIT that is not greater "
                    + "than " + IndexExpression.MAX_NEIGHBOURS + ". LIMIT was " + limit);
        }
    }
}
