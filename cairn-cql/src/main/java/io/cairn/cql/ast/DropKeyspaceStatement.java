package io.cairn.cql.ast;

import java.util.Objects;

/** {@code DROP KEYSPACE [IF EXISTS] name}. */
public record DropKeyspaceStatement(String keyspace, boolean ifExists) implements Statement {

    public DropKeyspaceStatement {
        Objects.requireNonNull(keyspace, "keyspace");
    }
}
