package io.cairn.node.query;

import io.cairn.common.time.TimeUuids;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/** The conversions behind CAST(x AS type) between native types. */
final class Casts {

    private Casts() {
    }

    /**
     * {@code value}, read as {@code source}, converted to {@code target}: between numbers, to
     * text, between timestamps and dates, from a timeuuid's time. Which conversions exist is
     * {@link CastFunctions}'s to say.
     */
    static ByteBuffer cast(CqlType source, NativeType target, ByteBuffer value) {
        if (value == null) {
            return null;
        }
        if (source.equals(target)) {
            return value;
        }
        if (target == NativeType.TEXT || target == NativeType.ASCII) {
            String text = source.toText(value);
            return ByteBuffer.wrap(text.getBytes(target == NativeType.TEXT ? StandardCharsets.UTF_8
                    : StandardCharsets.US_ASCII));
        }
        Object composed = source.compose(value);
        if (composed instanceof Number number && isNumeric(target)) {
            return target.decompose(convertNumber(number, target));
        }
        if (target == NativeType.TIMESTAMP) {
            if (composed instanceof LocalDate date) {
                return target.decompose(date.atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            if (composed instanceof UUID uuid && source == NativeType.TIMEUUID) {
                return target.decompose(Instant.ofEpochMilli(TimeUuids.epochMillis(uuid)));
            }
        }
        if (target == NativeType.DATE) {
            if (composed instanceof Instant instant) {
                return target.decompose(instant.atZone(ZoneOffset.UTC).toLocalDate());
            }
            if (composed instanceof UUID uuid && source == NativeType.TIMEUUID) {
                return target.decompose(Instant.ofEpochMilli(TimeUuids.epochMillis(uuid)).atZone(ZoneOffset.UTC)
                        .toLocalDate());
            }
        }
        throw CqlException.invalid("Cannot cast value of type " + source.asCql() + " to " + target.asCql());
    }

    private static boolean isNumeric(NativeType type) {
        return switch (type) {
            case TINYINT, SMALLINT, INT, BIGINT, COUNTER, VARINT, DECIMAL, FLOAT, DOUBLE -> true;
            default -> false;
        };
    }

    static Object convertNumber(Number number, NativeType target) {
        return switch (target) {
            case TINYINT -> number.byteValue();
            case SMALLINT -> number.shortValue();
            case INT -> number.intValue();
            case BIGINT, COUNTER -> number.longValue();
            case FLOAT -> number.floatValue();
            case DOUBLE -> number.doubleValue();
            case VARINT -> number instanceof BigDecimal decimal ? decimal.toBigInteger()
                    : number instanceof BigInteger big ? big : BigInteger.valueOf(number.longValue());
            case DECIMAL -> number instanceof BigDecimal decimal ? decimal
                    : number instanceof BigInteger big ? new BigDecimal(big)
                    : number instanceof Double || number instanceof Float ? BigDecimal.valueOf(number.doubleValue())
                    : BigDecimal.valueOf(number.longValue());
            default -> throw new IllegalArgumentException("Not numeric: " + target);
        };
    }
}
