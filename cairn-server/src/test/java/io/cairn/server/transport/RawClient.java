package io.cairn.server.transport;

import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.FrameCodec;
import com.datastax.oss.protocol.internal.Message;
import com.datastax.oss.protocol.internal.Segment;
import com.datastax.oss.protocol.internal.SegmentCodec;
import io.cairn.protocol.frame.NettyPrimitiveCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A blocking test client that speaks through the Java driver's codec library: envelopes for
 * v4 and the handshake, v5 segments after READY when {@link #useSegments()} is called.
 */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private final NettyPrimitiveCodec primitives = new NettyPrimitiveCodec(allocator);
    private final FrameCodec<ByteBuf> frames;
    private final ByteBuf received = Unpooled.buffer();
    private final ByteBuf envelopes = Unpooled.buffer();
    private SegmentCodec<ByteBuf> segments;

    RawClient(InetSocketAddress server, Compressor<ByteBuf> compressor) throws IOException {
        this(server, compressor, null);
    }

    /** A client whose connection leaves from {@code local} (an address of this machine), or any when null. */
    RawClient(InetSocketAddress server, Compressor<ByteBuf> compressor, java.net.InetAddress local) throws IOException {
        socket = local == null ? new Socket(server.getAddress(), server.getPort())
                : new Socket(server.getAddress(), server.getPort(), local, 0);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        frames = FrameCodec.defaultClient(primitives, compressor);
    }

    public RawClient(InetSocketAddress server) throws IOException {
        this(server, Compressor.none());
    }

    void useSegments(Compressor<ByteBuf> compressor) {
        segments = new SegmentCodec<>(primitives, compressor);
    }

    public void send(int version, int stream, Message message) throws IOException {
        ByteBuf frame = frames.encode(Frame.forRequest(version, stream, false, Map.of(), message));
        if (segments != null) {
            List<Object> parts = new ArrayList<>();
            segments.encode(new Segment<>(frame, true), parts);
            ByteBuf wire = Unpooled.buffer();
            parts.forEach(part -> wire.writeBytes((ByteBuf) part));
            frame = wire;
        }
        sendRaw(frame);
    }

    void sendRaw(ByteBuf bytes) throws IOException {
        byte[] array = new byte[bytes.readableBytes()];
        bytes.readBytes(array);
        out.write(array);
        out.flush();
    }

    /** How long {@link #receive} waits (10 s unless set). */
    public void timeout(java.time.Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    /** The next response frame; throws SocketTimeoutException when none arrives. */
    public Frame receive() throws IOException {
        while (true) {
            Frame frame = tryDecode();
            if (frame != null) {
                return frame;
            }
            readMore();
        }
    }

    private Frame tryDecode() throws IOException {
        if (segments != null) {
            while (received.readableBytes() >= segments.headerLength() + SegmentCodec.CRC24_LENGTH) {
                received.markReaderIndex();
                try {
                    SegmentCodec.Header header = segments.decodeHeader(received);
                    int needed = header.payloadLength + SegmentCodec.CRC32_LENGTH;
                    if (received.readableBytes() < needed) {
                        received.resetReaderIndex();
                        break;
                    }
                    Segment<ByteBuf> segment = segments.decode(header, received.readRetainedSlice(needed));
                    envelopes.writeBytes(segment.payload);
                } catch (com.datastax.oss.protocol.internal.CrcMismatchException e) {
                    throw new IOException(e);
                }
            }
            return decodeFrom(envelopes);
        }
        return decodeFrom(received);
    }

    private Frame decodeFrom(ByteBuf buffer) {
        if (buffer.readableBytes() < 9) {
            return null;
        }
        int length = buffer.getInt(buffer.readerIndex() + 5);
        if (buffer.readableBytes() < 9 + length) {
            return null;
        }
        return frames.decode(buffer.readRetainedSlice(9 + length));
    }

    private void readMore() throws IOException {
        byte[] chunk = new byte[65536];
        int read = in.read(chunk);
        if (read < 0) {
            throw new IOException("Connection closed by the server");
        }
        received.writeBytes(chunk, 0, read);
    }

    /** Whether the server closed the connection (reads to the end, within the socket timeout). */
    boolean isClosedByServer() {
        try {
            byte[] chunk = new byte[4096];
            while (true) {
                if (in.read(chunk) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
