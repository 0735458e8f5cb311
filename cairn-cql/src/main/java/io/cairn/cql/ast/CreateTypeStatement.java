package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/** {@code CREATE TYPE [IF NOT EXISTS] type (field type, ...)}. */
public record CreateTypeStatement(QualifiedName type, boolean ifNotExists, List<FieldDefinition> fields)
        implements Statement {

    public CreateTypeStatement {
        Objects.requireNonNull(type, "type");
        fields = List.copyOf(fields);
    }
}
