package io.cairn.cql.ast;

import java.util.Objects;

/** A field of a user-defined type: {@code name type}. */
public record FieldDefinition(String name, CqlTypeSyntax type) {

    public FieldDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
