package io.cairn.common.encoding;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a caller sees when a type, value or key is outside what the key encoding accepts, and its bounds. */
class KeyCodecErrorsTest {

    @Test
    void durationCannotBeAKeyBecauseItHasNoOrder() {
        assertThatThrownBy(KeyType::duration)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration values cannot be part of a key: they have no order");
        assertThatThrownBy(() -> KeyType.ofNative("DURATION"))
                .hasMessage("duration values cannot be part of a key: they have no order");
        assertThatThrownBy(() -> KeyType.ofNative("counter")).hasMessageContaining("counter");
    }

    @Test
    void nativeTypesAreFoundByTheirCqlNames() {
        assertThat(KeyType.ofNative("varchar")).isEqualTo(NativeKeyType.TEXT);
        assertThat(KeyType.ofNative("TimeUUID")).isEqualTo(NativeKeyType.TIMEUUID);
        assertThatThrownBy(() -> KeyType.ofNative("vector")).hasMessageContaining("'vector'");
    }

    @Test
    void typesNestedDeeperThanTheBoundAreRefused() {
        KeyType type = NativeKeyType.INT;
        for (int depth = 2; depth <= KeyType.MAX_NESTING_DEPTH; depth++) {
            type = KeyType.frozenList(type);
        }
        assertThat(type.nestingDepth()).isEqualTo(KeyType.MAX_NESTING_DEPTH);
        KeyType deepest = type;
        assertThatThrownBy(() -> KeyType.tuple(List.of(deepest)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + KeyType.MAX_NESTING_DEPTH);
    }

    @Test
    void aKeyBeyondTheSinkBoundIsRefusedAndLeavesTheSinkAsItWas() {
        ByteSink sink = new ByteSink(16);
        KeyCodec.encode(NativeKeyType.BIGINT, 1L, KeyOrder.ASCENDING, sink);

        assertThatThrownBy(() -> KeyCodec.encode(NativeKeyType.TEXT, "twenty characters...", KeyOrder.ASCENDING, sink))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
        assertThat(sink.toByteArray()).isEqualTo(KeyCodec.encode(NativeKeyType.BIGINT, 1L));
    }

    @Test
    void malformedSerializedValuesAreRefusedWithTheReason() {
        assertSerializedRefused(NativeKeyType.INT, "000001", "must be 4 bytes, got 3");
        assertSerializedRefused(NativeKeyType.INT, "", "empty int value cannot be part of a key");
        assertSerializedRefused(NativeKeyType.DECIMAL, "00000001", "decimal value must hold");
        assertSerializedRefused(NativeKeyType.INET, "0102030405", "4 or 16 bytes, got 5");
        assertSerializedRefused(NativeKeyType.TIMEUUID, "00000000000040000000000000000000", "version 4");
        assertSerializedRefused(KeyType.frozenList(NativeKeyType.INT), "7fffffff", "claims 2147483647 elements");
        assertSerializedRefused(KeyType.frozenList(NativeKeyType.INT), "00000001ffffffff", "null element");
        assertSerializedRefused(KeyType.tuple(List.of(NativeKeyType.BOOLEAN)), "0000000101ffffffff", "more than its 1 components");
        assertSerializedRefused(KeyType.tuple(List.of(NativeKeyType.BOOLEAN)), "0000000201", "only 1 remain");
    }

    @Test
    void emptyTextAndBlobAreOrdinaryKeys() {
        ByteSink sink = new ByteSink();
        KeyCodec.encodeSerialized(NativeKeyType.TEXT, ByteBuffer.allocate(0), KeyOrder.ASCENDING, sink);
        assertThat(KeyCodec.decode(NativeKeyType.TEXT, sink.toByteArray())).isEqualTo("");
    }

    @Test
    void javaValuesOfTheWrongClassOrPrecisionAreRefused() {
        assertThatThrownBy(() -> KeyCodec.encode(NativeKeyType.INT, 5L))
                .hasMessageContaining("java.lang.Integer").hasMessageContaining("java.lang.Long");
        assertThatThrownBy(() -> KeyCodec.encode(NativeKeyType.TIMESTAMP, Instant.ofEpochSecond(0, 1_500)))
                .hasMessageContaining("milliseconds");
        assertThatThrownBy(() -> KeyCodec.encode(NativeKeyType.ASCII, "caf\u00e9")).hasMessageContaining("U+00E9");
        assertThatThrownBy(() -> KeyCodec.encode(NativeKeyType.INT, null)).hasMessageContaining("cannot be null");
        assertThatThrownBy(() -> KeyCodec.encode(KeyType.frozenList(NativeKeyType.INT), Arrays.asList(1, null)))
                .hasMessageContaining("cannot be null");
    }

    @Test
    void truncatedOrOverlongKeysAreRefused() {
        byte[] key = KeyCodec.encode(NativeKeyType.TEXT, "abc");

        assertThatThrownBy(() -> KeyCodec.decode(NativeKeyType.TEXT, Arrays.copyOf(key, key.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in the middle of a value");
        assertThatThrownBy(() -> KeyCodec.decode(NativeKeyType.TEXT, Arrays.copyOf(key, key.length + 2)))
                .hasMessageContaining("2 bytes follow");
        assertThatThrownBy(() -> KeyCodec.decode(NativeKeyType.BOOLEAN, new byte[] {7}))
                .hasMessageContaining("not a boolean");
    }

    @Test
    void malformedFormPartsOfNumbersAreRefused() {
        byte[] varint = KeyCodec.encode(NativeKeyType.VARINT, java.math.BigInteger.valueOf(5));
        byte[] longCountOfFive = Arrays.copyOf(varint, varint.length + 4);
        longCountOfFive[varint.length - 1] = (byte) 0xFF;
        longCountOfFive[varint.length + 3] = 5;
        assertThatThrownBy(() -> KeyCodec.decode(NativeKeyType.VARINT, longCountOfFive))
                .hasMessageContaining("count 5 in its long form");
        assertThatThrownBy(() -> KeyCodec.decode(NativeKeyType.VARINT, Arrays.copyOf(varint, varint.length - 1)))
                .hasMessageContaining("in the middle of a value");

        byte[] nan = KeyCodec.encode(NativeKeyType.FLOAT, Float.NaN);
        byte[] nanWithNumberBits = Arrays.copyOf(nan, nan.length);
        nanWithNumberBits[4] = 0x3F;
        nanWithNumberBits[5] = (byte) 0x80;
        nanWithNumberBits[6] = 0;
        nanWithNumberBits[7] = 0;
        assertThatThrownBy(() -> KeyCodec.decode(NativeKeyType.FLOAT, nanWithNumberBits))
                .hasMessageContaining("NaN followed by the bits of a number");
    }

    @Test
    void serializedValuesAreReadBetweenPositionAndLimitWhateverTheBufferKind() {
        UUID uuid = new UUID(0x0123_4567_89ab_1defL, 0xfedc_ba98_7654_3210L);
        byte[] expected = KeyCodec.encode(NativeKeyType.TIMEUUID, uuid);
        ByteBuffer direct = ByteBuffer.allocateDirect(20).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(new byte[] {9, 9});
        direct.put(HexFormat.of().parseHex("0123456789ab1deffedcba9876543210"));
        direct.flip().position(2);

        ByteSink sink = new ByteSink();
        KeyCodec.encodeSerialized(NativeKeyType.TIMEUUID, direct, KeyOrder.ASCENDING, sink);

        assertThat(sink.toByteArray()).isEqualTo(expected);
        assertThat(direct.position()).isEqualTo(2);
    }

    private static void assertSerializedRefused(KeyType type, String hex, String reason) {
        ByteSink sink = new ByteSink();
        assertThatThrownBy(() -> KeyCodec.encodeSerialized(type, ByteBuffer.wrap(HexFormat.of().parseHex(hex)), KeyOrder.ASCENDING, sink))
                .as("%s from 0x%s", type.cqlName(), hex)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
        assertThat(sink.size()).isZero();
    }
}
