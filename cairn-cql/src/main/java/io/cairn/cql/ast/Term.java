package io.cairn.cql.ast;

import java.util.List;
import java.util.Objects;

/**
 * A value as written in a statement: a constant, a bind marker, a collection, tuple or UDT
 * literal, a function call, a cast or an arithmetic expression. Terms are untyped here; the
 * analyzer infers each term's type from where it is used (the column it is compared with or
 * assigned to, a type hint, a function's signature).
 */
public sealed interface Term {

    /**
     * A constant. {@code text} is a string's content with quotes removed and {@code ''}
     * unescaped; for every other kind it is the token as written (a leading minus sign
     * included), except that booleans are lower case and NaN and infinities are spelled
     * {@code NaN}, {@code Infinity} and {@code -Infinity}, and NULL is {@code null}.
     */
    record Literal(LiteralKind kind, String text) implements Term {

        /** The NULL constant. */
        public static final Literal NULL = new Literal(LiteralKind.NULL, "null");

        public Literal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        public static Literal string(String text) {
            return new Literal(LiteralKind.STRING, text);
        }

        public static Literal integer(String text) {
            return new Literal(LiteralKind.INTEGER, text);
        }

        public static Literal floatingPoint(String text) {
            return new Literal(LiteralKind.FLOAT, text);
        }

        public static Literal bool(boolean value) {
            return new Literal(LiteralKind.BOOLEAN, Boolean.toString(value));
        }

        public static Literal uuid(String text) {
            return new Literal(LiteralKind.UUID, text);
        }

        public static Literal hex(String text) {
            return new Literal(LiteralKind.HEX, text);
        }

        public static Literal duration(String text) {
            return new Literal(LiteralKind.DURATION, text);
        }
    }

    /**
     * A bind marker, {@code ?} or {@code :name}. Markers are numbered from 0 in order of
     * appearance in the statement, positional and named alike; a name that appears twice
     * gives two markers.
     *
     * @param index the marker's position among the statement's bind variables
     * @param name  the canonical name of a named marker, or {@code null} for {@code ?}
     */
    record BindMarker(int index, String name) implements Term {

        public BindMarker {
            if (index < 0) {
                throw new IllegalArgumentException("Negative bind marker index " + index);
            }
        }

        public static BindMarker positional(int index) {
            return new BindMarker(index, null);
        }

        public static BindMarker named(int index, String name) {
            return new BindMarker(index, Objects.requireNonNull(name, "name"));
        }

        public boolean isNamed() {
            return name != null;
        }
    }

    /** {@code [a, b, c]}: a list, or a vector. */
    record ListLiteral(List<Term> elements) implements Term {

        public ListLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {a, b, c}}, at least one element. */
    record SetLiteral(List<Term> elements) implements Term {

        public SetLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {k1: v1, k2: v2}} whose keys are terms (a UDT literal's keys are field names). */
    record MapLiteral(List<Entry> entries) implements Term {

        /** One {@code key: value} pair. */
        public record Entry(Term key, Term value) {

            public Entry {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value");
            }
        }

        public MapLiteral {
            entries = List.copyOf(entries);
        }
    }

    /** {@code {}}: an empty set or an empty map, which only the receiver's type tells apart. */
    record EmptySetOrMap() implements Term {
    }

    /** {@code (a, b, c)}; a single parenthesised term is a tuple of one element. */
    record TupleLiteral(List<Term> elements) implements Term {

        public TupleLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** {@code {field1: v1, field2: v2}}: a user-defined type's value, fields in order written. */
    record UdtLiteral(List<Field> fields) implements Term {

        /** One {@code field: value} pair; the field's name is canonical. */
        public record Field(String name, Term value) {

            public Field {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(value, "value");
            }
        }

        public UdtLiteral {
            fields = List.copyOf(fields);
        }
    }

    /** {@code [keyspace.]function(arguments)}, e.g. {@code now()}, {@code token(a, b)}. */
    record FunctionCall(QualifiedName function, List<Term> arguments) implements Term {

        public FunctionCall {
            Objects.requireNonNull(function, "function");
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * {@code (type) term}: tells the analyzer the type of a term it could not infer, such as
     * a bind marker passed to an overloaded function. Cassandra calls this a type cast.
     */
    record TypeHint(CqlTypeSyntax type, Term term) implements Term {

        public TypeHint {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(term, "term");
        }
    }

    /** {@code CAST(term AS type)}: a conversion between native types. */
    record Cast(Term term, NativeTypeName type) implements Term {

        public Cast {
            Objects.requireNonNull(term, "term");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code -term} where the term is not a numeric literal (a minus sign before a number or
     * a duration is part of that literal).
     */
    record Negation(Term term) implements Term {

        public Negation {
            Objects.requireNonNull(term, "term");
        }
    }

    /** {@code left op right}; operators associate to the left, * / % before + -. */
    record Arithmetic(ArithmeticOperator operator, Term left, Term right) implements Term {

        public Arithmetic {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }
}
