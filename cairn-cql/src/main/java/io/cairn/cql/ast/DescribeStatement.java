package io.cairn.cql.ast;

import java.util.Objects;

/**
 * {@code DESCRIBE ...}, which Cassandra 4+ executes on the server (cqlsh sends it as a
 * statement): what to describe, and the keyspace and name it names (null when it names none).
 */
public record DescribeStatement(Kind kind, String keyspace, String name, boolean withInternals)
        implements Statement {

    /** What a DESCRIBE describes. */
    public enum Kind {
        CLUSTER, SCHEMA, FULL_SCHEMA, KEYSPACES, KEYSPACE, ONLY_KEYSPACE, TABLES, TABLE, INDEX, MATERIALIZED_VIEW,
        TYPES, TYPE, FUNCTIONS, FUNCTION, AGGREGATES, AGGREGATE,
        /** {@code DESCRIBE name}: a keyspace, or else a table, index or view of the current keyspace. */
        ELEMENT
    }

    public DescribeStatement {
        Objects.requireNonNull(kind, "kind");
    }
}
