package io.cairn.node.query;

import ch.obermuhlner.math.big.BigDecimalMath;
import io.cairn.cql.error.FunctionFailureException;
import io.cairn.cql.type.NativeType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static io.cairn.cql.type.NativeType.BIGINT;
import static io.cairn.cql.type.NativeType.COUNTER;
import static io.cairn.cql.type.NativeType.DECIMAL;
import static io.cairn.cql.type.NativeType.DOUBLE;
import static io.cairn.cql.type.NativeType.FLOAT;
import static io.cairn.cql.type.NativeType.INT;
import static io.cairn.cql.type.NativeType.SMALLINT;
import static io.cairn.cql.type.NativeType.TINYINT;
import static io.cairn.cql.type.NativeType.VARINT;

/**
 * Cassandra 5.0's math functions, {@code abs}, {@code exp}, {@code log}, {@code log10} and
 * {@code round}, for each numeric type, answering in the argument's type: an integer type
 * truncates a double result toward zero (saturating, then wrapping to its width, as a Java
 * narrowing does), a float or double rounds half up to a whole number, and a decimal or varint
 * computes exp and the logarithms to at least 32 significant digits (or the argument's own
 * precision), which big-math does as Cassandra does.
 */
final class MathFunctions {

    /** The overloads of each function, in the order Cassandra's messages list abs's. */
    private static final List<NativeType> ORDER = List.of(DECIMAL, FLOAT, COUNTER, SMALLINT, DOUBLE, VARINT, TINYINT,
            INT, BIGINT);
    private static final int MIN_DIGITS = 32;
    private static final int MAX_DIGITS = 10_000;
    private static final BigDecimal MAX_EXPONENT = BigDecimal.valueOf(1_000_000);

    private MathFunctions() {
    }

    static void forEach(CastFunctions.Registry registry) {
        for (String name : List.of("abs", "exp", "log", "log10", "round")) {
            for (NativeType type : ORDER) {
                registry.add(name, List.of(type), type, (c, a) -> {
                    if (a.get(0).remaining() == 0) {
                        return null;
                    }
                    try {
                        return apply(name, type, (Number) type.compose(a.get(0)));
                    } catch (ArithmeticException e) {
                        throw new FunctionFailureException("system", name, List.of(type.asCql()),
                                "execution of 'system." + name + "[" + type.asCql() + "]' failed: " + e);
                    }
                });
            }
        }
    }

    private static ByteBuffer apply(String name, NativeType type, Number value) {
        return switch (type) {
            case TINYINT -> TINYINT.decompose(name.equals("abs") ? (byte) Math.abs(value.byteValue())
                    : name.equals("round") ? value.byteValue() : (byte) real(name).applyAsDouble(value.byteValue()));
            case SMALLINT -> SMALLINT.decompose(name.equals("abs") ? (short) Math.abs(value.shortValue())
                    : name.equals("round") ? value.shortValue() : (short) real(name).applyAsDouble(value.shortValue()));
            case INT -> INT.decompose(name.equals("abs") ? Math.abs(value.intValue())
                    : name.equals("round") ? value.intValue() : (int) real(name).applyAsDouble(value.intValue()));
            case BIGINT, COUNTER -> type.decompose(name.equals("abs") ? Math.abs(value.longValue())
                    : name.equals("round") ? value.longValue() : (long) real(name).applyAsDouble(value.longValue()));
            case FLOAT -> FLOAT.decompose(name.equals("abs") ? Math.abs(value.floatValue())
                    : name.equals("round") ? (float) Math.round(value.floatValue())
                    : (float) real(name).applyAsDouble(value.floatValue()));
            case DOUBLE -> DOUBLE.decompose(name.equals("abs") ? Math.abs(value.doubleValue())
                    : name.equals("round") ? (double) Math.round(value.doubleValue())
                    : real(name).applyAsDouble(value.doubleValue()));
            case DECIMAL -> DECIMAL.decompose(decimal(name, (BigDecimal) value));
            case VARINT -> VARINT.decompose(name.equals("abs") ? ((BigInteger) value).abs()
                    : name.equals("round") ? (BigInteger) value
                    : decimal(name, new BigDecimal((BigInteger) value)).toBigInteger());
            default -> throw new IllegalStateException("Not a numeric type: " + type);
        };
    }

    private static DoubleUnaryOperator real(String name) {
        return switch (name) {
            case "exp" -> Math::exp;
            case "log" -> Math::log;
            case "log10" -> Math::log10;
            default -> throw new IllegalArgumentException("Not a real function: " + name);
        };
    }

    private static BigDecimal decimal(String name, BigDecimal unbounded) {
        BigDecimal value = Operators.bounded(unbounded);
        if (name.equals("abs")) {
            return value.abs();
        }
        if (name.equals("round")) {
            return value.setScale(0, RoundingMode.HALF_UP);
        }
        MathContext context = new MathContext(Math.min(MAX_DIGITS, Math.max(MIN_DIGITS, value.precision())),
                RoundingMode.HALF_EVEN);
        if (name.equals("exp")) {
            if (value.abs().compareTo(MAX_EXPONENT) > 0) {
                // Bounds the work and the result: exp(1e6) has 434,295 digits before the point.
                throw new ArithmeticException("exp of a decimal or varint beyond +/-" + MAX_EXPONENT
                        + " is out of range");
            }
            return BigDecimalMath.exp(value, context);
        }
        if (value.signum() <= 0) {
            throw new ArithmeticException(name.equals("log") ? "Natural log of number zero or less"
                    : "Log10 of number zero or less");
        }
        return name.equals("log") ? BigDecimalMath.log(value, context) : BigDecimalMath.log10(value, context);
    }
}
