package io.cairn.common.encoding;

import org.apache.cassandra.db.marshal.Int32Type;
import org.apache.cassandra.db.marshal.TupleType;
import org.apache.cassandra.db.marshal.UTF8Type;
import org.apache.cassandra.serializers.CollectionSerializer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corners of Cassandra's ordering that are easy to get wrong, each stated as the rule a user
 * relies on and checked against both Cassandra's comparator and the key bytes.
 */
class CassandraOrderingRulesTest {

    @Test
    void negativeZeroSortsBeforeZeroAndNaNSortsAfterInfinity() {
        assertSortsInOrder(NativeKeyType.DOUBLE, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NaN);
        assertSortsInOrder(NativeKeyType.FLOAT, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, Float.POSITIVE_INFINITY, Float.NaN);
    }

    @Test
    void everyNaNSortsAfterInfinityAndKeepsItsBits() {
        Float otherNaN = Float.intBitsToFloat(0xFFC00001);
        assertThat(CassandraOracle.compare(NativeKeyType.FLOAT, Float.NaN, otherNaN)).isZero();
        byte[] key = KeyCodec.encode(NativeKeyType.FLOAT, otherNaN);
        assertThat(Arrays.compareUnsigned(KeyCodec.encode(NativeKeyType.FLOAT, Float.POSITIVE_INFINITY), key)).isNegative();
        assertThat(KeyCodec.decodeSerialized(NativeKeyType.FLOAT, KeyOrder.ASCENDING, new KeyReader(key)))
                .isEqualTo(ByteBuffer.wrap(HexFormat.of().parseHex("ffc00001")));
    }

    @Test
    void decimalsEqualByValueAreAdjacentKeysThatKeepTheirScale() {
        List<BigDecimal> forms = List.of(new BigDecimal("1E+1"), new BigDecimal("10"), new BigDecimal("10.0"), new BigDecimal("10.00"));
        for (int i = 0; i < forms.size(); i++) {
            byte[] key = KeyCodec.encode(NativeKeyType.DECIMAL, forms.get(i));
            assertThat(KeyCodec.decode(NativeKeyType.DECIMAL, key)).isEqualTo(forms.get(i));
            assertThat(KeyCodec.decodeDescending(NativeKeyType.DECIMAL, KeyCodec.encodeDescending(NativeKeyType.DECIMAL, forms.get(i))))
                    .isEqualTo(forms.get(i));
            assertThat(Arrays.compareUnsigned(KeyCodec.encode(NativeKeyType.DECIMAL, new BigDecimal("9.99")), key)).isNegative();
            assertThat(Arrays.compareUnsigned(key, KeyCodec.encode(NativeKeyType.DECIMAL, new BigDecimal("10.01")))).isNegative();
            if (i > 0) {
                assertThat(Arrays.compareUnsigned(KeyCodec.encode(NativeKeyType.DECIMAL, forms.get(i - 1)), key)).isNegative();
            }
        }
        assertThat(KeyCodec.decode(NativeKeyType.DECIMAL, KeyCodec.encode(NativeKeyType.DECIMAL, new BigDecimal("-0.000"))))
                .isEqualTo(new BigDecimal("0.000"));
        assertThat(KeyCodec.decode(NativeKeyType.DECIMAL, KeyCodec.encode(NativeKeyType.DECIMAL, new BigDecimal("0E+5"))))
                .isEqualTo(new BigDecimal("0E+5"));
    }

    @Test
    void decimalsFarApartInScaleStillSortNumerically() {
        assertSortsInOrder(NativeKeyType.DECIMAL,
                new BigDecimal(BigInteger.valueOf(-5), Integer.MIN_VALUE),
                new BigDecimal(BigInteger.valueOf(-5), 0),
                new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE),
                new BigDecimal(BigInteger.TEN.pow(40), 41),
                new BigDecimal(BigInteger.valueOf(11), 1),
                new BigDecimal(BigInteger.TEN, Integer.MIN_VALUE));
    }

    @Test
    void varintSortsIgnoringRedundantSignBytesAndKeepsThem() {
        for (String hex : List.of("0000ff", "ffff80", "000000", "00")) {
            ByteBuffer serialized = ByteBuffer.wrap(HexFormat.of().parseHex(hex));
            byte[] key = encodeSerialized(NativeKeyType.VARINT, serialized);
            assertThat(KeyCodec.decodeSerialized(NativeKeyType.VARINT, KeyOrder.ASCENDING, new KeyReader(key))).isEqualTo(serialized);
        }
        ByteBuffer padded = ByteBuffer.wrap(HexFormat.of().parseHex("0000ff"));
        ByteBuffer minimal = ByteBuffer.wrap(HexFormat.of().parseHex("00ff"));
        assertThat(CassandraOracle.compareSerialized(NativeKeyType.VARINT, padded, minimal)).isZero();
        assertThat(Arrays.compareUnsigned(encodeSerialized(NativeKeyType.VARINT, padded), KeyCodec.encode(NativeKeyType.VARINT, BigInteger.valueOf(256))))
                .isNegative();
        assertThat(Arrays.compareUnsigned(KeyCodec.encode(NativeKeyType.VARINT, BigInteger.valueOf(254)), encodeSerialized(NativeKeyType.VARINT, padded)))
                .isNegative();
    }

    @Test
    void uuidSortsByVersionBeforeAnyOtherBit() {
        UUID versionOneLate = new UUID(0xFFFF_FFFF_FFFF_1FFFL, -1L);
        UUID versionFourEarly = new UUID(0x0000_0000_0000_4000L, 0L);
        assertSortsInOrder(NativeKeyType.UUID, versionOneLate, versionFourEarly);
    }

    @Test
    void uuidAndTimeuuidDisagreeAboutLowBytesWithTheHighBitSet() {
        UUID lowHighBitClear = new UUID(0x0000_0000_0000_1000L, 0x0000_0000_0000_0000L);
        UUID lowHighBitSet = new UUID(0x0000_0000_0000_1000L, 0x8000_0000_0000_0000L);
        assertSortsInOrder(NativeKeyType.UUID, lowHighBitClear, lowHighBitSet);
        assertSortsInOrder(NativeKeyType.TIMEUUID, lowHighBitSet, lowHighBitClear);
    }

    @Test
    void timeuuidSortsByTimestampNotByItsLeadingTimeLowBytes() {
        UUID earlierButLargerTimeLow = new UUID(0xFFFF_FFFF_0000_1000L, 0L);
        UUID laterTimeHigh = new UUID(0x0000_0000_0000_1001L, 0L);
        assertSortsInOrder(NativeKeyType.TIMEUUID, earlierButLargerTimeLow, laterTimeHigh);
    }

    @Test
    void inetSortsByAddressBytesSoFamiliesInterleave() {
        assertSortsInOrder(NativeKeyType.INET,
                KeyValueArbitraries.inetAddress(new byte[16]),
                KeyValueArbitraries.inetAddress(new byte[] {1, 2, 3, 4}),
                KeyValueArbitraries.inetAddress(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
                KeyValueArbitraries.inetAddress(new byte[] {(byte) 192, (byte) 168, 0, 1}));
    }

    @Test
    void timeComparesAsUnsignedBytesSoANegativeTimeSortsAfterEveryValidOne() {
        assertSortsInOrder(NativeKeyType.TIME, 0L, 86_399_999_999_999L, -1L);
    }

    @Test
    void booleanTreatsAnyNonZeroByteAsTrue() {
        ByteBuffer two = ByteBuffer.wrap(new byte[] {2});
        assertThat(CassandraOracle.compareSerialized(NativeKeyType.BOOLEAN, two, ByteBuffer.wrap(new byte[] {1}))).isZero();
        assertThat(encodeSerialized(NativeKeyType.BOOLEAN, two)).isEqualTo(KeyCodec.encode(NativeKeyType.BOOLEAN, true));
    }

    @Test
    void aNullTupleComponentSortsBeforeEveryValueEvenTheEmptyString() {
        KeyType tuple = KeyType.tuple(List.of(NativeKeyType.TEXT));
        assertSortsInOrder(tuple, Arrays.asList((Object) null), List.of(""), List.of("\u0000"));
    }

    @Test
    void aTupleWithFewerComponentsEqualsOneWithTrailingNulls() {
        KeyType tuple = KeyType.tuple(List.of(NativeKeyType.INT, NativeKeyType.TEXT));
        ByteBuffer shorter = TupleType.buildValue(Int32Type.instance.decompose(7));
        ByteBuffer withNull = TupleType.buildValue(Int32Type.instance.decompose(7), null);
        ByteBuffer withText = TupleType.buildValue(Int32Type.instance.decompose(7), UTF8Type.instance.decompose(""));

        assertThat(CassandraOracle.compareSerialized(tuple, shorter, withNull)).isZero();
        assertThat(CassandraOracle.compareSerialized(tuple, shorter, withText)).isNegative();
        assertThat(encodeSerialized(tuple, shorter)).isEqualTo(encodeSerialized(tuple, withNull));
        assertThat(Arrays.compareUnsigned(encodeSerialized(tuple, shorter), encodeSerialized(tuple, withText))).isNegative();
    }

    @Test
    void anEmptyCollectionSortsBeforeEveryOtherAndAPrefixBeforeItsExtensions() {
        assertSortsInOrder(KeyType.frozenList(NativeKeyType.INT), List.of(), List.of(Integer.MIN_VALUE), List.of(-1, 5), List.of(-1, 5, 0));
        assertSortsInOrder(KeyType.frozenMap(NativeKeyType.INT, NativeKeyType.TEXT),
                Map.of(), Map.of(1, "a"), Map.of(1, "a", 2, ""), Map.of(1, "b"));
    }

    @Test
    void setElementsFromTheWireAreSortedAndDeduplicatedAsCassandraStoresThem() {
        KeyType type = KeyType.frozenSet(NativeKeyType.INT);
        ByteBuffer unsorted = CollectionSerializer.pack(List.of(Int32Type.instance.decompose(3), Int32Type.instance.decompose(-1),
                Int32Type.instance.decompose(3), Int32Type.instance.decompose(2)), 4);
        byte[] key = encodeSerialized(type, unsorted);

        assertThat(key).isEqualTo(KeyCodec.encode(type, Set.of(-1, 2, 3)));
        assertThat(KeyCodec.decodeSerialized(type, KeyOrder.ASCENDING, new KeyReader(key)))
                .isEqualTo(CassandraOracle.serialize(type, Set.of(3, -1, 2)));
    }

    @Test
    void aMapKeyRepeatedOnTheWireKeepsItsLastValue() {
        KeyType type = KeyType.frozenMap(NativeKeyType.INT, NativeKeyType.TEXT);
        ByteBuffer repeated = CollectionSerializer.pack(List.of(
                Int32Type.instance.decompose(1), UTF8Type.instance.decompose("first"),
                Int32Type.instance.decompose(0), UTF8Type.instance.decompose("zero"),
                Int32Type.instance.decompose(1), UTF8Type.instance.decompose("last")), 3);

        assertThat(encodeSerialized(type, repeated)).isEqualTo(KeyCodec.encode(type, Map.of(0, "zero", 1, "last")));
    }

    /** Asserts that Cassandra and the key bytes both order the values strictly as given. */
    private static void assertSortsInOrder(KeyType type, Object... values) {
        for (int i = 1; i < values.length; i++) {
            assertThat(CassandraOracle.compare(type, values[i - 1], values[i]))
                    .as("Cassandra orders %s before %s", values[i - 1], values[i]).isNegative();
            assertThat(Arrays.compareUnsigned(KeyCodec.encode(type, values[i - 1]), KeyCodec.encode(type, values[i])))
                    .as("key bytes order %s before %s", values[i - 1], values[i]).isNegative();
        }
    }

    private static byte[] encodeSerialized(KeyType type, ByteBuffer serialized) {
        ByteSink out = new ByteSink();
        KeyCodec.encodeSerialized(type, serialized, KeyOrder.ASCENDING, out);
        return out.toByteArray();
    }
}
