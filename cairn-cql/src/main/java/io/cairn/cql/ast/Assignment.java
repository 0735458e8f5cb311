package io.cairn.cql.ast;

import java.util.Objects;

/** One operation of UPDATE's SET clause. */
public sealed interface Assignment {

    /** The canonical name of the column assigned. */
    String column();

    /** {@code c = term}. */
    record SetValue(String column, Term value) implements Assignment {

        public SetValue {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code c[key] = term}: a map's value by key or a list's element by index. */
    record SetElement(String column, Term key, Term value) implements Assignment {

        public SetElement {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code c.field = term}: a field of a non-frozen user-defined type. */
    record SetField(String column, String field, Term value) implements Assignment {

        public SetField {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code c = c + term} or {@code c += term}: counter increment, append, set or map union. */
    record Addition(String column, Term value) implements Assignment {

        public Addition {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code c = c - term} or {@code c -= term}: counter decrement, element removal. */
    record Subtraction(String column, Term value) implements Assignment {

        public Subtraction {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code c = term + c}: list prepend. */
    record Prepend(String column, Term value) implements Assignment {

        public Prepend {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }
    }
}
