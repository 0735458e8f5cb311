package io.cairn.cql.ast;

import java.util.Objects;

/** {@code DROP TABLE [IF EXISTS] table}. */
public record DropTableStatement(QualifiedName table, boolean ifExists) implements Statement {

    public DropTableStatement {
        Objects.requireNonNull(table, "table");
    }
}
