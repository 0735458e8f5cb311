package io.cairn.cql.ast;

import java.util.Objects;

/** {@code USE keyspace}. */
public record UseStatement(String keyspace) implements Statement {

    public UseStatement {
        Objects.requireNonNull(keyspace, "keyspace");
    }
}
