package io.cairn.cql.ast;

import java.util.Objects;

/** {@code DROP INDEX [IF EXISTS] [keyspace.]index}. */
public record DropIndexStatement(QualifiedName index, boolean ifExists) implements Statement {

    public DropIndexStatement {
        Objects.requireNonNull(index, "index");
    }
}
