package io.cairn.cql.ast;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] table (columns, PRIMARY KEY (...)) WITH options}.
 *
 * @param primaryKeys      every PRIMARY KEY declaration in order, inline ({@code c int PRIMARY
 *                         KEY}) or not; a valid table has exactly one, which the analyzer checks
 *                         (Cassandra reports none or several as an invalid request)
 * @param clusteringOrder  {@code CLUSTERING ORDER BY}, empty when not given
 * @param isCompactStorage whether {@code COMPACT STORAGE} was given (parsed so that the
 *                         analyzer can reject it with Cassandra's message)
 * @param options          the other {@code WITH} options by canonical name, in order
 */
public record CreateTableStatement(QualifiedName table,
                                   boolean ifNotExists,
                                   List<ColumnDefinition> columns,
                                   List<PrimaryKey> primaryKeys,
                                   List<ClusteringOrder> clusteringOrder,
                                   boolean isCompactStorage,
                                   Map<String, OptionValue> options) implements Statement {

    public CreateTableStatement {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        primaryKeys = List.copyOf(primaryKeys);
        clusteringOrder = List.copyOf(clusteringOrder);
        options = Options.copyOf(options);
    }
}
