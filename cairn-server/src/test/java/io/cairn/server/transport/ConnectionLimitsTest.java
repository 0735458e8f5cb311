package io.cairn.server.transport;

import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.datastax.oss.protocol.internal.request.Options;
import com.datastax.oss.protocol.internal.request.Startup;
import com.datastax.oss.protocol.internal.response.Error;
import com.datastax.oss.protocol.internal.response.Ready;
import com.datastax.oss.protocol.internal.response.Supported;
import io.cairn.protocol.message.Request;
import io.cairn.protocol.message.Response;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection limits: past the node's or one address's number of connections a new one is
 * closed at once while the others are served on; an idle connection is closed; an LZ4 body that
 * claims more than it could decompress to is refused before anything is allocated for it.
 */
class ConnectionLimitsTest {

    private CqlServer server;
    private final List<RawClient> clients = new ArrayList<>();

    private InetSocketAddress start(TransportLimits limits) throws InterruptedException {
        server = new CqlServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                (Request request, ClientState client) -> CompletableFuture.completedFuture(new Response.Void()), limits);
        return server.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        server.close();
    }

    private RawClient connect(InetSocketAddress address, String from) throws IOException {
        RawClient client = new RawClient(address, Compressor.none(), InetAddress.getByName(from));
        clients.add(client);
        return client;
    }

    /** Whether {@code client} is served: OPTIONS answered with SUPPORTED. */
    private static boolean served(RawClient client) throws IOException {
        try {
            client.send(4, 0, Options.INSTANCE);
            return client.receive().message instanceof Supported;
        } catch (IOException closed) {
            return false;
        }
    }

    @Test
    void aConnectionPastOneAddressLimitIsClosedWhileOtherAddressesAreServed() throws Exception {
        InetSocketAddress address = start(new TransportLimits(1 << 20, 8, 64).withConnections(10, 2, Duration.ZERO));
        RawClient first = connect(address, "127.0.0.1");
        RawClient second = connect(address, "127.0.0.1");
        assertThat(served(first)).isTrue();
        assertThat(served(second)).isTrue();
        RawClient third = connect(address, "127.0.0.1");
        assertThat(third.isClosedByServer()).as("a third connection from 127.0.0.1").isTrue();
        RawClient elsewhere = connect(address, "127.0.0.2");
        assertThat(served(elsewhere)).as("another address has its own count").isTrue();
        assertThat(served(first)).as("the connections it had are served on").isTrue();
        assertThat(server.refusedConnections()).isEqualTo(1);
        first.close();
        assertThat(eventually(() -> server.openConnections() == 2)).isTrue();
        assertThat(served(connect(address, "127.0.0.1"))).as("a closed connection frees its place").isTrue();
    }

    @Test
    void aConnectionPastTheNodesLimitIsClosed() throws Exception {
        InetSocketAddress address = start(new TransportLimits(1 << 20, 8, 64).withConnections(2, 2, Duration.ZERO));
        RawClient first = connect(address, "127.0.0.1");
        RawClient second = connect(address, "127.0.0.2");
        assertThat(served(first) && served(second)).isTrue();
        assertThat(connect(address, "127.0.0.3").isClosedByServer()).isTrue();
        assertThat(served(second)).isTrue();
    }

    @Test
    void anIdleConnectionIsClosedAndABusyOneIsNot() throws Exception {
        InetSocketAddress address = start(new TransportLimits(1 << 20, 8, 64)
                .withConnections(10, 10, Duration.ofSeconds(2)));
        RawClient idle = connect(address, "127.0.0.1");
        RawClient busy = connect(address, "127.0.0.1");
        for (int i = 0; i < 18; i++) {
            Thread.sleep(250);
            assertThat(served(busy)).as("a connection that keeps sending, after %d ms", 250 * (i + 1)).isTrue();
        }
        assertThat(idle.isClosedByServer()).as("nothing sent for 4.5 s").isTrue();
    }

    @Test
    void anLz4BodyClaimingMoreThanItCouldHoldIsRefusedBeforeAllocating() throws Exception {
        InetSocketAddress address = start(new TransportLimits(16 << 20, 8, 64));
        RawClient client = new RawClient(address, new io.cairn.protocol.frame.Lz4TestCompressor(
                io.netty.buffer.ByteBufAllocator.DEFAULT));
        clients.add(client);
        client.send(4, 0, new Startup(Map.of("CQL_VERSION", "3.0.0", "COMPRESSION", "lz4")));
        assertThat(client.receive().message).isInstanceOf(Ready.class);
        // A QUERY whose 12-byte LZ4 body says it decompresses to 15 MiB: within the frame limit, impossible for LZ4.
        client.sendRaw(Unpooled.buffer().writeByte(4).writeByte(0x01).writeShort(1).writeByte(0x07).writeInt(16)
                .writeInt(15 << 20).writeBytes(new byte[12]));
        Error error = (Error) client.receive().message;
        assertThat(error.code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
        assertThat(error.message).contains("cannot decompress");
    }

    private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
