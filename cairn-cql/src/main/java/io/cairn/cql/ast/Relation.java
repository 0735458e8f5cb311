package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/** One restriction of a WHERE clause; a clause is a list of relations joined by AND. */
public sealed interface Relation {

    /** {@code column op term}. */
    record Comparison(String column, ComparisonOperator operator, Term value) implements Relation {

        public Comparison {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code column IN (t1, t2, ...)}; the list may be empty. */
    record In(String column, List<Term> values) implements Relation {

        public In {
            Objects.requireNonNull(column, "column");
            values = List.copyOf(values);
        }
    }

    /** {@code column IN ?} or {@code column IN :name}: one marker bound to a list of values. */
    record InMarker(String column, Term.BindMarker marker) implements Relation {

        public InMarker {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(marker, "marker");
        }
    }

    /** {@code column CONTAINS term}. */
    record Contains(String column, Term value) implements Relation {

        public Contains {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code column CONTAINS KEY term}. */
    record ContainsKey(String column, Term key) implements Relation {

        public ContainsKey {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(key, "key");
        }
    }

    /** {@code column LIKE term}. */
    record Like(String column, Term pattern) implements Relation {

        public Like {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** {@code column IS NOT NULL}. */
    record IsNotNull(String column) implements Relation {

        public IsNotNull {
            Objects.requireNonNull(column, "column");
        }
    }

    /** {@code column[key] op term}: a map's value by key. */
    record ElementComparison(String column, Term key, ComparisonOperator operator, Term value) implements Relation {

        public ElementComparison {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code token(c1, c2) op term}. */
    record TokenComparison(List<String> columns, ComparisonOperator operator, Term value) implements Relation {

        public TokenComparison {
            columns = List.copyOf(columns);
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code (c1, c2) op (t1, t2)} or {@code (c1, c2) op ?}.
     *
     * @param value a {@link Term.TupleLiteral} or a {@link Term.BindMarker}
     */
    record MultiColumnComparison(List<String> columns, ComparisonOperator operator, Term value)
            implements Relation {

        public MultiColumnComparison {
            columns = List.copyOf(columns);
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code (c1, c2) IN ((t1, t2), ?, ...)}; the list may be empty.
     *
     * @param values each a {@link Term.TupleLiteral} or a {@link Term.BindMarker}
     */
    record MultiColumnIn(List<String> columns, List<Term> values) implements Relation {

        public MultiColumnIn {
            columns = List.copyOf(columns);
            values = List.copyOf(values);
        }
    }

    /** {@code (c1, c2) IN ?}: one marker bound to a list of tuples. */
    record MultiColumnInMarker(List<String> columns, Term.BindMarker marker) implements Relation {

        public MultiColumnInMarker {
            columns = List.copyOf(columns);
            Objects.requireNonNull(marker, "marker");
        }
    }
}
