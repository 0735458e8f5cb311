package io.cairn.cql.ast;

import java.util.Objects;

/** A column as declared in CREATE TABLE or ALTER TABLE ADD: {@code name type [STATIC]}. */
public record ColumnDefinition(String name, CqlTypeSyntax type, boolean isStatic) {

    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
