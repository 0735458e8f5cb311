package io.cairn.cql.ast;

import java.util.List;

/**
 * One PRIMARY KEY declaration: {@code PRIMARY KEY ((p1, p2), c1, c2)}, or a column declared
 * {@code name type PRIMARY KEY} (a single partition key column, no clustering columns).
 */
public record PrimaryKey(List<String> partitionKey, List<String> clusteringColumns) {

    public PrimaryKey {
        partitionKey = List.copyOf(partitionKey);
        clusteringColumns = List.copyOf(clusteringColumns);
    }
}
