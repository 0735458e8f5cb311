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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connection limits: past the node's or one address's number of connections a new one is
 * closed at once while the others are served on; an idle connection is closed; an LZ4 body that
 * claims more than it could decompress to is refused before anything is allocated for it; past
 * the node's request bytes in flight a request is answered OVERLOADED, past a connection's that
 * connection is not read, while other clients are served.
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

    /** Requests whose text starts with "hold" wait until {@link #releaseHeld}; any other is answered at once. */
    private final List<CompletableFuture<Response>> held = java.util.Collections.synchronizedList(new ArrayList<>());

    private InetSocketAddress startHolding(TransportLimits limits) throws InterruptedException {
        server = new CqlServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), (request, client) -> {
            if (request instanceof io.cairn.protocol.message.Request.Query query && query.query().startsWith("hold")) {
                CompletableFuture<Response> answer = new CompletableFuture<>();
                held.add(answer);
                return answer;
            }
            return CompletableFuture.completedFuture(new Response.Void());
        }, limits);
        return server.start();
    }

    private void releaseHeld() {
        synchronized (held) {
            held.forEach(answer -> answer.complete(new Response.Void()));
            held.clear();
        }
    }

    private RawClient started(InetSocketAddress address, String from) throws IOException {
        RawClient client = connect(address, from);
        client.send(4, 0, new Startup(Map.of("CQL_VERSION", "3.0.0")));
        assertThat(client.receive().message).isInstanceOf(Ready.class);
        return client;
    }

    /** A QUERY of about {@code bytes} bytes that the server holds. */
    private static com.datastax.oss.protocol.internal.request.Query big(int bytes) {
        return new com.datastax.oss.protocol.internal.request.Query("hold " + "x".repeat(bytes));
    }

    private static com.datastax.oss.protocol.internal.request.Query small() {
        return new com.datastax.oss.protocol.internal.request.Query("SELECT 1");
    }

    @Test
    void requestDataPastTheNodesLimitIsAnsweredOverloadedWhileSmallRequestsAreServed() throws Exception {
        InetSocketAddress address = startHolding(new TransportLimits(1 << 20, 64, 1024)
                .withBytesInFlight(1 << 20, 300_000));
        RawClient first = started(address, "127.0.0.1");
        first.send(4, 1, big(120_000));
        first.send(4, 2, big(120_000));
        assertThat(eventually(() -> server.inFlightBytes() > 240_000)).isTrue();
        RawClient second = started(address, "127.0.0.2");
        second.send(4, 1, big(120_000));
        var refused = client(second.receive());
        assertThat(refused).isInstanceOf(Error.class);
        assertThat(((Error) refused).code).isEqualTo(ProtocolConstants.ErrorCode.OVERLOADED);
        assertThat(((Error) refused).message).contains("Too much request data in flight on this node (300000 bytes)");
        second.send(4, 2, small());
        assertThat(client(second.receive())).as("a small request fits").isInstanceOf(
                com.datastax.oss.protocol.internal.response.result.Void.class);
        releaseHeld();
        assertThat(client(first.receive())).isInstanceOf(com.datastax.oss.protocol.internal.response.result.Void.class);
        assertThat(client(first.receive())).isInstanceOf(com.datastax.oss.protocol.internal.response.result.Void.class);
        assertThat(eventually(() -> server.inFlightBytes() == 0)).isTrue();
        second.send(4, 3, big(120_000));
        assertThat(eventually(() -> held.size() == 1)).as("once the node drained, a large request runs").isTrue();
        releaseHeld();
        assertThat(client(second.receive())).isInstanceOf(com.datastax.oss.protocol.internal.response.result.Void.class);
    }

    @Test
    void aConnectionPastItsRequestDataLimitIsNotReadWhileAnotherIsServed() throws Exception {
        InetSocketAddress address = startHolding(new TransportLimits(1 << 20, 64, 1024)
                .withBytesInFlight(200_000, 64 << 20));
        RawClient first = started(address, "127.0.0.1");
        first.send(4, 1, big(120_000));
        first.send(4, 2, big(120_000));
        assertThat(eventually(() -> held.size() == 2)).isTrue();
        first.send(4, 3, small());
        first.timeout(Duration.ofSeconds(1));
        assertThatThrownBy(first::receive).as("the connection is not read past its limit")
                .isInstanceOf(java.net.SocketTimeoutException.class);
        RawClient second = started(address, "127.0.0.2");
        second.send(4, 1, small());
        assertThat(client(second.receive())).as("another connection is served")
                .isInstanceOf(com.datastax.oss.protocol.internal.response.result.Void.class);
        releaseHeld();
        first.timeout(Duration.ofSeconds(10));
        List<Integer> answered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answered.add(first.receive().streamId);
        }
        assertThat(answered).as("the held requests, then the one read once they drained").containsExactlyInAnyOrder(
                1, 2, 3);
    }

    private static com.datastax.oss.protocol.internal.Message client(com.datastax.oss.protocol.internal.Frame frame) {
        return frame.message;
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
