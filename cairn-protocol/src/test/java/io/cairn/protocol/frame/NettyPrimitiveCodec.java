package io.cairn.protocol.frame;

import com.datastax.oss.protocol.internal.PrimitiveCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Lets the DataStax native-protocol library (what the Java driver 4 encodes and decodes with)
 * work on Netty buffers, so tests can check Cairn's codecs against a driver's view of the wire.
 */
public final class NettyPrimitiveCodec implements PrimitiveCodec<ByteBuf> {

    private final ByteBufAllocator allocator;

    public NettyPrimitiveCodec(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public ByteBuf allocate(int size) {
        return allocator.buffer(size, size);
    }

    @Override
    public void release(ByteBuf buffer) {
        buffer.release();
    }

    @Override
    public int sizeOf(ByteBuf buffer) {
        return buffer.readableBytes();
    }

    @Override
    public ByteBuf concat(ByteBuf left, ByteBuf right) {
        CompositeByteBuf composite = allocator.compositeBuffer(2);
        composite.addComponents(true, left, right);
        return composite;
    }

    @Override
    public void markReaderIndex(ByteBuf buffer) {
        buffer.markReaderIndex();
    }

    @Override
    public void resetReaderIndex(ByteBuf buffer) {
        buffer.resetReaderIndex();
    }

    @Override
    public byte readByte(ByteBuf buffer) {
        return buffer.readByte();
    }

    @Override
    public int readInt(ByteBuf buffer) {
        return buffer.readInt();
    }

    @Override
    public int readInt(ByteBuf buffer, int offset) {
        return buffer.getInt(buffer.readerIndex() + offset);
    }

    @Override
    public InetAddress readInetAddr(ByteBuf buffer) {
        byte[] address = new byte[buffer.readUnsignedByte()];
        buffer.readBytes(address);
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public long readLong(ByteBuf buffer) {
        return buffer.readLong();
    }

    @Override
    public int readUnsignedShort(ByteBuf buffer) {
        return buffer.readUnsignedShort();
    }

    @Override
    public ByteBuffer readBytes(ByteBuf buffer) {
        int length = buffer.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buffer.readBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public byte[] readShortBytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readUnsignedShort()];
        buffer.readBytes(bytes);
        return bytes;
    }

    @Override
    public String readString(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readUnsignedShort()];
        buffer.readBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String readLongString(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readInt()];
        buffer.readBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public ByteBuf readRetainedSlice(ByteBuf buffer, int length) {
        return buffer.readRetainedSlice(length);
    }

    @Override
    public void updateCrc(ByteBuf buffer, CRC32 crc) {
        crc.update(buffer.nioBuffer());
    }

    @Override
    public void writeByte(byte value, ByteBuf buffer) {
        buffer.writeByte(value);
    }

    @Override
    public void writeInt(int value, ByteBuf buffer) {
        buffer.writeInt(value);
    }

    @Override
    public void writeInetAddr(InetAddress address, ByteBuf buffer) {
        byte[] bytes = address.getAddress();
        buffer.writeByte(bytes.length);
        buffer.writeBytes(bytes);
    }

    @Override
    public void writeLong(long value, ByteBuf buffer) {
        buffer.writeLong(value);
    }

    @Override
    public void writeUnsignedShort(int value, ByteBuf buffer) {
        buffer.writeShort(value);
    }

    @Override
    public void writeString(String value, ByteBuf buffer) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.writeShort(bytes.length);
        buffer.writeBytes(bytes);
    }

    @Override
    public void writeLongString(String value, ByteBuf buffer) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.writeInt(bytes.length);
        buffer.writeBytes(bytes);
    }

    @Override
    public void writeBytes(ByteBuffer value, ByteBuf buffer) {
        if (value == null) {
            buffer.writeInt(-1);
        } else {
            buffer.writeInt(value.remaining());
            buffer.writeBytes(value.duplicate());
        }
    }

    @Override
    public void writeBytes(byte[] value, ByteBuf buffer) {
        if (value == null) {
            buffer.writeInt(-1);
        } else {
            buffer.writeInt(value.length);
            buffer.writeBytes(value);
        }
    }

    @Override
    public void writeShortBytes(byte[] value, ByteBuf buffer) {
        buffer.writeShort(value.length);
        buffer.writeBytes(value);
    }
}
