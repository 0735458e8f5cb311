package io.cairn.cql.type;

import io.cairn.common.encoding.KeyType;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The native CQL types, with their native protocol ids (native_protocol_v5 §4.2.5.2).
 *
 * <p>Java representation ({@link #compose}): ascii/text String, bigint/counter/time Long
 * (time in nanoseconds of the day), blob ByteBuffer, boolean Boolean, decimal BigDecimal,
 * double Double, float Float, int Integer, smallint Short, tinyint Byte, timestamp
 * Instant, date LocalDate, uuid/timeuuid UUID, varint BigInteger, inet InetAddress,
 * duration {@link CqlDuration}.
 */
public enum NativeType implements CqlType {
    ASCII("ascii", 0x01),
    BIGINT("bigint", 0x02),
    BLOB("blob", 0x03),
    BOOLEAN("boolean", 0x04),
    COUNTER("counter", 0x05),
    DECIMAL("decimal", 0x06),
    DOUBLE("double", 0x07),
    FLOAT("float", 0x08),
    INT("int", 0x09),
    TIMESTAMP("timestamp", 0x0B),
    UUID("uuid", 0x0C),
    TEXT("text", 0x0D),
    VARINT("varint", 0x0E),
    TIMEUUID("timeuuid", 0x0F),
    INET("inet", 0x10),
    DATE("date", 0x11),
    TIME("time", 0x12),
    SMALLINT("smallint", 0x13),
    TINYINT("tinyint", 0x14),
    DURATION("duration", 0x15);

    /**
     * Cassandra's JSON form of a timestamp: UTC, milliseconds, 'Z'; the year of era, signed
     * when it has more than four digits ("+10000-01-01 00:00:00.000Z").
     */
    private static final java.time.format.DateTimeFormatter JSON_TIMESTAMP = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss.SSSX", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private final String cqlName;
    private final int protocolId;

    NativeType(String cqlName, int protocolId) {
        this.cqlName = cqlName;
        this.protocolId = protocolId;
    }

    /** The native protocol's [option] id of this type. */
    public int protocolId() {
        return protocolId;
    }

    @Override
    public String asCql() {
        return cqlName;
    }

    @Override
    public boolean isMultiCell() {
        return false;
    }

    @Override
    public CqlType freeze() {
        return this;
    }

    @Override
    public void validate(ByteBuffer value) {
        NativeCodec.validate(this, value);
    }

    @Override
    public int compare(ByteBuffer left, ByteBuffer right) {
        return NativeCodec.compare(this, left, right);
    }

    @Override
    public String toCqlLiteral(ByteBuffer value) {
        return NativeCodec.toCqlLiteral(this, value);
    }

    @Override
    public String toText(ByteBuffer value) {
        return value == null ? null : NativeCodec.toText(this, value);
    }

    @Override
    public ByteBuffer fromString(String text) {
        return NativeCodec.fromString(this, text);
    }

    @Override
    public String toJson(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        return switch (this) {
            case BIGINT, COUNTER, INT, SMALLINT, TINYINT, VARINT, DECIMAL, BOOLEAN -> toText(value);
            case DOUBLE, FLOAT -> {
                // JSON has no NaN or Infinity: Cassandra writes null for them, as Jackson does
                double number = ((Number) compose(value)).doubleValue();
                yield Double.isNaN(number) || Double.isInfinite(number) ? "null" : toText(value);
            }
            case TIMESTAMP -> "\"" + JSON_TIMESTAMP.format((java.time.Instant) compose(value)) + "\"";
            // Cassandra's JSON writes a zero duration as the empty string
            case DURATION -> Json.quote(isZeroDuration(value) ? "" : toText(value));
            default -> Json.quote(toText(value));
        };
    }

    private static boolean isZeroDuration(ByteBuffer value) {
        for (int i = value.position(); i < value.limit(); i++) {
            if (value.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ByteBuffer fromJson(com.fasterxml.jackson.databind.JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (json.isTextual()) {
            return fromString(json.textValue());
        }
        if (this == DATE && json.isNumber()) {
            throw NativeCodec.invalid("Expected a string representation of a date value, but got a "
                    + json.numberValue().getClass().getSimpleName() + ": " + json);
        }
        if ((this == INT && !json.isInt() || this == BIGINT && !json.isInt() && !json.isLong()) && json.isNumber()) {
            // As Cassandra's int and bigint take a JSON number: of their own size, not a float.
            throw NativeCodec.invalid("Expected " + (this == INT ? "an int" : "a bigint") + " value, but got a "
                    + (json.isDouble() ? "Double" : json.isLong() ? "Long" : json.numberValue().getClass().getSimpleName())
                    + ": " + json);
        }
        if (json.isNumber() || json.isBoolean()) {
            return fromString(json.asText());
        }
        throw NativeCodec.invalid("Unable to make " + asCql() + " from " + json);
    }

    @Override
    public Object compose(ByteBuffer value) {
        return NativeCodec.compose(this, value);
    }

    @Override
    public ByteBuffer decompose(Object value) {
        return NativeCodec.decompose(this, value);
    }

    @Override
    public Optional<KeyType> keyType() {
        if (this == COUNTER || this == DURATION) {
            return Optional.empty();
        }
        return Optional.of(io.cairn.common.encoding.NativeKeyType.valueOf(name()));
    }
}
