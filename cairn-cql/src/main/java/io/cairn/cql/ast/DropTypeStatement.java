package io.cairn.cql.ast;

import java.util.Objects;

/** {@code DROP TYPE [IF EXISTS] type}. */
public record DropTypeStatement(QualifiedName type, boolean ifExists) implements Statement {

    public DropTypeStatement {
        Objects.requireNonNull(type, "type");
    }
}
