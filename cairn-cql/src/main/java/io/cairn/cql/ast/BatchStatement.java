package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/**
 * {@code BEGIN [UNLOGGED | COUNTER] BATCH [USING ...] statements APPLY BATCH}. Bind markers
 * are numbered across all the statements of the batch, in order of appearance.
 */
public record BatchStatement(Type type, UsingClause using, List<ModificationStatement> statements)
        implements Statement {

    /** The kind of batch, after BEGIN. */
    public enum Type {
        LOGGED, UNLOGGED, COUNTER
    }

    public BatchStatement {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(using, "using");
        statements = List.copyOf(statements);
    }
}
