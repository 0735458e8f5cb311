package io.cairn.protocol.frame;

import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.Segment;
import io.cairn.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** v5 segments as the Java driver's codec library writes and reads them. */
class SegmentCodecTest {

    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private final NettyPrimitiveCodec primitives = new NettyPrimitiveCodec(allocator);

    private com.datastax.oss.protocol.internal.SegmentCodec<ByteBuf> driverCodec(boolean lz4) {
        Compressor<ByteBuf> compressor = lz4 ? new Lz4TestCompressor(allocator) : Compressor.none();
        return new com.datastax.oss.protocol.internal.SegmentCodec<>(primitives, compressor);
    }

    private static ByteBuf payload(int size, boolean compressible) {
        byte[] bytes = new byte[size];
        if (compressible) {
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) ("SELECT * FROM t WHERE k = ?".charAt(i % 27));
            }
        } else {
            new Random(size).nextBytes(bytes);
        }
        return Unpooled.wrappedBuffer(bytes);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDriverReadsOurSegments(boolean lz4) throws Exception {
        for (boolean compressible : new boolean[] {true, false}) {
            ByteBuf envelopes = payload(1000, compressible);
            ByteBuf wire = Unpooled.buffer();
            new SegmentCodec(lz4).encode(envelopes, wire, allocator);

            var driver = driverCodec(lz4);
            var header = driver.decodeHeader(wire);
            Segment<ByteBuf> segment = driver.decode(header, wire);

            assertThat(segment.isSelfContained).isTrue();
            assertThat(ByteBufUtilBytes.of(segment.payload)).isEqualTo(ByteBufUtilBytes.of(envelopes));
            assertThat(wire.readableBytes()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void weReadTheDriversSegments(boolean lz4) throws Exception {
        for (boolean compressible : new boolean[] {true, false}) {
            ByteBuf envelopes = payload(5000, compressible);
            List<Object> parts = new ArrayList<>();
            driverCodec(lz4).encode(new Segment<>(envelopes.retainedDuplicate(), true), parts);
            ByteBuf wire = Unpooled.buffer();
            parts.forEach(part -> wire.writeBytes((ByteBuf) part));

            SegmentCodec.Segment segment = new SegmentCodec(lz4).decode(wire, allocator);

            assertThat(segment.selfContained()).isTrue();
            assertThat(ByteBufUtilBytes.of(segment.payload())).isEqualTo(ByteBufUtilBytes.of(envelopes));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aLargeEnvelopeIsCutIntoSlicesThatReassemble(boolean lz4) {
        ByteBuf envelopes = payload(SegmentCodec.MAX_PAYLOAD_BYTES * 2 + 17, false);
        ByteBuf wire = Unpooled.buffer();
        SegmentCodec codec = new SegmentCodec(lz4);
        codec.encode(envelopes, wire, allocator);

        ByteBuf reassembled = Unpooled.buffer();
        int segments = 0;
        for (SegmentCodec.Segment segment = codec.decode(wire, allocator); segment != null;
             segment = codec.decode(wire, allocator)) {
            assertThat(segment.selfContained()).isFalse();
            reassembled.writeBytes(segment.payload());
            segments++;
        }

        assertThat(segments).isEqualTo(3);
        assertThat(ByteBufUtilBytes.of(reassembled)).isEqualTo(ByteBufUtilBytes.of(envelopes));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPartlyArrivedSegmentWaitsForTheRest(boolean lz4) {
        ByteBuf wire = Unpooled.buffer();
        new SegmentCodec(lz4).encode(payload(300, true), wire, allocator);
        ByteBuf first = wire.readRetainedSlice(wire.readableBytes() - 1);

        assertThat(new SegmentCodec(lz4).decode(first, allocator)).isNull();
        assertThat(first.readerIndex()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 5, 40, 300})
    void aDamagedByteIsAFatalChecksumError(int position) {
        ByteBuf wire = Unpooled.buffer();
        new SegmentCodec(false).encode(payload(300, true), wire, allocator);
        wire.setByte(position, wire.getByte(position) ^ 0x10);

        assertThatThrownBy(() -> new SegmentCodec(false).decode(wire, allocator))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.isFatal()).isTrue())
                .hasMessageContaining("mismatch");
    }

    /** Copies a buffer's readable bytes. */
    static final class ByteBufUtilBytes {
        static byte[] of(ByteBuf buffer) {
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.getBytes(buffer.readerIndex(), bytes);
            return bytes;
        }
    }
}
