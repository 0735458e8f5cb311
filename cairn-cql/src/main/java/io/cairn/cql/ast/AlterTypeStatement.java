package io.cairn.cql.ast;

import java.util.Objects;

/** {@code ALTER TYPE [IF EXISTS] type action}. */
public record AlterTypeStatement(QualifiedName type, boolean ifExists, AlterTypeAction action)
        implements Statement {

    public AlterTypeStatement {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
    }
}
