package io.cairn.node.query;

import io.cairn.cql.type.CqlType;

import java.util.Objects;

/** A column of a result, or a bind variable of a prepared statement, as the protocol describes it. */
public record ResultColumn(String keyspace, String table, String name, CqlType type) {

    public ResultColumn {
        Objects.requireNonNull(keyspace, "keyspace");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
