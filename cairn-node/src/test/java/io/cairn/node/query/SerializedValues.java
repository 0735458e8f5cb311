package io.cairn.node.query;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generators of CQL values in their native-protocol serialization, as a driver would send
 * them, for each type of {@link #TYPES}: any valid bytes, not only the forms CQL literals give
 * (varints with redundant sign bytes, decimals at any scale, NaNs with any bits, -0.0).
 */
final class SerializedValues {

    /** Every native type but counter, and composites around the types whose bytes have several forms. */
    static final List<String> TYPES = List.of("ascii", "text", "blob", "boolean", "tinyint", "smallint", "int", "bigint",
            "varint", "decimal", "float", "double", "timestamp", "date", "time", "uuid", "timeuuid", "inet",
            "frozen<list<varint>>", "frozen<set<int>>", "frozen<map<text, decimal>>", "tuple<decimal, text, double>",
            "frozen<pair>");

    /** The user type {@code frozen<pair>} of {@link #TYPES} stands for. */
    static final String PAIR = "CREATE TYPE pair (a decimal, b varint)";

    private SerializedValues() {
    }

    static Arbitrary<ByteBuffer> of(String type) {
        return switch (type) {
            case "ascii" -> Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(8)
                    .map(s -> ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
            case "text" -> Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8)
                    .map(s -> ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
            case "blob" -> Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8).map(ByteBuffer::wrap);
            case "boolean" -> Arbitraries.of(new byte[] {0}, new byte[] {1}).map(ByteBuffer::wrap);
            case "tinyint" -> fixed(1);
            case "smallint" -> fixed(2);
            case "int", "float", "date" -> Arbitraries.oneOf(fixed(4), floats());
            case "bigint", "double", "timestamp" -> Arbitraries.oneOf(fixed(8), doubles());
            case "varint" -> varints();
            case "decimal" -> Combinators.combine(Arbitraries.oneOf(Arbitraries.integers().between(-12, 12),
                            Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE)), varints())
                    .as((scale, unscaled) -> ByteBuffer.allocate(4 + unscaled.remaining()).putInt(scale).put(unscaled).flip());
            case "time" -> Arbitraries.longs().between(0, 86_399_999_999_999L).map(n -> ByteBuffer.allocate(8).putLong(0, n));
            case "uuid" -> fixed(16);
            case "timeuuid" -> fixed(16).map(b -> b.put(6, (byte) (b.get(6) & 0x0F | 0x10)));
            case "inet" -> Arbitraries.oneOf(fixed(4), fixed(16));
            case "frozen<list<varint>>" -> varints().list().ofMaxSize(3).map(SerializedValues::collection);
            case "frozen<set<int>>" -> Arbitraries.integers().set().ofMaxSize(3)
                    .map(set -> collection(new ArrayList<>(new TreeSet<>(set)).stream()
                            .map(i -> ByteBuffer.allocate(4).putInt(0, i)).toList()));
            case "frozen<map<text, decimal>>" -> Combinators.combine(Arbitraries.strings().alpha().ofMaxLength(3), of("decimal"))
                    .as((key, value) -> java.util.Map.entry(key, value)).list().ofMaxSize(3).map(SerializedValues::map);
            case "tuple<decimal, text, double>" -> Combinators.combine(of("decimal").injectNull(0.2),
                    of("text").injectNull(0.2), of("double").injectNull(0.2)).as(SerializedValues::components);
            case "frozen<pair>" -> Combinators.combine(of("decimal").injectNull(0.2), of("varint").injectNull(0.2))
                    .as(SerializedValues::components);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static Arbitrary<ByteBuffer> fixed(int size) {
        return Arbitraries.bytes().array(byte[].class).ofSize(size).map(ByteBuffer::wrap);
    }

    private static Arbitrary<ByteBuffer> floats() {
        return Arbitraries.of(0x80000000, 0, 0x7FC00000, 0x7FC00001, 0xFFC00000, 0x7F800000, 0xFF800000, 1)
                .map(bits -> ByteBuffer.allocate(4).putInt(0, bits));
    }

    private static Arbitrary<ByteBuffer> doubles() {
        return Arbitraries.of(0x8000000000000000L, 0L, 0x7FF8000000000000L, 0x7FF8000000000001L, 0xFFF8000000000000L,
                        0x7FF0000000000000L, 0xFFF0000000000000L, 1L)
                .map(bits -> ByteBuffer.allocate(8).putLong(0, bits));
    }

    /** Two's complement bytes, sometimes with redundant leading sign bytes. */
    private static Arbitrary<ByteBuffer> varints() {
        Arbitrary<byte[]> minimal = Arbitraries.oneOf(Arbitraries.bigIntegers().between(
                        java.math.BigInteger.ONE.shiftLeft(100).negate(), java.math.BigInteger.ONE.shiftLeft(100)),
                Arbitraries.bigIntegers().between(java.math.BigInteger.valueOf(-300), java.math.BigInteger.valueOf(300)))
                .map(java.math.BigInteger::toByteArray);
        return Combinators.combine(minimal, Arbitraries.frequency(
                net.jqwik.api.Tuple.of(4, 0), net.jqwik.api.Tuple.of(1, 1), net.jqwik.api.Tuple.of(1, 2)))
                .as((bytes, padding) -> {
                    ByteBuffer out = ByteBuffer.allocate(bytes.length + padding);
                    for (int i = 0; i < padding; i++) {
                        out.put(bytes[0] < 0 ? (byte) 0xFF : 0);
                    }
                    return out.put(bytes).flip();
                });
    }

    private static ByteBuffer collection(List<ByteBuffer> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, elements.size());
        elements.forEach(element -> writeWithLength(out, element));
        return ByteBuffer.wrap(out.toByteArray());
    }

    /** A map with its keys sorted and distinct, as Cassandra stores one. */
    private static ByteBuffer map(List<java.util.Map.Entry<String, ByteBuffer>> entries) {
        TreeMap<String, ByteBuffer> sorted = new TreeMap<>(Comparator.comparing(
                (String key) -> key.getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned));
        entries.forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, sorted.size());
        sorted.forEach((key, value) -> {
            writeWithLength(out, ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
            writeWithLength(out, value);
        });
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static ByteBuffer components(ByteBuffer... components) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer component : components) {
            if (component == null) {
                writeInt(out, -1);
            } else {
                writeWithLength(out, component);
            }
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static void writeWithLength(ByteArrayOutputStream out, ByteBuffer value) {
        writeInt(out, value.remaining());
        out.write(value.array(), value.arrayOffset() + value.position(), value.remaining());
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
    }

    /** A table name for a type. */
    static String tableName(String type) {
        return "t_" + type.replaceAll("[^a-z]+", "_").toLowerCase(Locale.ROOT);
    }
}
