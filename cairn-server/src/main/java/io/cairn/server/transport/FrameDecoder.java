package io.cairn.server.transport;

import io.cairn.protocol.ProtocolException;
import io.cairn.protocol.frame.Envelope;
import io.cairn.protocol.frame.EnvelopeCodec;
import io.cairn.protocol.frame.SegmentCodec;
import io.cairn.protocol.frame.UnsupportedVersionException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Turns a connection's bytes into envelopes: directly while the connection speaks plain
 * envelopes, and through v5 segments once {@link WireState#segments} is set. Decoding errors
 * are passed on as messages (not exceptions) so the connection can answer them on the right
 * stream; after a fatal one nothing more is read.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private final EnvelopeCodec envelopes;
    private final WireState wire;
    private ByteBuf segmentPayloads;
    private boolean failed;

    FrameDecoder(EnvelopeCodec envelopes, WireState wire) {
        this.envelopes = envelopes;
        this.wire = wire;
    }

    /** A decoding failure, passed down the pipeline to be answered. */
    record Failure(RuntimeException error) {
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (wire.isSegmented()) {
                readSegments(context, in);
                decodeEnvelopes(context, segmentPayloads, out);
            } else {
                decodeEnvelopes(context, in, out);
            }
        } catch (UnsupportedVersionException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            out.add(new Failure(e));
        } catch (ProtocolException e) {
            failed = e.isFatal();
            if (failed) {
                // Nothing after a fatal error is read; a decoder must consume what it answers for.
                in.skipBytes(in.readableBytes());
            }
            out.add(new Failure(e));
        }
    }

    private void readSegments(ChannelHandlerContext context, ByteBuf in) {
        if (segmentPayloads == null) {
            segmentPayloads = context.alloc().buffer();
        }
        for (SegmentCodec.Segment segment = wire.segments.decode(in, context.alloc()); segment != null;
             segment = wire.segments.decode(in, context.alloc())) {
            try {
                if (segmentPayloads.readableBytes() + segment.payload().readableBytes() > envelopes.maxBodyBytes()
                        + Envelope.HEADER_BYTES) {
                    throw new ProtocolException("Request is too big: segments exceed the maximum allowed length "
                            + envelopes.maxBodyBytes(), ProtocolException.NO_STREAM, true);
                }
                segmentPayloads.writeBytes(segment.payload());
            } finally {
                segment.payload().release();
            }
        }
    }

    /**
     * Decodes the envelopes that have arrived. Plain envelopes are decoded one per call: a
     * STARTUP may switch the framing, and the pipeline handles each envelope before this
     * decoder runs again while bytes remain. Inside segments (after the handshake) every
     * complete envelope is decoded at once, since the socket buffer may already be empty.
     */
    private void decodeEnvelopes(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        boolean segmented = in == segmentPayloads;
        Envelope envelope;
        do {
            envelope = envelopes.decode(in, wire.version, wire.compression, context.alloc());
            if (envelope != null) {
                if (wire.version == null) {
                    wire.version = envelope.version();
                }
                out.add(envelope);
            }
        } while (segmented && envelope != null);
        if (segmented) {
            segmentPayloads.discardSomeReadBytes();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext context) {
        if (segmentPayloads != null) {
            segmentPayloads.release();
            segmentPayloads = null;
        }
    }
}
