package io.cairn.protocol.frame;

import io.cairn.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Body compression negotiated in STARTUP. For v4 it applies to each envelope body
 * (native_protocol_v4 §5: LZ4 bodies start with the uncompressed length as a big-endian
 * [int]; Snappy bodies are raw Snappy); for v5 only LZ4 exists and applies to each segment's
 * payload, with the lengths in the segment header instead.
 */
public enum Compression {
    NONE("none"),
    LZ4("lz4"),
    SNAPPY("snappy");

    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    private static final LZ4Compressor LZ4_COMPRESSOR = FACTORY.fastCompressor();
    private static final LZ4FastDecompressor LZ4_DECOMPRESSOR = FACTORY.fastDecompressor();

    private final String protocolName;

    Compression(String protocolName) {
        this.protocolName = protocolName;
    }

    /** The name used in STARTUP's COMPRESSION option. */
    public String protocolName() {
        return protocolName;
    }

    /** The algorithm for a STARTUP COMPRESSION value (any case), or null when unknown. */
    public static Compression named(String name) {
        for (Compression compression : values()) {
            if (compression != NONE && compression.protocolName.equalsIgnoreCase(name)) {
                return compression;
            }
        }
        return null;
    }

    /** Compresses a v4 envelope body. */
    public ByteBuf compressBody(ByteBufAllocator allocator, ByteBuf body) {
        ByteBuffer input = body.nioBuffer();
        return switch (this) {
            case NONE -> body.retainedDuplicate();
            case LZ4 -> {
                int uncompressed = input.remaining();
                ByteBuf out = allocator.buffer(4 + LZ4_COMPRESSOR.maxCompressedLength(uncompressed));
                out.writeInt(uncompressed);
                ByteBuffer target = out.nioBuffer(4, out.writableBytes() - 4);
                int written = LZ4_COMPRESSOR.compress(input, input.position(), uncompressed, target, target.position(),
                        target.remaining());
                yield out.writerIndex(4 + written);
            }
            case SNAPPY -> {
                try {
                    byte[] raw = new byte[input.remaining()];
                    input.get(raw);
                    yield allocator.buffer().writeBytes(Snappy.compress(raw));
                } catch (IOException e) {
                    throw new IllegalStateException("Snappy compression failed", e);
                }
            }
        };
    }

    /**
     * Decompresses a v4 envelope body.
     *
     * @param maxBytes the largest body accepted after decompression
     * @throws ProtocolException if the body is not valid for the algorithm or too large
     */
    public ByteBuf decompressBody(ByteBufAllocator allocator, ByteBuf body, int maxBytes) {
        return switch (this) {
            case NONE -> body.retainedDuplicate();
            case LZ4 -> {
                if (body.readableBytes() < 4) {
                    throw new ProtocolException("LZ4 body shorter than its length prefix", ProtocolException.NO_STREAM, true);
                }
                int uncompressed = body.getInt(body.readerIndex());
                if (uncompressed < 0 || uncompressed > maxBytes) {
                    throw new ProtocolException("Decompressed body of " + uncompressed + " bytes exceeds the limit of "
                            + maxBytes, ProtocolException.NO_STREAM, true);
                }
                if (uncompressed > maxLz4Expansion(body.readableBytes() - 4)) {
                    throw new ProtocolException("LZ4 body of " + (body.readableBytes() - 4) + " bytes cannot decompress "
                            + "to the " + uncompressed + " bytes it claims", ProtocolException.NO_STREAM, true);
                }
                ByteBuffer input = body.nioBuffer(body.readerIndex() + 4, body.readableBytes() - 4);
                yield lz4Decompress(allocator, input, uncompressed);
            }
            case SNAPPY -> {
                try {
                    byte[] compressed = new byte[body.readableBytes()];
                    body.getBytes(body.readerIndex(), compressed);
                    int length = Snappy.uncompressedLength(compressed);
                    if (length < 0 || length > maxBytes) {
                        throw new ProtocolException("Decompressed body of " + length + " bytes exceeds the limit of "
                                + maxBytes, ProtocolException.NO_STREAM, true);
                    }
                    yield allocator.buffer(length).writeBytes(Snappy.uncompress(compressed));
                } catch (IOException e) {
                    throw new ProtocolException("Invalid Snappy body: " + e.getMessage(), ProtocolException.NO_STREAM, true);
                }
            }
        };
    }

    /**
     * The most bytes an LZ4 block of {@code compressedBytes} can decompress to: a sequence of 255
     * length bytes adds 255 to a match, so no block grows by more than that factor (plus a little).
     * A body claiming more is refused before its buffer is allocated.
     */
    static long maxLz4Expansion(int compressedBytes) {
        return 255L * compressedBytes + 64;
    }

    /** Decompresses a raw LZ4 block of known uncompressed length (v5 segments). */
    static ByteBuf lz4Decompress(ByteBufAllocator allocator, ByteBuffer input, int uncompressedLength) {
        ByteBuf out = allocator.buffer(uncompressedLength);
        try {
            ByteBuffer target = out.nioBuffer(0, uncompressedLength);
            int read = LZ4_DECOMPRESSOR.decompress(input, input.position(), target, target.position(), uncompressedLength);
            if (read != input.remaining()) {
                throw new ProtocolException("LZ4 block has " + (input.remaining() - read) + " trailing bytes",
                        ProtocolException.NO_STREAM, true);
            }
            return out.writerIndex(uncompressedLength);
        } catch (LZ4Exception | IndexOutOfBoundsException e) {
            out.release();
            throw new ProtocolException("Invalid LZ4 data: " + e.getMessage(), ProtocolException.NO_STREAM, true);
        } catch (ProtocolException e) {
            out.release();
            throw e;
        }
    }

    /** Compresses into a raw LZ4 block (v5 segments); returns the compressed bytes. */
    static ByteBuf lz4Compress(ByteBufAllocator allocator, ByteBuffer input) {
        int length = input.remaining();
        ByteBuf out = allocator.buffer(LZ4_COMPRESSOR.maxCompressedLength(length));
        ByteBuffer target = out.nioBuffer(0, out.capacity());
        int written = LZ4_COMPRESSOR.compress(input, input.position(), length, target, 0, target.remaining());
        return out.writerIndex(written);
    }
}
