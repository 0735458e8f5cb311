package io.cairn.cql.type;

import io.cairn.common.encoding.ByteSink;
import io.cairn.common.encoding.KeyCodec;
import io.cairn.common.encoding.KeyOrder;
import io.cairn.common.encoding.KeyReader;
import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code vector<T, n>}: the native protocol v5 serialization (fixed-size elements back to back,
 * others each after an unsigned vint length), validation, literals, JSON, order and keys.
 */
class VectorTypeTest {

    private static final VectorType FLOATS = new VectorType(NativeType.FLOAT, 3);
    private static final VectorType TEXTS = new VectorType(NativeType.TEXT, 2);

    private static ByteBuffer floats(float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length);
        for (float value : values) {
            out.putFloat(value);
        }
        return out.flip();
    }

    private static ByteBuffer text(String value) {
        return NativeType.TEXT.decompose(value);
    }

    private static String hex(ByteBuffer value) {
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void floatElementsAreWrittenBackToBackWithoutLengths() {
        ByteBuffer packed = FLOATS.pack(List.of(floats(1f), floats(2.5f), floats(3f)));
        assertThat(hex(packed)).isEqualTo("3f800000" + "40200000" + "40400000");
        assertThat(FLOATS.unpack(packed)).containsExactly(floats(1f), floats(2.5f), floats(3f));
        FLOATS.validate(packed);
    }

    @Test
    void variableSizeElementsEachFollowTheirUnsignedVintLength() {
        ByteBuffer packed = TEXTS.pack(List.of(text("ab"), text("")));
        assertThat(hex(packed)).isEqualTo("026162" + "00");
        assertThat(TEXTS.unpack(packed)).containsExactly(text("ab"), text(""));

        String longText = "x".repeat(200);
        ByteBuffer longPacked = TEXTS.pack(List.of(text(longText), text("y")));
        assertThat(hex(longPacked)).startsWith("80c8"); // 200 takes two bytes: 10 000000 11001000
        assertThat(TEXTS.unpack(longPacked)).containsExactly(text(longText), text("y"));
    }

    @Test
    void valuesOfTheWrongSizeAreRefused() {
        assertThatThrownBy(() -> FLOATS.validate(floats(1f, 2f)))
                .isInstanceOf(CqlException.class).hasMessageContaining("Not enough bytes");
        assertThatThrownBy(() -> FLOATS.validate(floats(1f, 2f, 3f, 4f)))
                .isInstanceOf(CqlException.class).hasMessage("Unexpected extraneous bytes after vector value");
        assertThatThrownBy(() -> TEXTS.validate(ByteBuffer.wrap(new byte[] {5, 'a'})))
                .isInstanceOf(CqlException.class).hasMessageContaining("Not enough bytes");
        assertThatThrownBy(() -> FLOATS.pack(List.of(floats(1f), floats(2f))))
                .isInstanceOf(CqlException.class).hasMessage("Required 3 elements, but saw 2");
        assertThatThrownBy(() -> FLOATS.pack(Arrays.asList(floats(1f), null, floats(2f))))
                .isInstanceOf(CqlException.class).hasMessage("null is not supported inside vectors");
        assertThatThrownBy(() -> new VectorType(NativeType.FLOAT, 0))
                .isInstanceOf(CqlException.class).hasMessage("vectors may only have positive dimensions; given 0");
    }

    @Test
    void elementsAreValidatedByTheirType() {
        VectorType ints = new VectorType(NativeType.INT, 2);
        assertThatThrownBy(() -> new VectorType(NativeType.TEXT, 1).validate(ByteBuffer.wrap(new byte[] {1, (byte) 0xff})))
                .isInstanceOf(CqlException.class);
        ints.validate(ByteBuffer.allocate(8));
    }

    @Test
    void literalsAndJsonListTheElements() {
        ByteBuffer value = FLOATS.pack(List.of(floats(1f), floats(2.5f), floats(3f)));
        assertThat(FLOATS.asCql()).isEqualTo("vector<float, 3>");
        assertThat(FLOATS.toCqlLiteral(value)).isEqualTo("[1.0, 2.5, 3.0]");
        assertThat(FLOATS.toJson(value)).isEqualTo("[1.0, 2.5, 3.0]");
        assertThat(FLOATS.fromJson(Json.parse("[1, 2.5, 3]"))).isEqualTo(value);
        assertThat(FLOATS.fromJson(Json.parse("\"[1, 2.5, 3]\""))).isEqualTo(value);
        assertThat(TEXTS.toJson(TEXTS.pack(List.of(text("a"), text("b"))))).isEqualTo("[\"a\", \"b\"]");
    }

    @Test
    void jsonOfAnotherSizeIsRefusedAsCassandraWordsIt() {
        assertThatThrownBy(() -> FLOATS.fromJson(Json.parse("[1.5, 2]")))
                .isInstanceOf(CqlException.class)
                .hasMessage("List had incorrect size: expected 3 but given 2; [1.5, 2]");
        assertThatThrownBy(() -> FLOATS.fromJson(Json.parse("[1, null, 2]")))
                .isInstanceOf(CqlException.class).hasMessage("Invalid null element in list");
        assertThatThrownBy(() -> FLOATS.fromJson(Json.parse("{\"a\": 1}")))
                .isInstanceOf(CqlException.class).hasMessageStartingWith("Expected a list, but got a LinkedHashMap");
    }

    @Test
    void vectorsCompareElementByElementInTheElementsOrder() {
        VectorType ints = new VectorType(NativeType.INT, 2);
        ByteBuffer minusOneFive = ints.pack(List.of(NativeType.INT.decompose(-1), NativeType.INT.decompose(5)));
        ByteBuffer zeroZero = ints.pack(List.of(NativeType.INT.decompose(0), NativeType.INT.decompose(0)));
        ByteBuffer oneMinusThree = ints.pack(List.of(NativeType.INT.decompose(1), NativeType.INT.decompose(-3)));
        assertThat(ints.compare(minusOneFive, zeroZero)).isNegative();
        assertThat(ints.compare(oneMinusThree, zeroZero)).isPositive();
        assertThat(ints.compare(zeroZero, zeroZero)).isZero();
    }

    @Test
    void keyEncodingsOrderAsTheTypeComparesAndDecodeToTheSameBytes() {
        VectorType ints = new VectorType(NativeType.INT, 2);
        List<ByteBuffer> values = List.of(
                ints.pack(List.of(NativeType.INT.decompose(-1), NativeType.INT.decompose(5))),
                ints.pack(List.of(NativeType.INT.decompose(0), NativeType.INT.decompose(0))),
                ints.pack(List.of(NativeType.INT.decompose(1), NativeType.INT.decompose(-3))),
                ints.pack(List.of(NativeType.INT.decompose(1), NativeType.INT.decompose(2))));
        byte[] previous = null;
        for (ByteBuffer value : values) {
            ByteSink sink = new ByteSink();
            KeyCodec.encodeSerialized(ints.keyType().orElseThrow(), value, KeyOrder.ASCENDING, sink);
            byte[] encoded = sink.toByteArray();
            if (previous != null) {
                assertThat(Arrays.compareUnsigned(previous, encoded)).isNegative();
            }
            previous = encoded;
            assertThat(KeyCodec.decodeSerialized(ints.keyType().orElseThrow(), KeyOrder.ASCENDING,
                    new KeyReader(encoded))).isEqualTo(value);
        }
        ByteBuffer texts = TEXTS.pack(List.of(text("a"), text("")));
        ByteSink sink = new ByteSink();
        KeyCodec.encodeSerialized(TEXTS.keyType().orElseThrow(), texts, KeyOrder.DESCENDING, sink);
        assertThat(KeyCodec.decodeSerialized(TEXTS.keyType().orElseThrow(), KeyOrder.DESCENDING,
                new KeyReader(sink.toByteArray()))).isEqualTo(texts);
    }

    @Test
    void typesResolveAndParseBackAsCassandraWritesThem() {
        assertThat(CqlTypes.parse("vector<float, 3>", "ks", (k, n) -> null)).isEqualTo(FLOATS);
        assertThat(CqlTypes.parse("vector<vector<int, 2>, 2>", "ks", (k, n) -> null).asCql())
                .isEqualTo("vector<vector<int, 2>, 2>");
        assertThat(CqlTypes.parse("list<vector<float, 2>>", "ks", (k, n) -> null).asCql())
                .isEqualTo("list<vector<float, 2>>");
        assertThat(FLOATS.marshalClassName()).isEqualTo(
                "org.apache.cassandra.db.marshal.VectorType(org.apache.cassandra.db.marshal.FloatType , 3)");
    }
}
