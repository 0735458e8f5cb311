package io.cairn.storage;

import java.util.Objects;

/**
 * The deletion of a whole collection column in one row: it shadows every element written at
 * or before its timestamp. {@code SET m = {...}} writes one just below the new elements.
 */
public record ColumnDeletion(String column, Deletion deletion) {

    public ColumnDeletion {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(deletion, "deletion");
    }
}
