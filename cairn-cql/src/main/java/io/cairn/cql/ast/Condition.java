package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/** One condition of an IF clause (a lightweight transaction); conditions are joined by AND. */
public sealed interface Condition {

    /** {@code target op term}. */
    record Comparison(ColumnTarget target, ComparisonOperator operator, Term value) implements Condition {

        public Comparison {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code target IN (t1, t2, ...)}. */
    record In(ColumnTarget target, List<Term> values) implements Condition {

        public In {
            Objects.requireNonNull(target, "target");
            values = List.copyOf(values);
        }
    }

    /** {@code target IN ?}. */
    record InMarker(ColumnTarget target, Term.BindMarker marker) implements Condition {

        public InMarker {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(marker, "marker");
        }
    }

    /** {@code column CONTAINS term} (5.0). */
    record Contains(String column, Term value) implements Condition {

        public Contains {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code column CONTAINS KEY term} (5.0). */
    record ContainsKey(String column, Term key) implements Condition {

        public ContainsKey {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(key, "key");
        }
    }
}
