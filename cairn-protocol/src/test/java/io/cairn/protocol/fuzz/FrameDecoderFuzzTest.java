package io.cairn.protocol.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.protocol.ProtocolException;
import io.cairn.protocol.frame.Compression;
import io.cairn.protocol.frame.Envelope;
import io.cairn.protocol.frame.EnvelopeCodec;
import io.cairn.protocol.frame.SegmentCodec;
import io.cairn.protocol.frame.UnsupportedVersionException;
import io.cairn.protocol.message.RequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Fuzz target: the native protocol's decoders (v4 envelopes uncompressed or with LZ4 or Snappy,
 * v5 segments with or without LZ4, and the requests in them) take any bytes a client sends.
 * The only failures allowed are the protocol's own errors ({@link ProtocolException} and
 * {@link UnsupportedVersionException}, which the server answers and, when fatal, closes the
 * connection on); anything else, a hang or running
 * out of memory is a bug. The seed corpus is replayed by every build; {@code JAZZER_FUZZ=1}
 * fuzzes.
 */
class FrameDecoderFuzzTest {

    /** As a node's default, so that a claimed size past it is refused and never allocated. */
    private static final int MAX_BODY_BYTES = 16 << 20;

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void decodesAnyBytes(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 4);
        byte[] bytes = data.consumeRemainingAsBytes();
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
        EnvelopeCodec envelopes = new EnvelopeCodec(MAX_BODY_BYTES, true);
        try {
            if (mode >= 3) {
                SegmentCodec segments = new SegmentCodec(mode == 4);
                ByteBuf payloads = Unpooled.buffer();
                try {
                    for (SegmentCodec.Segment segment = segments.decode(in, allocator); segment != null;
                         segment = segments.decode(in, allocator)) {
                        try {
                            payloads.writeBytes(segment.payload());
                        } finally {
                            segment.payload().release();
                        }
                    }
                    decodeEnvelopes(envelopes, payloads, Compression.NONE, allocator);
                } finally {
                    payloads.release();
                }
            } else {
                Compression compression = mode == 0 ? Compression.NONE : mode == 1 ? Compression.LZ4
                        : Compression.SNAPPY;
                decodeEnvelopes(envelopes, in, compression, allocator);
            }
        } catch (ProtocolException | UnsupportedVersionException expected) {
            // The protocol's errors: answered to the client.
        }
    }

    private static void decodeEnvelopes(EnvelopeCodec envelopes, ByteBuf in, Compression compression,
                                        ByteBufAllocator allocator) {
        for (Envelope envelope = envelopes.decode(in, null, compression, allocator); envelope != null;
             envelope = envelopes.decode(in, envelope.version(), compression, allocator)) {
            try {
                new RequestDecoder(envelope.version()).decode(envelope.opcode(), envelope.body());
            } catch (ProtocolException answered) {
                // A request the server answers with an error; the connection goes on.
            } finally {
                envelope.body().release();
            }
        }
    }
}
