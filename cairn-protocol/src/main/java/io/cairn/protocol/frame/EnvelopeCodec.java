package io.cairn.protocol.frame;

import io.cairn.protocol.Opcode;
import io.cairn.protocol.ProtocolException;
import io.cairn.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Reads and writes envelopes (native_protocol_v5 §2.4): a 9-byte header — version with the
 * direction bit, flags, a signed 16-bit stream id, opcode, body length — then the body.
 *
 * <p>Decoding is incremental: {@link #decode} returns null until a whole envelope has arrived.
 * A body longer than {@code maxBodyBytes} is refused from its header alone, before any of it
 * is buffered.
 */
public final class EnvelopeCodec {

    /** Cassandra's default native_transport_max_frame_size: 256 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;

    private final int maxBodyBytes;
    private final boolean decodesRequests;

    /**
     * @param maxBodyBytes    the largest body accepted
     * @param decodesRequests true on the server side (incoming envelopes must be requests),
     *                        false on the client side
     */
    public EnvelopeCodec(int maxBodyBytes, boolean decodesRequests) {
        this.maxBodyBytes = maxBodyBytes;
        this.decodesRequests = decodesRequests;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Decodes one envelope from the front of {@code in}, or returns null (consuming nothing)
     * when it has not fully arrived. The body is decompressed when flagged and
     * {@code compression} is not NONE.
     *
     * @param expected the connection's version, or null before its first message
     * @throws UnsupportedVersionException on a version Cairn does not speak
     * @throws ProtocolException           on a malformed header; fatal when the stream can no
     *                                     longer be trusted (oversized length, wrong version)
     */
    public Envelope decode(ByteBuf in, ProtocolVersion expected, Compression compression, ByteBufAllocator allocator) {
        if (in.readableBytes() < Envelope.HEADER_BYTES) {
            return null;
        }
        int start = in.readerIndex();
        int versionByte = in.getUnsignedByte(start);
        int flags = in.getUnsignedByte(start + 1);
        int streamId = in.getShort(start + 2);
        int opcodeCode = in.getUnsignedByte(start + 4);
        long length = in.getUnsignedInt(start + 5);

        boolean isResponse = (versionByte & Envelope.RESPONSE_BIT) != 0;
        ProtocolVersion version = ProtocolVersion.of(versionByte & 0x7F);
        if (version == null) {
            throw new UnsupportedVersionException(versionByte & 0x7F, streamId);
        }
        if (expected != null && version != expected) {
            throw new ProtocolException("Invalid message version. Got " + version.number() + " but previous messages on "
                    + "this connection had version " + expected.number(), streamId, true);
        }
        if (isResponse == decodesRequests) {
            throw new ProtocolException("Wrong message direction: expected a " + (decodesRequests ? "request" : "response"),
                    streamId, true);
        }
        if (length > maxBodyBytes) {
            throw new ProtocolException("Request is too big: length " + length + " exceeds maximum allowed length "
                    + maxBodyBytes, streamId, true);
        }
        if (in.readableBytes() < Envelope.HEADER_BYTES + length) {
            return null;
        }
        in.skipBytes(Envelope.HEADER_BYTES);
        ByteBuf body = in.readSlice((int) length);
        Opcode opcode = Opcode.of(opcodeCode);
        if (opcode == null) {
            throw new ProtocolException("Unknown opcode " + opcodeCode, streamId, false);
        }
        boolean compressed = (flags & Envelope.FLAG_COMPRESSED) != 0 && compression != Compression.NONE
                && version == ProtocolVersion.V4;
        ByteBuf decoded;
        try {
            decoded = compressed ? compression.decompressBody(allocator, body, maxBodyBytes) : body.retain();
        } catch (ProtocolException e) {
            throw e.onStream(streamId);
        }
        return new Envelope(version, flags & ~Envelope.FLAG_COMPRESSED, streamId, opcode, decoded);
    }

    /**
     * Writes an envelope, compressing its body for v4 when {@code compression} is set.
     * The envelope's body is not released.
     */
    public ByteBuf encode(Envelope envelope, boolean isResponse, Compression compression, ByteBufAllocator allocator) {
        ByteBuf body = envelope.body();
        int flags = envelope.flags();
        boolean compress = compression != Compression.NONE && envelope.version() == ProtocolVersion.V4
                && body.readableBytes() > 0;
        ByteBuf payload = compress ? compression.compressBody(allocator, body) : body.retainedDuplicate();
        if (compress) {
            flags |= Envelope.FLAG_COMPRESSED;
        }
        try {
            ByteBuf out = allocator.buffer(Envelope.HEADER_BYTES + payload.readableBytes());
            out.writeByte(envelope.version().number() | (isResponse ? Envelope.RESPONSE_BIT : 0));
            out.writeByte(flags);
            out.writeShort(envelope.streamId());
            out.writeByte(envelope.opcode().code());
            out.writeInt(payload.readableBytes());
            out.writeBytes(payload);
            return out;
        } finally {
            payload.release();
        }
    }
}
