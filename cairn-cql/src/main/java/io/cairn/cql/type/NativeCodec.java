package io.cairn.cql.type;

import io.cairn.cql.error.CqlException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/** Serialization, validation, parsing and printing of the native types' values. */
final class NativeCodec {

    private static final long EPOCH_DAY_OFFSET = 1L << 31;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private static final DateTimeFormatter TIMESTAMP_LITERAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSxx", Locale.ROOT).withZone(ZoneOffset.UTC);

    private NativeCodec() {
    }

    static CqlException invalid(String message) {
        return CqlException.invalid(message);
    }

    static void validate(NativeType type, ByteBuffer value) {
        int size = value.remaining();
        switch (type) {
            case INT -> fixed(size, 4, "int");
            case BIGINT, COUNTER, TIMESTAMP -> fixed(size, 8, type.asCql());
            case SMALLINT -> fixedOrEmptyNot(size, 2, "smallint");
            case TINYINT -> fixedOrEmptyNot(size, 1, "tinyint");
            case DOUBLE -> fixed(size, 8, "double");
            case FLOAT -> fixed(size, 4, "float");
            case BOOLEAN -> {
                if (size > 1) {
                    throw invalid("Expected 1 or 0 byte value for a boolean (" + size + ")");
                }
            }
            case UUID -> {
                if (size != 0 && size != 16) {
                    throw invalid("UUID should be 16 or 0 bytes (" + size + ")");
                }
            }
            case TIMEUUID -> {
                if (size != 0 && size != 16) {
                    throw invalid("UUID should be 16 or 0 bytes (" + size + ")");
                }
                if (size == 16 && (value.get(value.position() + 6) & 0xF0) != 0x10) {
                    throw invalid("Invalid version for TimeUUID type.");
                }
            }
            case INET -> {
                if (size != 0 && size != 4 && size != 16) {
                    throw invalid("Invalid inet address of length " + size);
                }
            }
            case DATE -> fixed(size, 4, "date");
            case TIME -> {
                fixed(size, 8, "time");
                if (size == 8) {
                    long nanos = value.getLong(value.position());
                    if (nanos < 0 || nanos >= NANOS_PER_DAY) {
                        throw invalid("Time value " + nanos + " is out of range");
                    }
                }
            }
            case DECIMAL -> {
                if (size != 0 && size < 4) {
                    throw invalid("Expected at least 4 bytes for a decimal value (" + size + ")");
                }
            }
            case ASCII -> {
                for (int i = value.position(); i < value.limit(); i++) {
                    if (value.get(i) < 0) {
                        throw invalid("Invalid byte for ascii: " + value.get(i));
                    }
                }
            }
            case TEXT -> {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(value.duplicate());
                } catch (CharacterCodingException e) {
                    throw invalid("Invalid UTF-8 bytes " + HexFormat.of().formatHex(bytes(value)));
                }
            }
            case DURATION -> {
                if (size > 0) {
                    CqlDuration duration = readDuration(value);
                    boolean negative = duration.months() < 0 || duration.days() < 0 || duration.nanoseconds() < 0;
                    boolean positive = duration.months() > 0 || duration.days() > 0 || duration.nanoseconds() > 0;
                    if (negative && positive) {
                        throw invalid("The duration months, days and nanoseconds must be all of the same sign ("
                                + duration.months() + ", " + duration.days() + ", " + duration.nanoseconds() + ")");
                    }
                }
            }
            case BLOB, VARINT -> {
            }
        }
    }

    private static void fixed(int size, int expected, String name) {
        if (size != expected && size != 0) {
            throw invalid("Expected " + expected + " or 0 byte " + name + " (" + size + ")");
        }
    }

    private static void fixedOrEmptyNot(int size, int expected, String name) {
        if (size != expected && size != 0) {
            throw invalid("Expected " + expected + " byte" + (expected > 1 ? "s" : "") + " for a " + name + " ("
                    + size + ")");
        }
    }

    static byte[] bytes(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return bytes;
    }

    static Object compose(NativeType type, ByteBuffer value) {
        if (value == null) {
            return null;
        }
        int p = value.position();
        if (value.remaining() == 0 && type != NativeType.TEXT && type != NativeType.ASCII && type != NativeType.BLOB
                && type != NativeType.VARINT) {
            return null;
        }
        return switch (type) {
            case ASCII -> StandardCharsets.US_ASCII.decode(value.duplicate()).toString();
            case TEXT -> StandardCharsets.UTF_8.decode(value.duplicate()).toString();
            case BIGINT, COUNTER -> value.getLong(p);
            case TIME -> value.getLong(p);
            case BLOB -> value.duplicate();
            case BOOLEAN -> value.get(p) != 0;
            case DECIMAL -> new BigDecimal(new BigInteger(bytes(value.slice(p + 4, value.remaining() - 4))),
                    value.getInt(p));
            case DOUBLE -> value.getDouble(p);
            case FLOAT -> value.getFloat(p);
            case INT -> value.getInt(p);
            case SMALLINT -> value.getShort(p);
            case TINYINT -> value.get(p);
            case TIMESTAMP -> Instant.ofEpochMilli(value.getLong(p));
            case DATE -> LocalDate.ofEpochDay(Integer.toUnsignedLong(value.getInt(p)) - EPOCH_DAY_OFFSET);
            case UUID, TIMEUUID -> new UUID(value.getLong(p), value.getLong(p + 8));
            case VARINT -> value.remaining() == 0 ? BigInteger.ZERO : new BigInteger(bytes(value));
            case INET -> {
                try {
                    yield InetAddress.getByAddress(bytes(value));
                } catch (UnknownHostException e) {
                    throw invalid("Invalid inet address of length " + value.remaining());
                }
            }
            case DURATION -> readDuration(value);
        };
    }

    static ByteBuffer decompose(NativeType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case ASCII -> ByteBuffer.wrap(((String) value).getBytes(StandardCharsets.US_ASCII));
            case TEXT -> ByteBuffer.wrap(((String) value).getBytes(StandardCharsets.UTF_8));
            case BIGINT, COUNTER, TIME -> ByteBuffer.allocate(8).putLong(0, ((Number) value).longValue());
            case BLOB -> value instanceof byte[] array ? ByteBuffer.wrap(array) : ((ByteBuffer) value).duplicate();
            case BOOLEAN -> ByteBuffer.wrap(new byte[] {(byte) ((Boolean) value ? 1 : 0)});
            case DECIMAL -> {
                BigDecimal decimal = (BigDecimal) value;
                byte[] unscaled = decimal.unscaledValue().toByteArray();
                yield ByteBuffer.allocate(4 + unscaled.length).putInt(decimal.scale()).put(unscaled).flip();
            }
            case DOUBLE -> ByteBuffer.allocate(8).putDouble(0, ((Number) value).doubleValue());
            case FLOAT -> ByteBuffer.allocate(4).putFloat(0, ((Number) value).floatValue());
            case INT -> ByteBuffer.allocate(4).putInt(0, ((Number) value).intValue());
            case SMALLINT -> ByteBuffer.allocate(2).putShort(0, ((Number) value).shortValue());
            case TINYINT -> ByteBuffer.wrap(new byte[] {((Number) value).byteValue()});
            case TIMESTAMP -> ByteBuffer.allocate(8).putLong(0, ((Instant) value).toEpochMilli());
            case DATE -> ByteBuffer.allocate(4).putInt(0, (int) (((LocalDate) value).toEpochDay() + EPOCH_DAY_OFFSET));
            case UUID, TIMEUUID -> ByteBuffer.allocate(16).putLong(0, ((UUID) value).getMostSignificantBits())
                    .putLong(8, ((UUID) value).getLeastSignificantBits());
            case VARINT -> ByteBuffer.wrap(((BigInteger) value).toByteArray());
            case INET -> ByteBuffer.wrap(((InetAddress) value).getAddress());
            case DURATION -> writeDuration((CqlDuration) value);
        };
    }

    static int compare(NativeType type, ByteBuffer left, ByteBuffer right) {
        if (left.remaining() == 0 || right.remaining() == 0) {
            return Boolean.compare(right.remaining() == 0, left.remaining() == 0);
        }
        return switch (type) {
            case ASCII, TEXT, BLOB, INET -> left.compareTo(right) == 0 ? 0 : unsigned(left, right);
            case BIGINT, COUNTER, TIMESTAMP, TIME -> Long.compare(left.getLong(left.position()),
                    right.getLong(right.position()));
            case INT -> Integer.compare(left.getInt(left.position()), right.getInt(right.position()));
            case DATE -> Integer.compareUnsigned(left.getInt(left.position()), right.getInt(right.position()));
            case SMALLINT -> Short.compare(left.getShort(left.position()), right.getShort(right.position()));
            case TINYINT -> Byte.compare(left.get(left.position()), right.get(right.position()));
            case BOOLEAN -> Boolean.compare(left.get(left.position()) != 0, right.get(right.position()) != 0);
            case DOUBLE -> Double.compare(left.getDouble(left.position()), right.getDouble(right.position()));
            case FLOAT -> Float.compare(left.getFloat(left.position()), right.getFloat(right.position()));
            case DECIMAL -> ((BigDecimal) compose(type, left)).compareTo((BigDecimal) compose(type, right));
            case VARINT -> ((BigInteger) compose(type, left)).compareTo((BigInteger) compose(type, right));
            case UUID, TIMEUUID -> compareUuids(type, left, right);
            case DURATION -> throw invalid("Durations cannot be compared: they have no order");
        };
    }

    private static int unsigned(ByteBuffer left, ByteBuffer right) {
        int n = Math.min(left.remaining(), right.remaining());
        for (int i = 0; i < n; i++) {
            int cmp = Integer.compare(left.get(left.position() + i) & 0xFF, right.get(right.position() + i) & 0xFF);
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(left.remaining(), right.remaining());
    }

    private static int compareUuids(NativeType type, ByteBuffer left, ByteBuffer right) {
        UUID a = (UUID) compose(type, left);
        UUID b = (UUID) compose(type, right);
        if (type == NativeType.UUID && a.version() != b.version()) {
            return Integer.compare(a.version(), b.version());
        }
        if (a.version() == 1 && b.version() == 1) {
            int cmp = Long.compare(a.timestamp(), b.timestamp());
            if (cmp != 0) {
                return cmp;
            }
        }
        return unsigned(left, right);
    }

    static ByteBuffer fromString(NativeType type, String text) {
        try {
            return switch (type) {
                case ASCII -> {
                    for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
                        int codePoint = text.codePointAt(i);
                        if (codePoint > 127) {
                            // Cassandra's message carries its encoder's exception, which counts UTF-16 units.
                            throw invalid("Invalid ASCII character in string literal: "
                                    + "java.nio.charset.UnmappableCharacterException: Input length = "
                                    + Character.charCount(codePoint));
                        }
                    }
                    yield decompose(type, text);
                }
                case TEXT -> decompose(type, text);
                case BIGINT, COUNTER -> decompose(type, Long.parseLong(text.trim()));
                case INT -> decompose(type, Integer.parseInt(text.trim()));
                case SMALLINT -> decompose(type, Short.parseShort(text.trim()));
                case TINYINT -> decompose(type, Byte.parseByte(text.trim()));
                case VARINT -> decompose(type, new BigInteger(text.trim()));
                case DECIMAL -> decompose(type, new BigDecimal(text.trim()));
                case DOUBLE -> decompose(type, Double.parseDouble(text.trim()));
                case FLOAT -> decompose(type, Float.parseFloat(text.trim()));
                case BOOLEAN -> {
                    String lower = text.trim().toLowerCase(Locale.ROOT);
                    if (!lower.equals("true") && !lower.equals("false")) {
                        throw invalid("Unable to make boolean from '" + text + "'");
                    }
                    yield decompose(type, Boolean.parseBoolean(lower));
                }
                case BLOB -> {
                    String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
                    if (hex.length() % 2 != 0) {
                        throw invalid("cannot parse '" + hex + "' as hex bytes");
                    }
                    yield ByteBuffer.wrap(HexFormat.of().parseHex(hex));
                }
                case UUID, TIMEUUID -> {
                    UUID uuid = UUID.fromString(text.trim());
                    if (type == NativeType.TIMEUUID && uuid.version() != 1) {
                        throw invalid("TimeUUID supports only version 1 UUIDs");
                    }
                    yield decompose(type, uuid);
                }
                case TIMESTAMP -> text.isEmpty() ? ByteBuffer.allocate(0)
                        : ByteBuffer.allocate(8).putLong(0, TimestampLiterals.millis(text));
                case DATE -> ByteBuffer.allocate(4).putInt(0, TemporalLiterals.dateDays(text));
                case TIME -> decompose(type, TemporalLiterals.timeNanos(text));
                case INET -> {
                    String trimmed = text.trim();
                    if (!trimmed.matches("[0-9a-fA-F:.]+")) {
                        throw invalid("Unable to make inet address from '" + text + "'");
                    }
                    yield decompose(type, InetAddress.getByName(trimmed));
                }
                case DURATION -> decompose(type, Durations.parse(text.trim()));
            };
        } catch (IllegalArgumentException | UnknownHostException
                 | java.time.DateTimeException e) {
            throw invalid("Unable to make " + javaName(type) + " from '" + text + "'");
        }
    }

    /** The name Cassandra's messages give a type whose text is no value of it. */
    private static String javaName(NativeType type) {
        return switch (type) {
            case BIGINT, COUNTER -> "long";
            case SMALLINT -> "short";
            case TINYINT -> "byte";
            case INET -> "inet address";
            default -> type.asCql();
        };
    }

    static String toText(NativeType type, ByteBuffer value) {
        Object composed = compose(type, value);
        if (composed == null) {
            return "";
        }
        return switch (type) {
            case BLOB -> "0x" + HexFormat.of().formatHex(bytes(value));
            case TIMESTAMP -> DateTimeFormatter.ISO_INSTANT.format(((Instant) composed).truncatedTo(
                    java.time.temporal.ChronoUnit.MILLIS)).replaceFirst("(\\d{2}:\\d{2}:\\d{2})Z$", "$1.000Z");
            case TIME -> LocalTime.ofNanoOfDay((Long) composed).format(DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSSSS",
                    Locale.ROOT));
            case INET -> ((InetAddress) composed).getHostAddress();
            case DURATION -> Durations.format((CqlDuration) composed);
            case DOUBLE, FLOAT -> composed.toString().replace("Infinity", "Infinity");
            default -> composed.toString();
        };
    }

    static String toCqlLiteral(NativeType type, ByteBuffer value) {
        if (value == null || compose(type, value) == null) {
            return "null";
        }
        return switch (type) {
            case ASCII, TEXT -> "'" + toText(type, value).replace("'", "''") + "'";
            case TIMESTAMP -> "'" + TIMESTAMP_LITERAL.format((Instant) compose(type, value)) + "'";
            case DATE, TIME, INET -> "'" + toText(type, value) + "'";
            default -> toText(type, value);
        };
    }

    static CqlDuration readDuration(ByteBuffer value) {
        ByteBuffer in = value.duplicate();
        try {
            long months = decodeZigZag(readVInt(in));
            long days = decodeZigZag(readVInt(in));
            long nanos = decodeZigZag(readVInt(in));
            if (in.hasRemaining()) {
                throw invalid("Invalid duration: trailing bytes");
            }
            return new CqlDuration(Math.toIntExact(months), Math.toIntExact(days), nanos);
        } catch (java.nio.BufferUnderflowException | ArithmeticException e) {
            throw invalid("Invalid duration value");
        }
    }

    static ByteBuffer writeDuration(CqlDuration duration) {
        ByteBuffer out = ByteBuffer.allocate(27);
        writeVInt(out, encodeZigZag(duration.months()));
        writeVInt(out, encodeZigZag(duration.days()));
        writeVInt(out, encodeZigZag(duration.nanoseconds()));
        return out.flip();
    }

    private static long encodeZigZag(long n) {
        return n << 1 ^ n >> 63;
    }

    private static long decodeZigZag(long n) {
        return n >>> 1 ^ -(n & 1);
    }

    /** Cassandra's unsigned vint: leading one bits of the first byte count the extra bytes. */
    private static long readVInt(ByteBuffer in) {
        int first = in.get() & 0xFF;
        int extra = Integer.numberOfLeadingZeros(~first << 24);
        if (first == 0xFF) {
            extra = 8;
        }
        long value = extra >= 8 ? 0 : first & (0xFF >>> (extra + 1));
        for (int i = 0; i < extra; i++) {
            value = value << 8 | in.get() & 0xFF;
        }
        return value;
    }

    private static void writeVInt(ByteBuffer out, long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        int extra = Math.min(8, (bits - 1) / 7);
        if (extra == 8) {
            out.put((byte) 0xFF);
            out.putLong(value);
            return;
        }
        int firstByteBits = 8 - (extra + 1);
        int prefix = (0xFF << (8 - extra)) & 0xFF;
        out.put((byte) (prefix | (int) (value >>> (8 * extra)) & (0xFF >>> (extra + 1))));
        for (int i = extra - 1; i >= 0; i--) {
            out.put((byte) (value >>> (8 * i)));
        }
        assert firstByteBits >= 0;
    }
}
