package io.cairn.cluster.messaging;

import io.cairn.common.time.ExecutorScheduler;
import io.cairn.common.time.SystemClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that completes the handshake and then sends a malformed frame loses that connection,
 * and only that one: the node goes on serving its other peers.
 */
class MalformedFrameTest {

    private final ExecutorScheduler scheduler = new ExecutorScheduler("malformed-frame-test", Throwable::printStackTrace);
    private final List<NettyMessagingService> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(NettyMessagingService::close);
        scheduler.close();
    }

    private NettyMessagingService start(String host) throws InterruptedException {
        NettyMessagingService service = new NettyMessagingService(new MessagingConfig("test",
                new NodeAddress(host, 0), 100, 64 * 1024, Duration.ofMillis(20), Duration.ofMillis(200)),
                scheduler, new SystemClock()).start();
        services.add(service);
        service.registerHandler(Verb.ECHO, request -> service.respond(request, request.payload()));
        return service;
    }

    /** A frame whose body is {@code body} under a correct checksum. */
    private static Consumer<ByteBuf> checksummed(byte[] body) {
        return out -> {
            ByteBuf buffer = Unpooled.wrappedBuffer(body);
            out.writeInt(body.length).writeInt(WireFormat.crc(buffer, 0, body.length)).writeBytes(body);
        };
    }

    private static byte[] body(String host, int port) {
        return body(host, port, 0);
    }

    private static byte[] body(String host, int port, long epoch) {
        ByteBuf body = Unpooled.buffer();
        byte[] hostBytes = host.getBytes(StandardCharsets.UTF_8);
        body.writeLong(1).writeShort(Verb.ECHO.id()).writeByte(0).writeShort(hostBytes.length).writeBytes(hostBytes)
                .writeInt(port).writeLong(epoch).writeBytes(new byte[] {1, 2, 3});
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return bytes;
    }

    private static List<Consumer<ByteBuf>> malformedFrames() {
        byte[] good = body("127.0.0.1", 7000);
        return List.of(
                out -> out.writeInt(good.length).writeInt(12345).writeBytes(good),
                out -> out.writeInt(64 * 1024 + 1).writeInt(0),
                out -> out.writeInt(-5).writeInt(0),
                checksummed(new byte[] {1, 2, 3}),
                checksummed(java.util.Arrays.copyOf(good, 12)),
                checksummed(body("127.0.0.1", 70_000)),
                checksummed(body("127.0.0.1", 7000, -1)),
                checksummed(java.util.Arrays.copyOf(good, 2 + 8 + 2 + 1 + 9 + 4 + 7)),
                checksummed(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0x7f, 0x7f, 0, 0, 0, 0}));
    }

    /** Whether the node closed the connection within a few seconds (end of stream). */
    private static boolean closedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void aMalformedFrameAfterTheHandshakeClosesOnlyThatConnection() throws Exception {
        NettyMessagingService node = start("127.0.0.1");
        NettyMessagingService peer = start("127.0.0.2");
        List<Consumer<ByteBuf>> frames = malformedFrames();
        for (int i = 0; i < frames.size(); i++) {
            try (Socket socket = new Socket(node.localAddress().host(), node.localAddress().port())) {
                ByteBuf out = Unpooled.buffer();
                WireFormat.writeHandshake(out, "test", new NodeAddress("127.0.0.3", 7000), new byte[16]);
                frames.get(i).accept(out);
                byte[] bytes = new byte[out.readableBytes()];
                out.readBytes(bytes);
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
                assertThat(closedByPeer(socket)).as("malformed frame %d closes the connection", i).isTrue();
            }
        }
        Responses responses = new Responses();
        peer.sendRequest(node.localAddress(), Verb.ECHO, "still here".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5), responses);
        assertThat(new String(responses.response.get(10, TimeUnit.SECONDS).payload(), StandardCharsets.UTF_8))
                .isEqualTo("still here");
    }
}
