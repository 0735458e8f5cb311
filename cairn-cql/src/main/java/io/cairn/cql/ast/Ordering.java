package io.cairn.cql.ast;

import java.util.Objects;

/**
 * One item of ORDER BY: {@code column [ANN OF vector] [ASC | DESC]}.
 *
 * @param annOf the vector of an approximate-nearest-neighbour ordering, or {@code null}
 *              for an ordinary ordering by the column's values
 */
public record Ordering(String column, boolean isDescending, Term annOf) {

    public Ordering {
        Objects.requireNonNull(column, "column");
    }

    public static Ordering ascending(String column) {
        return new Ordering(column, false, null);
    }

    public static Ordering descending(String column) {
        return new Ordering(column, true, null);
    }
}
