package io.cairn.protocol.frame;

import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.FrameCodec;
import com.datastax.oss.protocol.internal.request.Query;
import io.cairn.protocol.Opcode;
import io.cairn.protocol.Primitives;
import io.cairn.protocol.ProtocolException;
import io.cairn.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Envelope headers, limits and v4 body compression, including what the driver's codec sends. */
class EnvelopeCodecTest {

    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private final EnvelopeCodec server = new EnvelopeCodec(1024 * 1024, true);

    private static ByteBuf header(int version, int flags, int stream, int opcode, long length) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(version);
        out.writeByte(flags);
        out.writeShort(stream);
        out.writeByte(opcode);
        out.writeInt((int) length);
        return out;
    }

    @Test
    void anEnvelopeWaitsUntilItsWholeBodyHasArrived() {
        ByteBuf wire = header(4, 0, 3, Opcode.OPTIONS.code(), 0);
        ByteBuf partial = header(4, 0, 3, Opcode.QUERY.code(), 10).writeBytes(new byte[4]);

        assertThat(server.decode(wire.slice(0, 8), null, Compression.NONE, allocator)).isNull();
        assertThat(server.decode(partial, null, Compression.NONE, allocator)).isNull();
        assertThat(partial.readerIndex()).isZero();
        Envelope options = server.decode(wire, null, Compression.NONE, allocator);
        assertThat(options.opcode()).isEqualTo(Opcode.OPTIONS);
        assertThat(options.streamId()).isEqualTo(3);
    }

    @Test
    void anUnsupportedVersionIsReportedWithItsStream() {
        assertThatThrownBy(() -> server.decode(header(0x42, 0, 5, Opcode.OPTIONS.code(), 0), null, Compression.NONE,
                allocator))
                .isInstanceOfSatisfying(UnsupportedVersionException.class, e -> {
                    assertThat(e.streamId()).isEqualTo(5);
                    assertThat(e.requestedVersion()).isEqualTo(0x42);
                })
                .hasMessage("Invalid or unsupported protocol version (66); supported versions are (4/v4, 5/v5)");
        assertThatThrownBy(() -> server.decode(header(3, 0, 0, Opcode.OPTIONS.code(), 0), null, Compression.NONE,
                allocator)).isInstanceOf(UnsupportedVersionException.class);
    }

    @Test
    void anOversizedLengthIsRefusedFromTheHeaderAlone() {
        ByteBuf wire = header(4, 0, 1, Opcode.QUERY.code(), 0x7FFF_FFFFL);

        assertThatThrownBy(() -> server.decode(wire, null, Compression.NONE, allocator))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.isFatal()).isTrue();
                    assertThat(e.streamId()).isEqualTo(1);
                })
                .hasMessageContaining("exceeds maximum allowed length");
    }

    @Test
    void aVersionChangeMidConnectionAndAResponseFromAClientAreFatal() {
        assertThatThrownBy(() -> server.decode(header(5, 0, 1, Opcode.OPTIONS.code(), 0), ProtocolVersion.V4,
                Compression.NONE, allocator))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.isFatal()).isTrue());
        assertThatThrownBy(() -> server.decode(header(0x84, 0, 1, Opcode.RESULT.code(), 0), null,
                Compression.NONE, allocator))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.isFatal()).isTrue());
    }

    @Test
    void anUnknownOpcodeIsAnErrorOnItsStreamAndTheBodyIsSkipped() {
        ByteBuf wire = header(4, 0, 12, 0x3F, 3).writeBytes(new byte[3]);
        wire.writeBytes(header(4, 0, 13, Opcode.OPTIONS.code(), 0));

        assertThatThrownBy(() -> server.decode(wire, null, Compression.NONE, allocator))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.isFatal()).isFalse();
                    assertThat(e.streamId()).isEqualTo(12);
                });
        assertThat(server.decode(wire, null, Compression.NONE, allocator).streamId()).isEqualTo(13);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"LZ4", "SNAPPY"})
    void compressedV4BodiesRoundTrip(Compression compression) {
        ByteBuf body = Unpooled.buffer();
        Primitives.writeLongString(body, "SELECT * FROM shop.orders WHERE id = ?".repeat(20));
        Envelope envelope = new Envelope(ProtocolVersion.V4, 0, 4, Opcode.QUERY, body);
        EnvelopeCodec client = new EnvelopeCodec(1024 * 1024, false);

        ByteBuf wire = client.encode(envelope, false, compression, allocator);
        assertThat(wire.getByte(1) & Envelope.FLAG_COMPRESSED).isNotZero();
        assertThat(wire.readableBytes()).isLessThan(Envelope.HEADER_BYTES + body.readableBytes());
        Envelope decoded = server.decode(wire, null, compression, allocator);

        assertThat(Primitives.readLongString(decoded.body())).isEqualTo("SELECT * FROM shop.orders WHERE id = ?".repeat(20));
        assertThat(decoded.hasFlag(Envelope.FLAG_COMPRESSED)).isFalse();
    }

    @Test
    void aCompressedBodyClaimingMoreThanTheLimitIsRefused() {
        ByteBuf body = Unpooled.buffer().writeInt(64 * 1024 * 1024).writeBytes(new byte[] {0x10, 0x41});
        ByteBuf wire = header(4, Envelope.FLAG_COMPRESSED, 2, Opcode.QUERY.code(), body.readableBytes()).writeBytes(body);

        assertThatThrownBy(() -> server.decode(wire, null, Compression.LZ4, allocator))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.streamId()).isEqualTo(2))
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void lz4BodiesFromTheDriverCodecDecode() {
        FrameCodec<ByteBuf> driver = FrameCodec.defaultClient(new NettyPrimitiveCodec(allocator),
                new Lz4TestCompressor(allocator));
        ByteBuf wire = driver.encode(Frame.forRequest(4, 8, false, Map.of(), new Query("SELECT now() FROM system.local")));

        Envelope decoded = server.decode(wire, null, Compression.LZ4, allocator);

        assertThat(decoded.streamId()).isEqualTo(8);
        assertThat(Primitives.readLongString(decoded.body())).isEqualTo("SELECT now() FROM system.local");
    }
}
