package io.cairn.node.query;

import io.cairn.cql.type.NativeType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The running state of {@code sum()} or {@code avg()} over one numeric type, computed as
 * Cassandra 5.0 computes it, so that results agree to the last digit:
 *
 * <ul>
 *   <li>sum of tinyint, smallint, int, bigint, counter: wraps around on overflow, in the type's width.
 *   <li>avg of those: a 64-bit sum that continues as a BigInteger once it overflows, divided by
 *       the count truncating toward zero, then narrowed to the type.
 *   <li>varint: exact sum; avg truncates toward zero.
 *   <li>decimal: exact sum; avg is a running mean, {@code avg += (x - avg) / n} with each
 *       division rounded half-even at the scale of {@code x - avg} (so avg(1, 2, 2) is 1).
 *   <li>float, double: compensated (Kahan) summation in double, falling back to the plain sum when
 *       compensation gives NaN for an infinite sum; avg continues in BigDecimal once the sum
 *       overflows to infinity on finite inputs. A float result is the double narrowed.
 * </ul>
 *
 * Nulls never reach {@link #add}; an empty input sums and averages to zero.
 */
abstract sealed class NumericAggregate {

    /** A fresh state of {@code sum} (or {@code avg} when {@code isAverage}) over {@code type}. */
    static NumericAggregate of(NativeType type, boolean isAverage) {
        return switch (type) {
            case TINYINT, SMALLINT, INT, BIGINT, COUNTER -> isAverage ? new IntegralAverage(type) : new IntegralSum(type);
            case VARINT -> new VarintSumOrAverage(isAverage);
            case DECIMAL -> isAverage ? new DecimalAverage() : new DecimalSum();
            case FLOAT, DOUBLE -> isAverage ? new FloatingAverage(type) : new FloatingSum(type);
            default -> throw new IllegalArgumentException("sum and avg take numbers, not " + type.asCql());
        };
    }

    abstract void add(Number value);

    /** The result as the Java value of the aggregated type. */
    abstract Object result();

    /** Narrows a 64-bit result to the integral type, keeping the low bits as Java casts do. */
    static Object narrow(long value, NativeType type) {
        return switch (type) {
            case TINYINT -> (byte) value;
            case SMALLINT -> (short) value;
            case INT -> (int) value;
            default -> value;
        };
    }

    private static final class IntegralSum extends NumericAggregate {
        private final NativeType type;
        private long sum;

        IntegralSum(NativeType type) {
            this.type = type;
        }

        @Override
        void add(Number value) {
            sum += value.longValue();
        }

        @Override
        Object result() {
            return narrow(sum, type);
        }
    }

    private static final class IntegralAverage extends NumericAggregate {
        private final NativeType type;
        private long count;
        private long sum;
        /** The exact sum once {@code sum} has overflowed, else null. */
        private BigInteger overflowedSum;

        IntegralAverage(NativeType type) {
            this.type = type;
        }

        @Override
        void add(Number value) {
            count++;
            long number = value.longValue();
            if (overflowedSum != null) {
                overflowedSum = overflowedSum.add(BigInteger.valueOf(number));
                return;
            }
            long previous = sum;
            sum += number;
            if (((previous ^ sum) & (number ^ sum)) < 0) {
                overflowedSum = BigInteger.valueOf(previous).add(BigInteger.valueOf(number));
            }
        }

        @Override
        Object result() {
            if (overflowedSum != null) {
                return narrow(overflowedSum.divide(BigInteger.valueOf(count)).longValue(), type);
            }
            return narrow(count == 0 ? 0 : sum / count, type);
        }
    }

    private static final class VarintSumOrAverage extends NumericAggregate {
        private final boolean isAverage;
        private long count;
        private BigInteger sum = BigInteger.ZERO;

        VarintSumOrAverage(boolean isAverage) {
            this.isAverage = isAverage;
        }

        @Override
        void add(Number value) {
            count++;
            sum = sum.add((BigInteger) value);
        }

        @Override
        Object result() {
            if (!isAverage) {
                return sum;
            }
            return count == 0 ? BigInteger.ZERO : sum.divide(BigInteger.valueOf(count));
        }
    }

    private static final class DecimalSum extends NumericAggregate {
        private BigDecimal sum = BigDecimal.ZERO;

        @Override
        void add(Number value) {
            sum = sum.add((BigDecimal) value);
        }

        @Override
        Object result() {
            return sum;
        }
    }

    private static final class DecimalAverage extends NumericAggregate {
        private long count;
        private BigDecimal average = BigDecimal.ZERO;

        @Override
        void add(Number value) {
            count++;
            BigDecimal difference = ((BigDecimal) value).subtract(average);
            average = average.add(difference.divide(BigDecimal.valueOf(count), RoundingMode.HALF_EVEN));
        }

        @Override
        Object result() {
            return average;
        }
    }

    /** Kahan summation with the plain sum kept for when compensation turns an infinite sum into NaN. */
    private static final class CompensatedSum {
        double sum;
        double compensation;
        double simpleSum;

        void add(double number) {
            simpleSum += number;
            double corrected = number - compensation;
            double next = sum + corrected;
            compensation = (next - sum) - corrected;
            sum = next;
        }

        double total() {
            double total = sum + compensation;
            return Double.isNaN(total) && Double.isInfinite(simpleSum) ? simpleSum : total;
        }
    }

    private static final class FloatingSum extends NumericAggregate {
        private final NativeType type;
        private final CompensatedSum sum = new CompensatedSum();

        FloatingSum(NativeType type) {
            this.type = type;
        }

        @Override
        void add(Number value) {
            sum.add(value.doubleValue());
        }

        @Override
        Object result() {
            double total = sum.total();
            return type == NativeType.FLOAT ? (Object) (float) total : (Object) total;
        }
    }

    private static final class FloatingAverage extends NumericAggregate {
        private final NativeType type;
        private final CompensatedSum sum = new CompensatedSum();
        private long count;
        /** The sum in decimal once the double sum overflowed on finite inputs, else null. */
        private BigDecimal overflowedSum;

        FloatingAverage(NativeType type) {
            this.type = type;
        }

        @Override
        void add(Number value) {
            count++;
            double number = value.doubleValue();
            if (overflowedSum != null) {
                overflowedSum = overflowedSum.add(BigDecimal.valueOf(number));
                return;
            }
            double previous = sum.sum;
            sum.add(number);
            if (Double.isInfinite(sum.sum) && !Double.isInfinite(number)) {
                overflowedSum = BigDecimal.valueOf(previous).add(BigDecimal.valueOf(number));
            }
        }

        @Override
        Object result() {
            double average;
            if (count == 0) {
                average = 0;
            } else if (overflowedSum != null) {
                average = overflowedSum.divide(BigDecimal.valueOf(count), RoundingMode.HALF_EVEN).doubleValue();
            } else {
                average = sum.total() / count;
            }
            return type == NativeType.FLOAT ? (Object) (float) average : (Object) average;
        }
    }
}
