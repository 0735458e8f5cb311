package io.cairn.cql.ast;

import java.util.Objects;

/** One item of {@code WITH CLUSTERING ORDER BY (column ASC|DESC, ...)}. */
public record ClusteringOrder(String column, boolean isDescending) {

    public ClusteringOrder {
        Objects.requireNonNull(column, "column");
    }
}
