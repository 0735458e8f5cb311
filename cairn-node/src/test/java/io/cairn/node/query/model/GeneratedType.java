package io.cairn.node.query.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The CQL types the property test generates columns of. Each serializes its values itself,
 * compares them with CQL's comparison for that type and writes them as CQL literals, so that the
 * reference model depends on nothing of the code under test.
 */
public enum GeneratedType {
    INT("int"), BIGINT("bigint"), TEXT("text"), BLOB("blob"), UUID("uuid"), DECIMAL("decimal"),
    VARINT("varint"), DOUBLE("double"), BOOLEAN("boolean"), DATE("date"), TIMESTAMP("timestamp"),
    INET("inet"), INT_LIST("frozen<list<int>>"), TUPLE("tuple<int, text>");

    private static final String[] TEXT_PIECES = {"a", "b", "Z", "'", "é", "中", "😀"};

    private final String cql;

    GeneratedType(String cql) {
        this.cql = cql;
    }

    public String cql() {
        return cql;
    }

    /** A random value; never empty when {@code nonEmpty} (partition key components cannot be). */
    public Value random(SplittableRandom random, boolean nonEmpty) {
        while (true) {
            Value value = new Value(this, randomBytes(random));
            if (!nonEmpty || value.bytes().length > 0) {
                return value;
            }
        }
    }

    private byte[] randomBytes(SplittableRandom random) {
        return switch (this) {
            case INT -> ByteBuffer.allocate(4).putInt(random.nextInt(8) == 0
                    ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE) : random.nextInt(-5, 6)).array();
            case BIGINT -> ByteBuffer.allocate(8).putLong(random.nextInt(8) == 0
                    ? (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE) : random.nextLong(-5, 6)).array();
            case TIMESTAMP -> ByteBuffer.allocate(8).putLong(random.nextLong(-1_000_000_000_000L, 4_000_000_000_000L))
                    .array();
            case TEXT -> randomText(random, 3).getBytes(StandardCharsets.UTF_8);
            case BLOB -> {
                byte[] bytes = new byte[random.nextInt(4)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case UUID -> {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
                bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
                yield bytes;
            }
            case DECIMAL -> {
                // Halves from -30 to 30, most written with trailing zeros (1.0, 2.500, -0.50) and a
                // few multiples of 70 with a negative scale (7E+1): distinct values are never
                // numerically equal, which CQL would treat as one key.
                int halves = random.nextInt(-60, 61);
                BigDecimal value = halves % 7 == 0 && halves != 0 ? new BigDecimal(BigInteger.valueOf(halves), -1)
                        : new BigDecimal(BigInteger.valueOf(halves * 5L).multiply(BigInteger.TEN.pow(
                                Math.floorMod(halves, 3))), 1 + Math.floorMod(halves, 3));
                byte[] digits = value.unscaledValue().toByteArray();
                yield ByteBuffer.allocate(4 + digits.length).putInt(value.scale()).put(digits).array();
            }
            case VARINT -> (random.nextInt(6) == 0 ? BigInteger.TWO.pow(70).negate().add(BigInteger.valueOf(
                    random.nextInt(3))).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1))
                    : BigInteger.valueOf(random.nextInt(-300, 301))).toByteArray();
            case DOUBLE -> ByteBuffer.allocate(8).putDouble(random.nextInt(-20, 21) / 4.0 + 0.0).array();
            case BOOLEAN -> new byte[] {(byte) (random.nextBoolean() ? 1 : 0)};
            case DATE -> ByteBuffer.allocate(4).putInt(random.nextInt(-1000, 1000) + Integer.MIN_VALUE).array();
            case INET -> {
                byte[] bytes = new byte[random.nextInt(4) == 0 ? 16 : 4];
                random.nextBytes(bytes);
                if (bytes.length == 16) {
                    bytes[0] = 0x20;
                }
                yield bytes;
            }
            case INT_LIST -> {
                int size = random.nextInt(1, 4);
                ByteBuffer buffer = ByteBuffer.allocate(4 + size * 8).putInt(size);
                for (int i = 0; i < size; i++) {
                    buffer.putInt(4).putInt(random.nextInt(-3, 4));
                }
                yield buffer.array();
            }
            case TUPLE -> {
                byte[] text = randomText(random, 2).getBytes(StandardCharsets.UTF_8);
                yield ByteBuffer.allocate(12 + text.length).putInt(4).putInt(random.nextInt(-3, 4))
                        .putInt(text.length).put(text).array();
            }
        };
    }

    private static String randomText(SplittableRandom random, int maxPieces) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            text.append(TEXT_PIECES[random.nextInt(TEXT_PIECES.length)]);
        }
        return text.toString();
    }

    /** CQL's comparison of two serialized values of this type (ascending). */
    public int compare(byte[] left, byte[] right) {
        return switch (this) {
            case INT -> Integer.compare(ByteBuffer.wrap(left).getInt(), ByteBuffer.wrap(right).getInt());
            case BIGINT, TIMESTAMP -> Long.compare(ByteBuffer.wrap(left).getLong(), ByteBuffer.wrap(right).getLong());
            case VARINT -> new BigInteger(left).compareTo(new BigInteger(right));
            case DECIMAL -> decimal(left).compareTo(decimal(right));
            case DOUBLE -> Double.compare(ByteBuffer.wrap(left).getDouble(), ByteBuffer.wrap(right).getDouble());
            // Version 4 UUIDs only: same version, then both halves unsigned, as bytes.
            case TEXT, BLOB, BOOLEAN, UUID, DATE, INET -> Arrays.compareUnsigned(left, right);
            case INT_LIST -> compareLists(intList(left), intList(right));
            case TUPLE -> {
                ByteBuffer a = ByteBuffer.wrap(left);
                ByteBuffer b = ByteBuffer.wrap(right);
                int first = Integer.compare(a.getInt(4), b.getInt(4));
                yield first != 0 ? first : Arrays.compareUnsigned(Arrays.copyOfRange(left, 12, left.length),
                        Arrays.copyOfRange(right, 12, right.length));
            }
        };
    }

    private static int compareLists(List<Integer> left, List<Integer> right) {
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int c = Integer.compare(left.get(i), right.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private static BigDecimal decimal(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new BigDecimal(new BigInteger(Arrays.copyOfRange(bytes, 4, bytes.length)), buffer.getInt(0));
    }

    private static List<Integer> intList(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int size = buffer.getInt();
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            buffer.getInt();
            values.add(buffer.getInt());
        }
        return values;
    }

    /** The value as a CQL literal. */
    public String literal(byte[] bytes) {
        return switch (this) {
            case INT -> Integer.toString(ByteBuffer.wrap(bytes).getInt());
            case BIGINT, TIMESTAMP -> Long.toString(ByteBuffer.wrap(bytes).getLong());
            case VARINT -> new BigInteger(bytes).toString();
            case DECIMAL -> decimal(bytes).toString();
            case DOUBLE -> Double.toString(ByteBuffer.wrap(bytes).getDouble());
            case BOOLEAN -> bytes[0] == 0 ? "false" : "true";
            case TEXT -> quote(new String(bytes, StandardCharsets.UTF_8));
            case BLOB -> "0x" + HexFormat.of().formatHex(bytes);
            case UUID -> {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                yield new java.util.UUID(buffer.getLong(), buffer.getLong()).toString();
            }
            case DATE -> quote(LocalDate.ofEpochDay(ByteBuffer.wrap(bytes).getInt() - Integer.MIN_VALUE)
                    .toString());
            case INET -> quote(inet(bytes));
            case INT_LIST -> intList(bytes).toString();
            case TUPLE -> "(" + ByteBuffer.wrap(bytes).getInt(4) + ", "
                    + quote(new String(bytes, 12, bytes.length - 12, StandardCharsets.UTF_8)) + ")";
        };
    }

    private static String inet(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
