package io.cairn.cql.ast;

import java.util.Objects;

/** What a secondary index indexes: a column, or the keys, values or entries of a collection. */
public record IndexTarget(String column, Kind kind) {

    /** How the column is indexed. */
    public enum Kind {
        /** {@code (column)}: the column's value (a collection's values, for a non-frozen one). */
        COLUMN,
        /** {@code KEYS(map)}. */
        KEYS,
        /** {@code VALUES(collection)}. */
        VALUES,
        /** {@code ENTRIES(map)}. */
        ENTRIES,
        /** {@code FULL(frozen collection)}. */
        FULL
    }

    public IndexTarget {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
    }
}
