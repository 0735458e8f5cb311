package io.cairn.node.query;

import io.cairn.cql.ast.ArithmeticOperator;
import io.cairn.cql.error.FunctionFailureException;
import io.cairn.cql.type.CqlDuration;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static io.cairn.cql.type.NativeType.ASCII;
import static io.cairn.cql.type.NativeType.BIGINT;
import static io.cairn.cql.type.NativeType.COUNTER;
import static io.cairn.cql.type.NativeType.DATE;
import static io.cairn.cql.type.NativeType.DECIMAL;
import static io.cairn.cql.type.NativeType.DOUBLE;
import static io.cairn.cql.type.NativeType.DURATION;
import static io.cairn.cql.type.NativeType.FLOAT;
import static io.cairn.cql.type.NativeType.INT;
import static io.cairn.cql.type.NativeType.SMALLINT;
import static io.cairn.cql.type.NativeType.TEXT;
import static io.cairn.cql.type.NativeType.TIMESTAMP;
import static io.cairn.cql.type.NativeType.TINYINT;
import static io.cairn.cql.type.NativeType.VARINT;

/**
 * The arithmetic operators of terms and selectors, as the native functions Cassandra 5.0
 * defines for them: {@code system._add}, {@code _substract}, {@code _multiply},
 * {@code _divide} and {@code _modulo} between any two numeric types, {@code _negate} of each,
 * a duration added to or subtracted from a timestamp or a date, and {@code +} between strings.
 *
 * <p>An operation between two numbers computes in the wider of their types, floating if either
 * is ({@link #resultType}); integers wrap on overflow and fail on division by zero; floats and
 * doubles follow IEEE 754; a decimal divides to at least 32 significant digits. A null operand
 * gives null; a failure is a FUNCTION_FAILURE naming the operation.
 */
final class Operators {

    static final String NEGATE = "_negate";

    /** The numeric types, by width. */
    static final List<NativeType> NUMERIC = List.of(TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, VARINT,
            COUNTER);
    /**
     * The order overloads are tried in: a constant's own type first, so that where two overloads
     * fit exactly ({@code 100 + 100 + 1} for an int), the one computing in the constants' type wins.
     */
    private static final List<NativeType> RESOLUTION_ORDER = List.of(INT, BIGINT, VARINT, DOUBLE, FLOAT, DECIMAL,
            SMALLINT, TINYINT, COUNTER);
    /** {@code _negate}'s overloads, in the order Cassandra's messages list them. */
    private static final List<NativeType> NEGATION_ORDER = List.of(INT, BIGINT, VARINT, DOUBLE, SMALLINT, COUNTER,
            FLOAT, TINYINT, DECIMAL);
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** A decimal quotient has at least this many significant digits (and this scale), as in Cassandra. */
    private static final int DECIMAL_MIN_DIGITS = 32;
    private static final int DECIMAL_MAX_SCALE = 1000;
    private static final MathContext DECIMAL_PRECISION = new MathContext(10_000);
    /**
     * A decimal operand with more digits than this before or after the point is refused: an
     * exact quotient, remainder or rounding of {@code 1e999999999} would take gigabytes.
     */
    static final int MAX_DECIMAL_DIGITS = 10_000;
    /** The days a date holds: 2^31 either side of the epoch. */
    private static final long MAX_DATE_DAYS = 1L << 31;

    private Operators() {
    }

    /** The function an operator is. */
    static String functionName(ArithmeticOperator operator) {
        return switch (operator) {
            case ADD -> "_add";
            case SUBTRACT -> "_substract";
            case MULTIPLY -> "_multiply";
            case DIVIDE -> "_divide";
            case MODULO -> "_modulo";
        };
    }

    /** The operator a function is, or null for any other function (negation included). */
    static ArithmeticOperator operator(String functionName) {
        for (ArithmeticOperator operator : ArithmeticOperator.values()) {
            if (functionName(operator).equals(functionName)) {
                return operator;
            }
        }
        return null;
    }

    static void forEach(CastFunctions.Registry registry) {
        for (NativeType left : RESOLUTION_ORDER) {
            for (NativeType right : RESOLUTION_ORDER) {
                NativeType result = resultType(left, right);
                for (ArithmeticOperator operator : ArithmeticOperator.values()) {
                    registry.add(functionName(operator), List.of(left, right), result,
                            (c, a) -> failing(operator, left, right, () -> numeric(operator, result, left, a.get(0),
                                    right, a.get(1))));
                }
            }
        }
        for (NativeType type : NEGATION_ORDER) {
            registry.add(NEGATE, List.of(type), type, (c, a) -> negate(type, a.get(0)));
        }
        for (NativeType temporal : List.of(TIMESTAMP, DATE)) {
            for (ArithmeticOperator operator : List.of(ArithmeticOperator.ADD, ArithmeticOperator.SUBTRACT)) {
                registry.add(functionName(operator), List.of(temporal, DURATION), temporal,
                        (c, a) -> failing(operator, temporal, DURATION, () -> temporal(operator, temporal, a.get(0),
                                a.get(1))));
            }
        }
        concatenation(registry, TEXT, TEXT, TEXT);
        concatenation(registry, ASCII, ASCII, ASCII);
        concatenation(registry, ASCII, TEXT, TEXT);
        concatenation(registry, TEXT, ASCII, TEXT);
    }

    /**
     * The type an operation between {@code left} and {@code right} computes in: the wider of
     * the two (a counter is as wide as a bigint, a varint or decimal wider than any), a
     * floating one (float, double, decimal) if either is floating.
     */
    static NativeType resultType(NativeType left, NativeType right) {
        boolean floating = isFloating(left) || isFloating(right);
        int width = Math.max(width(left), width(right));
        if (floating) {
            return width <= 4 ? FLOAT : width == 8 ? DOUBLE : DECIMAL;
        }
        return switch (width) {
            case 1 -> TINYINT;
            case 2 -> SMALLINT;
            case 4 -> INT;
            case 8 -> BIGINT;
            default -> VARINT;
        };
    }

    private static boolean isFloating(NativeType type) {
        return type == FLOAT || type == DOUBLE || type == DECIMAL;
    }

    private static int width(NativeType type) {
        return switch (type) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INT, FLOAT -> 4;
            case BIGINT, COUNTER, DOUBLE -> 8;
            case VARINT, DECIMAL -> Integer.MAX_VALUE;
            default -> throw new IllegalArgumentException("Not a numeric type: " + type);
        };
    }

    private static void concatenation(CastFunctions.Registry registry, NativeType left, NativeType right,
                                      NativeType result) {
        registry.add(functionName(ArithmeticOperator.ADD), List.of(left, right), result,
                (c, a) -> result.decompose((String) left.compose(a.get(0)) + right.compose(a.get(1))));
    }

    private interface Computation {
        ByteBuffer compute();
    }

    /** Runs an operation, a failure answered as Cassandra words it: the operation and why. */
    private static ByteBuffer failing(ArithmeticOperator operator, CqlType left, CqlType right,
                                      Computation computation) {
        try {
            return computation.compute();
        } catch (RuntimeException e) {
            throw new FunctionFailureException("system", functionName(operator), List.of(left.asCql(), right.asCql()),
                    "the operation '" + left.asCql() + " " + operator.symbol() + " " + right.asCql() + "' failed: "
                            + e.getMessage());
        }
    }

    /** A number's value; null for an empty value, which a number takes as no value. */
    private static Number number(NativeType type, ByteBuffer value) {
        return value.remaining() == 0 ? null : (Number) type.compose(value);
    }

    private static ByteBuffer numeric(ArithmeticOperator operator, NativeType result, NativeType leftType,
                                      ByteBuffer leftValue, NativeType rightType, ByteBuffer rightValue) {
        Number left = number(leftType, leftValue);
        Number right = number(rightType, rightValue);
        if (left == null || right == null) {
            return null;
        }
        return switch (result) {
            case TINYINT -> TINYINT.decompose((byte) integral(operator, left.byteValue(), right.byteValue()));
            case SMALLINT -> SMALLINT.decompose((short) integral(operator, left.shortValue(), right.shortValue()));
            case INT -> INT.decompose(integral(operator, left.intValue(), right.intValue()));
            case BIGINT -> BIGINT.decompose(integral(operator, left.longValue(), right.longValue()));
            case FLOAT -> FLOAT.decompose(floating(operator, left.floatValue(), right.floatValue()));
            case DOUBLE -> DOUBLE.decompose(floating(operator, left.doubleValue(), right.doubleValue()));
            case VARINT -> VARINT.decompose(varint(operator, toBigInteger(left), toBigInteger(right)));
            case DECIMAL -> DECIMAL.decompose(decimal(operator, bounded(toBigDecimal(left)),
                    bounded(toBigDecimal(right))));
            default -> throw new IllegalStateException("Not a result type of an operation: " + result);
        };
    }

    private static int integral(ArithmeticOperator operator, int left, int right) {
        return switch (operator) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> left / right;
            case MODULO -> left % right;
        };
    }

    private static long integral(ArithmeticOperator operator, long left, long right) {
        return switch (operator) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> left / right;
            case MODULO -> left % right;
        };
    }

    private static float floating(ArithmeticOperator operator, float left, float right) {
        return switch (operator) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> left / right;
            case MODULO -> left % right;
        };
    }

    private static double floating(ArithmeticOperator operator, double left, double right) {
        return switch (operator) {
            case ADD -> left + right;
            case SUBTRACT -> left - right;
            case MULTIPLY -> left * right;
            case DIVIDE -> left / right;
            case MODULO -> left % right;
        };
    }

    private static BigInteger varint(ArithmeticOperator operator, BigInteger left, BigInteger right) {
        return switch (operator) {
            case ADD -> left.add(right);
            case SUBTRACT -> left.subtract(right);
            case MULTIPLY -> left.multiply(right);
            case DIVIDE -> left.divide(right);
            case MODULO -> left.remainder(right);
        };
    }

    private static BigDecimal decimal(ArithmeticOperator operator, BigDecimal left, BigDecimal right) {
        return switch (operator) {
            case ADD -> left.add(right, DECIMAL_PRECISION);
            case SUBTRACT -> left.subtract(right, DECIMAL_PRECISION);
            case MULTIPLY -> left.multiply(right, DECIMAL_PRECISION);
            case DIVIDE -> divide(left, right);
            case MODULO -> left.remainder(right);
        };
    }

    /**
     * A decimal quotient: to 32 significant digits past the quotient's first (predicted from
     * the operands' magnitudes), or the operands' own scale if larger, at most 1000 decimal
     * places, rounded half up, trailing zeros dropped.
     */
    private static BigDecimal divide(BigDecimal left, BigDecimal right) {
        int firstDigit = (left.precision() - left.scale()) - (right.precision() - right.scale());
        int scale = Math.max(DECIMAL_MIN_DIGITS - firstDigit, Math.max(left.scale(), right.scale()));
        scale = Math.min(Math.max(scale, DECIMAL_MIN_DIGITS), DECIMAL_MAX_SCALE);
        return left.divide(right, scale, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /** {@code value}, unless it has more than {@link #MAX_DECIMAL_DIGITS} digits either side of the point. */
    static BigDecimal bounded(BigDecimal value) {
        if (Math.abs((long) value.scale()) > MAX_DECIMAL_DIGITS
                || Math.abs((long) value.precision() - value.scale()) > MAX_DECIMAL_DIGITS) {
            throw new ArithmeticException("a decimal with more than " + MAX_DECIMAL_DIGITS
                    + " digits before or after the point is out of range");
        }
        return value;
    }

    static BigInteger toBigInteger(Number number) {
        return number instanceof BigInteger integer ? integer : BigInteger.valueOf(number.longValue());
    }

    /** A number as a decimal: a float or double by its shortest decimal form, as Cassandra converts it. */
    static BigDecimal toBigDecimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        double value = number.doubleValue();
        if (Double.isNaN(value)) {
            throw new NumberFormatException("A NaN cannot be converted into a decimal");
        }
        if (Double.isInfinite(value)) {
            throw new NumberFormatException("An infinite number cannot be converted into a decimal");
        }
        return BigDecimal.valueOf(value);
    }

    private static ByteBuffer negate(NativeType type, ByteBuffer value) {
        Number number = number(type, value);
        if (number == null) {
            return null;
        }
        return switch (type) {
            case TINYINT -> TINYINT.decompose((byte) -number.byteValue());
            case SMALLINT -> SMALLINT.decompose((short) -number.shortValue());
            case INT -> INT.decompose(-number.intValue());
            case BIGINT, COUNTER -> type.decompose(-number.longValue());
            case FLOAT -> FLOAT.decompose(-number.floatValue());
            case DOUBLE -> DOUBLE.decompose(-number.doubleValue());
            case VARINT -> VARINT.decompose(((BigInteger) number).negate());
            case DECIMAL -> DECIMAL.decompose(((BigDecimal) number).negate());
            default -> throw new IllegalStateException("Not a numeric type: " + type);
        };
    }

    /**
     * A timestamp or date plus or minus a duration: months first (a day past the new month's
     * end becomes its last day), then days, then the time, all in UTC. A date takes only
     * durations of whole days.
     */
    private static ByteBuffer temporal(ArithmeticOperator operator, NativeType type, ByteBuffer value,
                                       ByteBuffer durationValue) {
        if (value.remaining() == 0 || durationValue.remaining() == 0) {
            return null;
        }
        CqlDuration duration = (CqlDuration) DURATION.compose(durationValue);
        int sign = operator == ArithmeticOperator.ADD ? 1 : -1;
        if (type == DATE) {
            if (duration.nanoseconds() != 0) {
                throw new IllegalArgumentException("The duration must have a day precision. Was: "
                        + DURATION.toCqlLiteral(durationValue));
            }
            LocalDate date = ((LocalDate) DATE.compose(value)).plusMonths((long) sign * duration.months())
                    .plusDays((long) sign * duration.days());
            if (date.toEpochDay() < -MAX_DATE_DAYS || date.toEpochDay() >= MAX_DATE_DAYS) {
                throw new ArithmeticException("the date is out of range");
            }
            return DATE.decompose(date);
        }
        long millis = ((Instant) TIMESTAMP.compose(value)).toEpochMilli();
        long months = (long) sign * duration.months();
        long days = (long) sign * duration.days();
        long timeMillis = sign * (duration.nanoseconds() / NANOS_PER_MILLI);
        long result;
        if (months == 0) {
            result = Math.addExact(Math.addExact(millis, Math.multiplyExact(days, MILLIS_PER_DAY)), timeMillis);
        } else {
            result = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).plusMonths(months).plusDays(days)
                    .toInstant().toEpochMilli();
            result = Math.addExact(result, timeMillis);
        }
        return TIMESTAMP.decompose(Instant.ofEpochMilli(result));
    }
}
