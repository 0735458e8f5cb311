package io.cairn.node.query;

import io.cairn.cql.ast.LiteralKind;
import io.cairn.cql.ast.Term;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;

import java.math.BigInteger;

/**
 * Which values a function parameter takes besides its own type's, as Cassandra's value
 * compatibility has it: a parameter reads the given value's bytes as its own type. A blob
 * takes anything, text takes ascii, a timestamp and a bigint take each other, a date takes an
 * int, a time a bigint, a varint an int, a bigint or a timestamp, a uuid a timeuuid.
 */
final class ArgumentTypes {

    /** How well an argument fits a parameter. */
    enum Fit { EXACT, WEAK, NONE }

    /**
     * An argument of a call being resolved, before it is analyzed: how well it fits each
     * candidate's parameter, how the statement wrote it, and whether it is a bare bind marker.
     */
    interface Argument {
        Fit fit(CqlType parameter);

        String text();

        default boolean isMarker() {
            return false;
        }
    }

    /** An argument whose type is known, written {@code text}. */
    static Argument typed(CqlType type, String text) {
        return new Argument() {
            @Override
            public Fit fit(CqlType parameter) {
                return ArgumentTypes.fit(parameter, type);
            }

            @Override
            public String text() {
                return text;
            }
        };
    }

    /** A constant, which takes its type from the parameter it fits. */
    static Argument constant(Term.Literal literal) {
        return new Argument() {
            @Override
            public Fit fit(CqlType parameter) {
                return ArgumentTypes.fit(parameter, literal);
            }

            @Override
            public String text() {
                return display(literal);
            }
        };
    }

    /** A bind marker, which fits any parameter weakly. */
    static Argument marker(String text) {
        return new Argument() {
            @Override
            public Fit fit(CqlType parameter) {
                return Fit.WEAK;
            }

            @Override
            public String text() {
                return text;
            }

            @Override
            public boolean isMarker() {
                return true;
            }
        };
    }

    private ArgumentTypes() {
    }

    /** An argument of a known type (null when unknown, as a bind marker's is, which fits weakly). */
    static Fit fit(CqlType parameter, CqlType given) {
        if (given == null) {
            return Fit.WEAK;
        }
        if (given.equals(parameter)) {
            return Fit.EXACT;
        }
        return isAssignable(parameter, given) ? Fit.WEAK : Fit.NONE;
    }

    /** A constant: exact for the type it prefers, weak for the others that take its kind. */
    static Fit fit(CqlType parameter, Term.Literal literal) {
        if (!(parameter instanceof NativeType type)) {
            return Fit.NONE;
        }
        if (literal.kind() == LiteralKind.NULL) {
            return Fit.WEAK;
        }
        if (type == preferredType(literal)) {
            return Fit.EXACT;
        }
        return TermAnalyzer.accepts(type, literal.kind()) ? Fit.WEAK : Fit.NONE;
    }

    private static NativeType preferredType(Term.Literal literal) {
        return switch (literal.kind()) {
            case STRING -> literal.text().chars().allMatch(c -> c < 128) ? NativeType.ASCII : NativeType.TEXT;
            case INTEGER -> {
                BigInteger value = new BigInteger(literal.text());
                yield value.bitLength() < 32 ? NativeType.INT : value.bitLength() < 64 ? NativeType.BIGINT
                        : NativeType.VARINT;
            }
            case FLOAT -> NativeType.DOUBLE;
            case BOOLEAN -> NativeType.BOOLEAN;
            case UUID -> NativeType.UUID;
            case HEX -> NativeType.BLOB;
            default -> null;
        };
    }

    /** A constant as Cassandra writes it in column names and messages. */
    static String display(Term.Literal literal) {
        return literal.kind() == LiteralKind.STRING ? "'" + literal.text() + "'" : literal.text();
    }

    static boolean isAssignable(CqlType parameter, CqlType given) {
        if (parameter.equals(given) || parameter == NativeType.BLOB) {
            return true;
        }
        if (!(parameter instanceof NativeType receiver) || !(given instanceof NativeType value)) {
            return false;
        }
        return switch (receiver) {
            case TEXT -> value == NativeType.ASCII;
            case BIGINT -> value == NativeType.TIMESTAMP;
            case TIMESTAMP, TIME -> value == NativeType.BIGINT;
            case DATE -> value == NativeType.INT;
            case VARINT -> value == NativeType.INT || value == NativeType.BIGINT || value == NativeType.TIMESTAMP;
            case UUID -> value == NativeType.TIMEUUID;
            default -> false;
        };
    }
}
