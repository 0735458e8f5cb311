package io.cairn.cql.ast;

import java.util.Objects;

/** {@code ALTER TABLE [IF EXISTS] table action}. */
public record AlterTableStatement(QualifiedName table, boolean ifExists, AlterTableAction action)
        implements Statement {

    public AlterTableStatement {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(action, "action");
    }
}
