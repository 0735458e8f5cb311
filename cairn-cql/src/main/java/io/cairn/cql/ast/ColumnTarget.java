package io.cairn.cql.ast;

import java.util.Objects;

/**
 * A column, or a part of one, named by a DELETE or by an IF condition: {@code c},
 * {@code c[term]} or {@code c.field}.
 */
public sealed interface ColumnTarget {

    /** The column's canonical name. */
    String column();

    /** The whole column. */
    record Column(String column) implements ColumnTarget {

        public Column {
            Objects.requireNonNull(column, "column");
        }
    }

    /** {@code column[key]}: a map's entry by key, a set's element, a list's by index. */
    record Element(String column, Term key) implements ColumnTarget {

        public Element {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(key, "key");
        }
    }

    /** {@code column.field}: a field of a user-defined type. */
    record Field(String column, String field) implements ColumnTarget {

        public Field {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(field, "field");
        }
    }
}
