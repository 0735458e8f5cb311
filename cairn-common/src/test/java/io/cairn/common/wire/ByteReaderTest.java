package io.cairn.common.wire;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a reader refuses, and how it says so. */
class ByteReaderTest {

    @Test
    void everyPrimitiveReadsBackWhatWasWritten() {
        UUID id = new UUID(0x0123_4567_89AB_CDEFL, -2L);
        byte[] bytes = new ByteWriter(0).writeByte(-3).writeBoolean(true).writeBoolean(false).writeInt(-123_456)
                .writeLong(Long.MIN_VALUE + 7).writeBytes(new byte[] {1, 2, 3}).writeNullableBytes(null)
                .writeString("héllo ✓").writeUuid(id).writeRaw(new byte[] {9, 8}).toByteArray();
        ByteReader in = new ByteReader(bytes, "test message");
        assertThat(in.readByte()).isEqualTo((byte) -3);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readBoolean()).isFalse();
        assertThat(in.readInt()).isEqualTo(-123_456);
        assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE + 7);
        assertThat(in.readBytes()).containsExactly(1, 2, 3);
        assertThat(in.readNullableBytes()).isNull();
        assertThat(in.readString()).isEqualTo("héllo ✓");
        assertThat(in.readUuid()).isEqualTo(id);
        assertThat(in.readRaw(2)).containsExactly(9, 8);
        in.expectEnd();
    }

    @Test
    void aTruncatedIntSaysWhatWasExpectedWhereAndHowManyBytesWereLeft() {
        ByteReader in = new ByteReader(new byte[] {0, 0, 0, 1, 7, 7}, "gossip SYN");
        in.readInt();
        assertThatThrownBy(in::readInt).isInstanceOf(MalformedMessageException.class)
                .hasMessage("Malformed gossip SYN: expected an int (4 bytes) at offset 4 (2 bytes left)");
    }

    @Test
    void aLengthPastTheEndIsRefusedBeforeAllocating() {
        byte[] bytes = new ByteWriter().writeInt(1_000_000).toByteArray();
        assertThatThrownBy(() -> new ByteReader(bytes, "blob").readBytes())
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("Malformed blob: expected 1000000 bytes after the length prefix at offset 0 (4 bytes left)");
    }

    @Test
    void aLengthAboveTheNamedMaximumIsRefusedEvenWhenTheBytesArePresent() {
        byte[] bytes = new ByteWriter().writeBytes(new byte[100]).toByteArray();
        assertThatThrownBy(() -> new ByteReader(bytes).readBytes(99))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("expected a length between 0 and 99, found length 100");
        assertThat(new ByteReader(bytes).readBytes(100)).hasSize(100);
    }

    @Test
    void aNegativeLengthOtherThanTheAbsentMarkerIsRefused() {
        byte[] bytes = new ByteWriter().writeInt(-2).toByteArray();
        assertThatThrownBy(() -> new ByteReader(bytes).readNullableBytes())
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("found length -2");
    }

    @Test
    void theAbsentMarkerIsRefusedWhereBytesAreRequired() {
        byte[] bytes = new ByteWriter().writeNullableBytes(null).toByteArray();
        assertThatThrownBy(() -> new ByteReader(bytes).readBytes())
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("absent");
        assertThatThrownBy(() -> new ByteReader(bytes).readString())
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("absent");
    }

    @Test
    void aCountTheRemainingBytesCannotHoldIsRefused() {
        byte[] bytes = new ByteWriter().writeInt(3).writeLong(0).toByteArray();
        assertThatThrownBy(() -> new ByteReader(bytes).readCount(4, 1000))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("expected 3 items of at least 4 bytes each");
        assertThat(new ByteReader(bytes).readCount(2, 1000)).isEqualTo(3);
        assertThatThrownBy(() -> new ByteReader(bytes).readCount(1, 2))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("expected a count between 0 and 2, found count 3");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bytes = new ByteWriter().writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28}).toByteArray();
        assertThatThrownBy(() -> new ByteReader(bytes).readString())
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("invalid UTF-8");
    }

    @Test
    void aBooleanIsZeroOrOne() {
        assertThatThrownBy(() -> new ByteReader(new byte[] {2}).readBoolean())
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("found 2");
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThat(new ByteReader(new byte[] {1}).readVersion(1)).isEqualTo(1);
        assertThatThrownBy(() -> new ByteReader(new byte[] {(byte) 200}, "gossip ACK").readVersion(1))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("Malformed gossip ACK: expected version 1, found version 200 at offset 0 (1 byte left)");
    }

    @Test
    void trailingBytesAreRefused() {
        ByteReader in = new ByteReader(new byte[] {0, 0, 0, 5, 1}, "test message");
        in.readInt();
        assertThatThrownBy(in::expectEnd).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("found 1 byte trailing");
    }

    @Test
    void theWriterGrowsPastItsInitialCapacity() {
        ByteWriter out = new ByteWriter(1);
        for (int i = 0; i < 10_000; i++) {
            out.writeInt(i);
        }
        assertThat(out.size()).isEqualTo(40_000);
        ByteReader in = new ByteReader(out.toByteArray());
        for (int i = 0; i < 10_000; i++) {
            assertThat(in.readInt()).isEqualTo(i);
        }
        in.expectEnd();
    }
}
