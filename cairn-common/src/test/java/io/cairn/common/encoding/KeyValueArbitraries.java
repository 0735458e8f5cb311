package io.cairn.common.encoding;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Generators of key values for every {@link KeyType}, biased to where orders go wrong: shared
 * prefixes, 0x00/0x01/0xFF bytes, sign boundaries, MIN/MAX, -0.0 and NaNs, huge and tiny
 * numbers with extreme scales, every UUID version, timeuuids sharing a timestamp, nulls in
 * tuples and empty collections.
 */
final class KeyValueArbitraries {

    private KeyValueArbitraries() {
    }

    /**
     * Values of {@code type}. A top-level number comes in any of its forms (1.0, 1.00, NaNs with
     * any bits); inside a composite value each number has one form, fixed by its value (see
     * {@link #oneFormPerValue}), because the key of a composite orders equal-valued elements of
     * different forms by form where Cassandra sees a tie (see {@link KeyCodec}).
     */
    static Arbitrary<Object> valuesOf(KeyType type) {
        return valuesOf(type, true);
    }

    private static Arbitrary<Object> valuesOf(KeyType type, boolean isAnyForm) {
        if (type instanceof NativeKeyType) {
            Arbitrary<Object> values = nativeValues((NativeKeyType) type);
            return isAnyForm ? values : values.map(value -> oneFormPerValue((NativeKeyType) type, value));
        }
        if (type instanceof TupleKeyType) {
            List<KeyType> types = ((TupleKeyType) type).components();
            List<Arbitrary<Object>> components = new ArrayList<>();
            for (KeyType component : types) {
                components.add(valuesOf(component, false).injectNull(0.25));
            }
            Arbitrary<List<Object>> full = Combinators.combine(components).as(ArrayList::new);
            // Sometimes leave trailing components out: they count as null.
            return full.flatMap(values -> Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.just(values)),
                    Tuple.of(1, Arbitraries.integers().between(0, values.size())
                            .map(size -> new ArrayList<>(values.subList(0, size))))))
                    .map(values -> Collections.unmodifiableList(values));
        }
        if (type instanceof ListKeyType) {
            return valuesOf(((ListKeyType) type).elements(), false).list().ofMaxSize(4).map(v -> v);
        }
        if (type instanceof SetKeyType) {
            return valuesOf(((SetKeyType) type).elements(), false).set().ofMaxSize(4).map(v -> v);
        }
        MapKeyType map = (MapKeyType) type;
        return Combinators.combine(valuesOf(map.keys(), false), valuesOf(map.values(), false)).as(Tuple::of).list().ofMaxSize(3)
                .map(entries -> {
                    Map<Object, Object> values = new LinkedHashMap<>();
                    entries.forEach(entry -> values.put(entry.get1(), entry.get2()));
                    return values;
                });
    }

    /**
     * The one form a value has inside a composite: a decimal without trailing zeros plus 0 to 2
     * of them chosen by its value, every NaN the canonical one. Still not the canonical form, so
     * that composites test exact round trips too.
     */
    static Object oneFormPerValue(NativeKeyType type, Object value) {
        if (type == NativeKeyType.DECIMAL) {
            BigDecimal stripped;
            try {
                stripped = ((BigDecimal) value).stripTrailingZeros();
            } catch (ArithmeticException e) {
                return ((BigDecimal) value).setScale(Integer.MIN_VALUE); // stripped, the scale would pass the int range
            }
            int extraZeros = Math.floorMod(stripped.hashCode(), 3);
            long scale = (long) stripped.scale() + extraZeros;
            return scale > Integer.MAX_VALUE || stripped.signum() == 0 ? stripped : stripped.setScale((int) scale);
        }
        if (type == NativeKeyType.FLOAT && ((Float) value).isNaN()) {
            return Float.NaN;
        }
        if (type == NativeKeyType.DOUBLE && ((Double) value).isNaN()) {
            return Double.NaN;
        }
        return value;
    }

    /** Random key types nested up to {@code depth} composite levels. */
    static Arbitrary<KeyType> types(int depth) {
        Arbitrary<KeyType> natives = Arbitraries.of(NativeKeyType.values()).map(type -> type);
        if (depth == 0) {
            return natives;
        }
        Arbitrary<KeyType> inner = Arbitraries.lazy(() -> types(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(3, natives),
                Tuple.of(2, inner.list().ofMinSize(1).ofMaxSize(3).map(KeyType::tuple)),
                Tuple.of(1, inner.list().ofMinSize(1).ofMaxSize(3).map(KeyType::udt)),
                Tuple.of(1, inner.map(KeyType::frozenList)),
                Tuple.of(1, inner.map(KeyType::frozenSet)),
                Tuple.of(1, Combinators.combine(inner, inner).as(KeyType::frozenMap)));
    }

    private static Arbitrary<Object> nativeValues(NativeKeyType type) {
        switch (type) {
            case ASCII:
                return Arbitraries.oneOf(
                        Arbitraries.strings().withChars("\u0000\u0001\u0002ab\u007f").ofMaxLength(5),
                        Arbitraries.strings().ascii().ofMaxLength(12)).map(v -> v);
            case TEXT:
                return Arbitraries.oneOf(
                        Arbitraries.of("\u0000", "\u0001", "\u0002", "a", "b", "\u00e9", "\u00ff", "\u07ff", "\u0800",
                                "\uffef", "\ud83d\ude00", "\udbff\udfff").list().ofMaxSize(4).map(parts -> String.join("", parts)),
                        Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                                .filter(codePoint -> codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
                                .list().ofMaxSize(8)
                                .map(codePoints -> new String(codePoints.stream().mapToInt(Integer::intValue).toArray(), 0, codePoints.size())))
                        .map(v -> v);
            case BLOB:
                return Arbitraries.oneOf(
                        Arbitraries.of((byte) 0x00, (byte) 0x01, (byte) 0x02, (byte) 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF)
                                .list().ofMaxSize(5).map(KeyValueArbitraries::toBytes),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(16)).map(v -> v);
            case INT:
                return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-2, 2),
                        Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0x80, -0x80, 0xFF, 0x100)).map(v -> v);
            case BIGINT:
                return longs().map(v -> v);
            case SMALLINT:
                return Arbitraries.oneOf(Arbitraries.shorts(), Arbitraries.shorts().between((short) -2, (short) 2)).map(v -> v);
            case TINYINT:
                return Arbitraries.bytes().map(v -> v);
            case VARINT:
                return bigIntegers(1100).map(v -> v);
            case DECIMAL:
                return decimals().map(v -> v);
            case FLOAT:
                return Arbitraries.oneOf(
                        Arbitraries.integers().map(Float::intBitsToFloat),
                        Arbitraries.floats().between(-4f, 4f).ofScale(2),
                        Arbitraries.of(-0.0f, 0.0f, Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000),
                                Float.intBitsToFloat(0x7f800001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                                Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f)).map(v -> v);
            case DOUBLE:
                return Arbitraries.oneOf(
                        Arbitraries.longs().map(Double::longBitsToDouble),
                        Arbitraries.doubles().between(-4, 4).ofScale(2),
                        Arbitraries.of(-0.0, 0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L),
                                Double.longBitsToDouble(0xfff8000000000000L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                                Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0)).map(v -> v);
            case BOOLEAN:
                return Arbitraries.of(true, false).map(v -> v);
            case UUID:
                return uuids().map(v -> v);
            case TIMEUUID:
                return timeuuids().map(v -> v);
            case TIMESTAMP:
                return longs().map(Instant::ofEpochMilli).map(v -> v);
            case DATE:
                return Arbitraries.oneOf(
                        Arbitraries.longs().between(Integer.MIN_VALUE, Integer.MAX_VALUE),
                        Arbitraries.longs().between(-3, 3),
                        Arbitraries.of((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE))
                        .map(LocalDate::ofEpochDay).map(v -> v);
            case TIME:
                return Arbitraries.oneOf(
                        Arbitraries.longs().between(0, 86_399_999_999_999L),
                        Arbitraries.of(0L, 1L, 86_399_999_999_999L, -1L, Long.MIN_VALUE, Long.MAX_VALUE)).map(v -> v);
            case INET:
                return inetAddresses().map(v -> v);
            default:
                throw new AssertionError(type);
        }
    }

    private static Arbitrary<Long> longs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-2, 2),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0x80L, -0x80L, 1L << 32, -(1L << 32)));
    }

    /** Up to {@code maxBits} bits, with values around every byte-length boundary, including 127 bytes. */
    static Arbitrary<BigInteger> bigIntegers(int maxBits) {
        Arbitrary<BigInteger> random = Arbitraries.integers().between(0, maxBits)
                .flatMap(bits -> Arbitraries.randomValue(random1 -> new BigInteger(bits, random1)))
                .flatMap(magnitude -> Arbitraries.of(magnitude, magnitude.negate(), magnitude.negate().subtract(BigInteger.ONE)));
        Arbitrary<BigInteger> boundaries = Arbitraries.integers().between(0, Math.min(maxBits, 8 * 128) / 8)
                .flatMap(bytes -> Arbitraries.of(-2, -1, 0, 1).map(delta -> BigInteger.ONE.shiftLeft(Math.max(8 * bytes - 1, 0))
                        .add(BigInteger.valueOf(delta))))
                .flatMap(value -> Arbitraries.of(value, value.negate()));
        return Arbitraries.oneOf(random, boundaries, Arbitraries.bigIntegers().between(BigInteger.valueOf(-300), BigInteger.valueOf(300)));
    }

    private static Arbitrary<BigDecimal> decimals() {
        Arbitrary<Integer> scales = Arbitraries.oneOf(Arbitraries.integers().between(-12, 12),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
                        1_000_000_000, -1_000_000_000));
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(bigIntegers(300),
                Arbitraries.of(BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(100), BigInteger.valueOf(-10), BigInteger.ZERO));
        return Combinators.combine(unscaled, scales, Arbitraries.integers().between(0, 3))
                .as((digits, scale, trailingZeros) -> new BigDecimal(digits.multiply(BigInteger.TEN.pow(trailingZeros)), scale));
    }

    private static Arbitrary<UUID> uuids() {
        Arbitrary<Long> highs = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, -1L, 0x1000L, 0x4000L, 0xFFFF_FFFF_FFFF_1FFFL));
        Arbitrary<Long> lows = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x80L));
        return Combinators.combine(highs, lows, Arbitraries.integers().between(0, 15))
                .as((high, low, version) -> new UUID((high & ~0xF000L) | ((long) version << 12), low));
    }

    /** Version 1 UUIDs built from a 60-bit timestamp (RFC 4122 §4.1.2), often sharing one. */
    private static Arbitrary<UUID> timeuuids() {
        Arbitrary<Long> timestamps = Arbitraries.oneOf(Arbitraries.longs().between(0, (1L << 60) - 1),
                Arbitraries.of(0L, 1L, 0x1_0000_0000L, 0x1_0000_0000_0000L, (1L << 60) - 1));
        Arbitrary<Long> lows = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0080_0000_0000_0000L, 0x80L, 0x7FL));
        return Combinators.combine(timestamps, lows).as((timestamp, low) -> {
            long timeLow = timestamp & 0xFFFF_FFFFL;
            long timeMid = (timestamp >>> 32) & 0xFFFF;
            long timeHigh = (timestamp >>> 48) & 0x0FFF;
            return new UUID((timeLow << 32) | (timeMid << 16) | 0x1000 | timeHigh, low);
        });
    }

    private static Arbitrary<InetAddress> inetAddresses() {
        Arbitrary<Byte> interesting = Arbitraries.of((byte) 0, (byte) 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF);
        Arbitrary<byte[]> v4 = Arbitraries.oneOf(interesting, Arbitraries.bytes()).list().ofSize(4).map(KeyValueArbitraries::toBytes);
        Arbitrary<byte[]> v6 = Arbitraries.oneOf(interesting, Arbitraries.bytes()).list().ofSize(16).map(KeyValueArbitraries::toBytes);
        Arbitrary<byte[]> mapped = v4.map(address -> {
            byte[] bytes = new byte[16];
            bytes[10] = (byte) 0xFF;
            bytes[11] = (byte) 0xFF;
            System.arraycopy(address, 0, bytes, 12, 4);
            return bytes;
        });
        return Arbitraries.oneOf(v4, v6, mapped).map(KeyValueArbitraries::inetAddress);
    }

    static InetAddress inetAddress(byte[] address) {
        try {
            return address.length == 16 ? Inet6Address.getByAddress(null, address, -1) : InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] toBytes(List<Byte> bytes) {
        byte[] array = new byte[bytes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = bytes.get(i);
        }
        return array;
    }
}
