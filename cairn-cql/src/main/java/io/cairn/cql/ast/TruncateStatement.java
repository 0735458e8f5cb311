package io.cairn.cql.ast;

import java.util.Objects;

/** {@code TRUNCATE [TABLE] table}. */
public record TruncateStatement(QualifiedName table) implements Statement {

    public TruncateStatement {
        Objects.requireNonNull(table, "table");
    }
}
