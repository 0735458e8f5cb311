package io.cairn.common.encoding;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every native key type, on random pairs biased to edge cases: the encoding sorts exactly
 * like Apache Cassandra 5.0's comparator for the type, DESC is the exact reverse, no encoding is
 * a proper prefix of another, and decoding (to a Java value or to a serialization) round-trips.
 * See {@link KeyEncodingInvariants}. Seeds are fixed so that runs are reproducible.
 */
class NativeKeyEncodingPropertiesTest {

    static final String SEED = "4711";
    static final int TRIES = 1000;

    @Property(tries = TRIES, seed = SEED)
    void asciiSortsLikeCassandrasAsciiType(@ForAll("asciiValues") Object left, @ForAll("asciiValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.ASCII, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void textSortsLikeCassandrasUtf8Type(@ForAll("textValues") Object left, @ForAll("textValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.TEXT, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void blobSortsLikeCassandrasBytesType(@ForAll("blobValues") Object left, @ForAll("blobValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.BLOB, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void intSortsLikeCassandrasInt32Type(@ForAll("intValues") Object left, @ForAll("intValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.INT, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void bigintSortsLikeCassandrasLongType(@ForAll("bigintValues") Object left, @ForAll("bigintValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.BIGINT, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void smallintSortsLikeCassandrasShortType(@ForAll("smallintValues") Object left, @ForAll("smallintValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.SMALLINT, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void tinyintSortsLikeCassandrasByteType(@ForAll("tinyintValues") Object left, @ForAll("tinyintValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.TINYINT, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void varintSortsNumericallyLikeCassandrasIntegerTypeAtAnySize(@ForAll("varintValues") Object left, @ForAll("varintValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.VARINT, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void decimalSortsNumericallyLikeCassandrasDecimalTypeAtAnyScale(@ForAll("decimalValues") Object left, @ForAll("decimalValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.DECIMAL, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void floatSortsLikeCassandrasFloatTypeIncludingSignedZeroAndNaN(@ForAll("floatValues") Object left, @ForAll("floatValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.FLOAT, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void doubleSortsLikeCassandrasDoubleTypeIncludingSignedZeroAndNaN(@ForAll("doubleValues") Object left, @ForAll("doubleValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.DOUBLE, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void booleanSortsFalseBeforeTrue(@ForAll("booleanValues") Object left, @ForAll("booleanValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.BOOLEAN, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void uuidSortsByVersionThenLikeCassandrasUuidType(@ForAll("uuidValues") Object left, @ForAll("uuidValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.UUID, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void timeuuidOrdersByTimestampThenSignedLowBytes(@ForAll("timeuuidValues") Object left, @ForAll("timeuuidValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.TIMEUUID, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void timestampSortsLikeCassandrasTimestampType(@ForAll("timestampValues") Object left, @ForAll("timestampValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.TIMESTAMP, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void dateSortsLikeCassandrasSimpleDateType(@ForAll("dateValues") Object left, @ForAll("dateValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.DATE, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void timeSortsLikeCassandrasTimeType(@ForAll("timeValues") Object left, @ForAll("timeValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.TIME, left, right);
    }

    @Property(tries = TRIES, seed = SEED)
    void inetSortsLikeCassandrasInetAddressTypeAcrossFamilies(@ForAll("inetValues") Object left, @ForAll("inetValues") Object right) {
        KeyEncodingInvariants.checkPair(NativeKeyType.INET, left, right);
    }

    @Provide
    Arbitrary<Object> asciiValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.ASCII);
    }

    @Provide
    Arbitrary<Object> textValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.TEXT);
    }

    @Provide
    Arbitrary<Object> blobValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.BLOB);
    }

    @Provide
    Arbitrary<Object> intValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.INT);
    }

    @Provide
    Arbitrary<Object> bigintValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.BIGINT);
    }

    @Provide
    Arbitrary<Object> smallintValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.SMALLINT);
    }

    @Provide
    Arbitrary<Object> tinyintValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.TINYINT);
    }

    @Provide
    Arbitrary<Object> varintValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.VARINT);
    }

    @Provide
    Arbitrary<Object> decimalValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.DECIMAL);
    }

    @Provide
    Arbitrary<Object> floatValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.FLOAT);
    }

    @Provide
    Arbitrary<Object> doubleValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.DOUBLE);
    }

    @Provide
    Arbitrary<Object> booleanValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.BOOLEAN);
    }

    @Provide
    Arbitrary<Object> uuidValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.UUID);
    }

    @Provide
    Arbitrary<Object> timeuuidValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.TIMEUUID);
    }

    @Provide
    Arbitrary<Object> timestampValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.TIMESTAMP);
    }

    @Provide
    Arbitrary<Object> dateValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.DATE);
    }

    @Provide
    Arbitrary<Object> timeValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.TIME);
    }

    @Provide
    Arbitrary<Object> inetValues() {
        return KeyValueArbitraries.valuesOf(NativeKeyType.INET);
    }
}
