package io.cairn.common.encoding;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.List;

import static io.cairn.common.encoding.NativeKeyType.BLOB;
import static io.cairn.common.encoding.NativeKeyType.BOOLEAN;
import static io.cairn.common.encoding.NativeKeyType.DECIMAL;
import static io.cairn.common.encoding.NativeKeyType.INT;
import static io.cairn.common.encoding.NativeKeyType.TEXT;
import static io.cairn.common.encoding.NativeKeyType.TIMEUUID;
import static io.cairn.common.encoding.NativeKeyType.TINYINT;
import static io.cairn.common.encoding.NativeKeyType.VARINT;

/**
 * Tuples, UDTs and frozen collections, including nested ones with null components and empty
 * collections, checked against Cassandra's TupleType, UserType, ListType, SetType and MapType
 * with {@link KeyEncodingInvariants}.
 */
class CompositeKeyEncodingPropertiesTest {

    static final String SEED = "1729";

    static final KeyType FLAT_TUPLE = KeyType.tuple(List.of(TINYINT, TEXT, BOOLEAN));
    static final KeyType NESTED_TUPLE = KeyType.tuple(List.of(
            KeyType.tuple(List.of(BOOLEAN, TEXT)), BLOB, KeyType.tuple(List.of(VARINT, TIMEUUID))));
    static final KeyType USER_TYPE = KeyType.udt(List.of(TEXT, INT, KeyType.frozenSet(TINYINT)));
    static final KeyType LIST_OF_BOOLEANS = KeyType.frozenList(BOOLEAN);
    static final KeyType LIST_OF_TEXT = KeyType.frozenList(TEXT);
    static final KeyType SET_OF_TINYINTS = KeyType.frozenSet(TINYINT);
    static final KeyType SET_OF_DECIMALS = KeyType.frozenSet(DECIMAL);
    static final KeyType SET_OF_BLOBS = KeyType.frozenSet(BLOB);
    static final KeyType MAP_OF_TEXT_TO_BOOLEAN = KeyType.frozenMap(TEXT, BOOLEAN);
    static final KeyType MAP_OF_TUPLES_TO_LISTS = KeyType.frozenMap(
            KeyType.tuple(List.of(TINYINT, TEXT)), KeyType.frozenList(TINYINT));

    /** A type and two values of it. */
    record TypedPair(KeyType type, Object left, Object right) {
    }

    @Property(tries = 1000, seed = SEED)
    void tupleSortsComponentWiseWithNullBeforeAnyValue(@ForAll("flatTuples") Object left, @ForAll("flatTuples") Object right) {
        KeyEncodingInvariants.checkPair(FLAT_TUPLE, left, right);
    }

    @Property(tries = 500, seed = SEED)
    void nestedTupleWithNullsSortsLikeCassandrasTupleType(@ForAll("nestedTuples") Object left, @ForAll("nestedTuples") Object right) {
        KeyEncodingInvariants.checkPair(NESTED_TUPLE, left, right);
    }

    @Property(tries = 500, seed = SEED)
    void userTypeSortsLikeATupleOfItsFields(@ForAll("userTypeValues") Object left, @ForAll("userTypeValues") Object right) {
        KeyEncodingInvariants.checkPair(USER_TYPE, left, right);
    }

    @Property(tries = 1000, seed = SEED)
    void frozenListSortsElementWiseWithAPrefixFirst(@ForAll("booleanLists") Object left, @ForAll("booleanLists") Object right) {
        KeyEncodingInvariants.checkPair(LIST_OF_BOOLEANS, left, right);
    }

    @Property(tries = 500, seed = SEED)
    void frozenListOfTextSortsLikeCassandrasListType(@ForAll("textLists") Object left, @ForAll("textLists") Object right) {
        KeyEncodingInvariants.checkPair(LIST_OF_TEXT, left, right);
    }

    @Property(tries = 1000, seed = SEED)
    void frozenSetSortsByItsElementsInElementOrder(@ForAll("tinyintSets") Object left, @ForAll("tinyintSets") Object right) {
        KeyEncodingInvariants.checkPair(SET_OF_TINYINTS, left, right);
    }

    @Property(tries = 500, seed = SEED)
    void frozenSetOfDecimalsSortsItsElementsAndKeepsEachOnce(@ForAll("decimalSets") Object left, @ForAll("decimalSets") Object right) {
        KeyEncodingInvariants.checkPair(SET_OF_DECIMALS, left, right);
    }

    @Property(tries = 500, seed = SEED)
    void frozenSetOfBlobsSortsLikeCassandrasSetType(@ForAll("blobSets") Object left, @ForAll("blobSets") Object right) {
        KeyEncodingInvariants.checkPair(SET_OF_BLOBS, left, right);
    }

    @Property(tries = 1000, seed = SEED)
    void frozenMapSortsEntryWiseKeyThenValue(@ForAll("textToBooleanMaps") Object left, @ForAll("textToBooleanMaps") Object right) {
        KeyEncodingInvariants.checkPair(MAP_OF_TEXT_TO_BOOLEAN, left, right);
    }

    @Property(tries = 500, seed = SEED)
    void frozenMapWithCompositeKeysAndValuesSortsLikeCassandrasMapType(
            @ForAll("tupleToListMaps") Object left, @ForAll("tupleToListMaps") Object right) {
        KeyEncodingInvariants.checkPair(MAP_OF_TUPLES_TO_LISTS, left, right);
    }

    @Property(tries = 1000, seed = SEED)
    void anyNestingOfKeyTypesSortsLikeCassandra(@ForAll("typedPairs") TypedPair pair) {
        KeyEncodingInvariants.checkPair(pair.type(), pair.left(), pair.right());
    }

    @Provide
    Arbitrary<Object> flatTuples() {
        return KeyValueArbitraries.valuesOf(FLAT_TUPLE);
    }

    @Provide
    Arbitrary<Object> nestedTuples() {
        return KeyValueArbitraries.valuesOf(NESTED_TUPLE);
    }

    @Provide
    Arbitrary<Object> userTypeValues() {
        return KeyValueArbitraries.valuesOf(USER_TYPE);
    }

    @Provide
    Arbitrary<Object> booleanLists() {
        return KeyValueArbitraries.valuesOf(LIST_OF_BOOLEANS);
    }

    @Provide
    Arbitrary<Object> textLists() {
        return KeyValueArbitraries.valuesOf(LIST_OF_TEXT);
    }

    @Provide
    Arbitrary<Object> tinyintSets() {
        return Arbitraries.bytes().between((byte) -2, (byte) 2).set().ofMaxSize(4).map(set -> set);
    }

    @Provide
    Arbitrary<Object> decimalSets() {
        return KeyValueArbitraries.valuesOf(SET_OF_DECIMALS);
    }

    @Provide
    Arbitrary<Object> blobSets() {
        return KeyValueArbitraries.valuesOf(SET_OF_BLOBS);
    }

    @Provide
    Arbitrary<Object> textToBooleanMaps() {
        return Arbitraries.maps(Arbitraries.strings().withChars("\u0000ab").ofMaxLength(2), Arbitraries.of(true, false))
                .ofMaxSize(3).map(map -> map);
    }

    @Provide
    Arbitrary<Object> tupleToListMaps() {
        return KeyValueArbitraries.valuesOf(MAP_OF_TUPLES_TO_LISTS);
    }

    /** Random types nested two levels deep; a quarter of the pairs are one value twice. */
    @Provide
    Arbitrary<TypedPair> typedPairs() {
        return KeyValueArbitraries.types(2).flatMap(type -> {
            Arbitrary<Object> values = KeyValueArbitraries.valuesOf(type);
            return Arbitraries.frequencyOf(
                    Tuple.of(3, Combinators.combine(values, values).as((left, right) -> new TypedPair(type, left, right))),
                    Tuple.of(1, values.map(value -> new TypedPair(type, value, value))));
        });
    }
}
