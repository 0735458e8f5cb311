package io.cairn.protocol.frame;

import io.cairn.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * v5 segments (native_protocol_v5 §2): after the handshake every envelope travels inside
 * checksummed segments. Header and trailer integers are little-endian.
 *
 * <pre>
 * uncompressed: header(3) = payloadLength(17 bits) | selfContained(1 bit) ; crc24(3) ; payload ; crc32(4)
 * lz4:          header(5) = compressedLength(17) | uncompressedLength(17) | selfContained(1) ; crc24(3) ; payload ; crc32(4)
 * </pre>
 *
 * A self-contained segment holds one or more whole envelopes; a larger envelope is cut into
 * consecutive segments that are not self-contained. In an LZ4 segment an uncompressed length
 * of 0 means the payload was sent as is because compressing did not shrink it. A checksum
 * mismatch is fatal: the connection's byte stream can no longer be trusted.
 */
public final class SegmentCodec {

    /** The largest payload one segment carries: 2^17 - 1 bytes. */
    public static final int MAX_PAYLOAD_BYTES = (1 << 17) - 1;

    private static final int CRC24_BYTES = 3;
    private static final int CRC32_BYTES = 4;

    private final boolean compressed;

    /** @param compressed whether LZ4 was negotiated for the connection */
    public SegmentCodec(boolean compressed) {
        this.compressed = compressed;
    }

    private int headerBytes() {
        return compressed ? 5 : 3;
    }

    /** A decoded segment: its payload (retained, to be released by the receiver) and whether it is self-contained. */
    public record Segment(ByteBuf payload, boolean selfContained) {
    }

    /**
     * Writes {@code envelopes} (one or more whole encoded envelopes) as segments into {@code out}:
     * one self-contained segment when they fit, else consecutive slices.
     */
    public void encode(ByteBuf envelopes, ByteBuf out, ByteBufAllocator allocator) {
        int total = envelopes.readableBytes();
        boolean selfContained = total <= MAX_PAYLOAD_BYTES;
        int offset = envelopes.readerIndex();
        int end = offset + total;
        do {
            int length = Math.min(MAX_PAYLOAD_BYTES, end - offset);
            writeSegment(envelopes.slice(offset, length), selfContained, out, allocator);
            offset += length;
        } while (offset < end);
    }

    private void writeSegment(ByteBuf payload, boolean selfContained, ByteBuf out, ByteBufAllocator allocator) {
        if (!compressed) {
            long header = payload.readableBytes() | (selfContained ? 1L << 17 : 0);
            writeLittleEndian(out, header, 3);
            writeLittleEndian(out, Crc.crc24(header, 3), CRC24_BYTES);
            out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
            writeLittleEndian(out, Crc.crc32(payload), CRC32_BYTES);
            return;
        }
        ByteBuf packed = Compression.lz4Compress(allocator, payload.nioBuffer());
        try {
            boolean shrank = packed.readableBytes() < payload.readableBytes();
            ByteBuf sent = shrank ? packed : payload;
            long uncompressedLength = shrank ? payload.readableBytes() : 0;
            long header = sent.readableBytes() | (uncompressedLength << 17) | (selfContained ? 1L << 34 : 0);
            writeLittleEndian(out, header, 5);
            writeLittleEndian(out, Crc.crc24(header, 5), CRC24_BYTES);
            out.writeBytes(sent, sent.readerIndex(), sent.readableBytes());
            writeLittleEndian(out, Crc.crc32(sent), CRC32_BYTES);
        } finally {
            packed.release();
        }
    }

    /**
     * Decodes one segment from the front of {@code in}, or returns null (consuming nothing) when
     * it has not fully arrived.
     *
     * @throws ProtocolException (fatal) on a checksum mismatch or an impossible length
     */
    public Segment decode(ByteBuf in, ByteBufAllocator allocator) {
        int headerBytes = headerBytes();
        if (in.readableBytes() < headerBytes + CRC24_BYTES) {
            return null;
        }
        int start = in.readerIndex();
        long header = readLittleEndian(in, start, headerBytes);
        int expectedCrc24 = (int) readLittleEndian(in, start + headerBytes, CRC24_BYTES);
        if (Crc.crc24(header, headerBytes) != expectedCrc24) {
            throw new ProtocolException("Segment header CRC24 mismatch", ProtocolException.NO_STREAM, true);
        }
        int payloadLength = (int) (header & MAX_PAYLOAD_BYTES);
        int uncompressedLength = compressed ? (int) ((header >>> 17) & MAX_PAYLOAD_BYTES) : 0;
        boolean selfContained = ((header >>> (compressed ? 34 : 17)) & 1) == 1;
        int segmentBytes = headerBytes + CRC24_BYTES + payloadLength + CRC32_BYTES;
        if (in.readableBytes() < segmentBytes) {
            return null;
        }
        ByteBuf payload = in.slice(start + headerBytes + CRC24_BYTES, payloadLength);
        int expectedCrc32 = (int) readLittleEndian(in, start + headerBytes + CRC24_BYTES + payloadLength, CRC32_BYTES);
        if (Crc.crc32(payload) != expectedCrc32) {
            throw new ProtocolException("Segment payload CRC32 mismatch", ProtocolException.NO_STREAM, true);
        }
        in.skipBytes(segmentBytes);
        if (compressed && uncompressedLength != 0) {
            return new Segment(Compression.lz4Decompress(allocator, payload.nioBuffer(), uncompressedLength),
                    selfContained);
        }
        return new Segment(payload.retain(), selfContained);
    }

    private static void writeLittleEndian(ByteBuf out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.writeByte((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    private static long readLittleEndian(ByteBuf in, int at, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (long) in.getUnsignedByte(at + i) << (8 * i);
        }
        return value;
    }
}
