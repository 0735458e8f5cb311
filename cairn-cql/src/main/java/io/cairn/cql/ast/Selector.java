package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/** One expression of a SELECT clause or of GROUP BY. */
public sealed interface Selector {

    /** A column, by canonical name. */
    record ColumnRef(String name) implements Selector {

        public ColumnRef {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A constant, NULL, a bind marker or {@code {}}. */
    record Value(Term term) implements Selector {

        public Value {
            Objects.requireNonNull(term, "term");
        }
    }

    /** {@code COUNT(*)} (also written {@code count(*)}). {@code COUNT(1)} is a function call. */
    record CountRows() implements Selector {
    }

    /** {@code WRITETIME(c)}, {@code MAXWRITETIME(c)} (5.0) or {@code TTL(c)}. */
    record WritetimeOrTtl(Kind kind, Selector column) implements Selector {

        /** Which cell metadata is selected. */
        public enum Kind {
            WRITETIME, MAXWRITETIME, TTL
        }

        /**
         * @param column a {@link ColumnRef}, possibly with element or field selection
         *               ({@code writetime(m['k'])})
         */
        public WritetimeOrTtl {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(column, "column");
        }
    }

    /** {@code [keyspace.]function(arguments)}, {@code token(a, b)} included. */
    record FunctionCall(QualifiedName function, List<Selector> arguments) implements Selector {

        public FunctionCall {
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code CAST(selector AS type)}. */
    record Cast(Selector selector, NativeTypeName type) implements Selector {

        public Cast {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code (type) selector}. */
    record TypeHint(CqlTypeSyntax type, Selector selector) implements Selector {

        public TypeHint {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(selector, "selector");
        }
    }

    /** {@code selector.field}: a field of a user-defined type. */
    record FieldSelection(Selector selector, String field) implements Selector {

        public FieldSelection {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(field, "field");
        }
    }

    /** {@code selector[element]}: a map's value by key, a set's element, a list's by index. */
    record ElementSelection(Selector selector, Term element) implements Selector {

        public ElementSelection {
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(element, "element");
        }
    }

    /**
     * {@code selector[from..to]}, {@code selector[from..]} or {@code selector[..to]}.
     *
     * @param from the lower bound, or {@code null} when open
     * @param to   the upper bound, or {@code null} when open
     */
    record SliceSelection(Selector selector, Term from, Term to) implements Selector {

        public SliceSelection {
            Objects.requireNonNull(selector, "selector");
            if (from == null && to == null) {
                throw new IllegalArgumentException("A slice needs at least one bound");
            }
        }
    }

    /** {@code -selector}, where the selector is not a numeric literal. */
    record Negation(Selector selector) implements Selector {

        public Negation {
            Objects.requireNonNull(selector, "selector");
        }
    }

    /** {@code (selector)}: kept, as Cassandra names a result column by what the statement wrote. */
    record Parenthesized(Selector selector) implements Selector {

        public Parenthesized {
            Objects.requireNonNull(selector, "selector");
        }
    }

    /** {@code left op right}. */
    record Arithmetic(ArithmeticOperator operator, Selector left, Selector right) implements Selector {

        public Arithmetic {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code [s1, s2]}. */
    record ListSelector(List<Selector> elements) implements Selector {

        public ListSelector {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {s1, s2}}. */
    record SetSelector(List<Selector> elements) implements Selector {

        public SetSelector {
            elements = List.copyOf(elements);
        }
    }

    /**
     * {@code {k1: v1, k2: v2}}: a map, or a user-defined type's value when the keys are
     * {@link ColumnRef}s naming fields; the analyzer decides from the receiver.
     */
    record MapSelector(List<Entry> entries) implements Selector {

        /** One {@code key: value} pair. */
        public record Entry(Selector key, Selector value) {

            public Entry {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value");
            }
        }

        public MapSelector {
            entries = List.copyOf(entries);
        }
    }

    /** {@code (s1, s2, ...)} with two or more elements; {@code (s)} is just {@code s}. */
    record TupleSelector(List<Selector> elements) implements Selector {

        public TupleSelector {
            elements = List.copyOf(elements);
        }
    }
}
