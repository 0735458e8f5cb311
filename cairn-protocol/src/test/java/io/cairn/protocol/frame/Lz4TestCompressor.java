package io.cairn.protocol.frame;

import com.datastax.oss.protocol.internal.Compressor;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import net.jpountz.lz4.LZ4Factory;

import java.nio.ByteBuffer;

/** LZ4 for the native-protocol library in tests, as the Java driver wires it: raw blocks for v5 segments. */
public final class Lz4TestCompressor implements Compressor<ByteBuf> {

    private final ByteBufAllocator allocator;
    private final LZ4Factory lz4 = LZ4Factory.fastestInstance();

    public Lz4TestCompressor(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public String algorithm() {
        return "lz4";
    }

    @Override
    public ByteBuf compress(ByteBuf uncompressed) {
        ByteBuf block = compressWithoutLength(uncompressed);
        ByteBuf out = allocator.buffer(4 + block.readableBytes());
        out.writeInt(uncompressed.readableBytes());
        out.writeBytes(block);
        block.release();
        return out;
    }

    @Override
    public ByteBuf decompress(ByteBuf compressed) {
        int length = compressed.readInt();
        return decompressWithoutLength(compressed, length);
    }

    @Override
    public ByteBuf compressWithoutLength(ByteBuf uncompressed) {
        ByteBuffer input = uncompressed.nioBuffer();
        byte[] out = new byte[lz4.fastCompressor().maxCompressedLength(input.remaining())];
        int written = lz4.fastCompressor().compress(input, input.position(), input.remaining(), ByteBuffer.wrap(out), 0,
                out.length);
        return allocator.buffer(written).writeBytes(out, 0, written);
    }

    @Override
    public ByteBuf decompressWithoutLength(ByteBuf compressed, int uncompressedLength) {
        byte[] out = new byte[uncompressedLength];
        ByteBuffer input = compressed.nioBuffer();
        lz4.fastDecompressor().decompress(input, input.position(), ByteBuffer.wrap(out), 0, uncompressedLength);
        compressed.skipBytes(compressed.readableBytes());
        return allocator.buffer(uncompressedLength).writeBytes(out);
    }
}
