package io.cairn.server.transport;

import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.datastax.oss.protocol.internal.request.Options;
import com.datastax.oss.protocol.internal.request.Query;
import com.datastax.oss.protocol.internal.request.Register;
import com.datastax.oss.protocol.internal.request.Startup;
import com.datastax.oss.protocol.internal.response.Error;
import com.datastax.oss.protocol.internal.response.Ready;
import com.datastax.oss.protocol.internal.response.Supported;
import com.datastax.oss.protocol.internal.response.event.SchemaChangeEvent;
import com.datastax.oss.protocol.internal.response.result.Rows;
import io.cairn.cql.error.CqlException;
import io.cairn.protocol.frame.Lz4TestCompressor;
import io.cairn.protocol.message.ColumnSpec;
import io.cairn.protocol.message.Request;
import io.cairn.protocol.message.Response;
import io.cairn.protocol.message.RowsMetadata;
import io.cairn.protocol.message.SchemaChange;
import io.cairn.protocol.message.TypeOption;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The transport on a real socket, driven through the Java driver's codec library. */
class CqlServerTest {

    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrentLinkedQueue<CompletableFuture<Response>> parked = new ConcurrentLinkedQueue<>();
    private CqlServer server;
    private InetSocketAddress address;

    /** Answers "SELECT x" with one row holding x; "FAIL" with Invalid; "DELAY" later; "PARK" never on its own. */
    private CompletableFuture<Response> handle(Request request, ClientState client) {
        String query = ((Request.Query) request).query();
        if (query.equals("FAIL")) {
            throw CqlException.invalid("Undefined column name x");
        }
        Response rows = new Response.Rows(new RowsMetadata(List.of(new ColumnSpec("ks", "t", "q",
                new TypeOption.Native(0x000D))), null, null, false),
                List.of(List.of(ByteBuffer.wrap(query.getBytes(StandardCharsets.UTF_8)))));
        if (query.startsWith("DELAY")) {
            CompletableFuture<Response> later = new CompletableFuture<>();
            delays.schedule(() -> later.complete(rows), new Random(query.hashCode()).nextInt(20), TimeUnit.MILLISECONDS);
            return later;
        }
        if (query.startsWith("PARK")) {
            CompletableFuture<Response> later = new CompletableFuture<>();
            parked.add(later);
            return later;
        }
        return CompletableFuture.completedFuture(rows);
    }

    @BeforeEach
    void start() throws InterruptedException {
        server = new CqlServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), this::handle,
                new TransportLimits(1024 * 1024, 8, 12));
        address = server.start();
    }

    @AfterEach
    void stop() {
        parked.forEach(future -> future.complete(new Response.Void()));
        server.close();
        delays.shutdownNow();
    }

    private static String text(Frame frame) {
        ByteBuffer value = ((Rows) frame.message).getData().peek().get(0);
        return StandardCharsets.UTF_8.decode(value.duplicate()).toString();
    }

    private RawClient started(int version, String compression) throws IOException {
        Compressor<ByteBuf> lz4 = new Lz4TestCompressor(ByteBufAllocator.DEFAULT);
        RawClient client = new RawClient(address, version == 4 && compression != null ? lz4 : Compressor.none());
        client.send(version, 0, Options.INSTANCE);
        assertThat(client.receive().message).isInstanceOf(Supported.class);
        Map<String, String> options = compression == null ? Map.of("CQL_VERSION", "3.0.0")
                : Map.of("CQL_VERSION", "3.0.0", "COMPRESSION", compression);
        client.send(version, 1, new Startup(options));
        assertThat(client.receive().message).isInstanceOf(Ready.class);
        if (version == 5) {
            client.useSegments(compression == null ? Compressor.none() : lz4);
        }
        return client;
    }

    @ParameterizedTest
    @CsvSource(value = {"4,", "4,lz4", "5,", "5,lz4"})
    void aClientStartsAndQueriesInEachVersionAndCompression(int version, String compression) throws IOException {
        try (RawClient client = started(version, compression)) {
            client.send(version, 5, new Query("SELECT " + "x".repeat(500)));
            Frame response = client.receive();

            assertThat(response.streamId).isEqualTo(5);
            assertThat(response.protocolVersion).isEqualTo(version);
            assertThat(text(response)).isEqualTo("SELECT " + "x".repeat(500));
        }
    }

    @Test
    void supportedListsVersionsCompressionAndCqlVersion() throws IOException {
        try (RawClient client = new RawClient(address)) {
            client.send(4, 0, Options.INSTANCE);
            Supported supported = (Supported) client.receive().message;

            assertThat(supported.options).containsEntry("CQL_VERSION", List.of("3.4.7"))
                    .containsEntry("PROTOCOL_VERSIONS", List.of("4/v4", "5/v5"))
                    .containsKey("COMPRESSION");
        }
    }

    @Test
    void anUnsupportedVersionGetsTheErrorDriversDowngradeOnAndIsClosed() throws IOException {
        try (RawClient client = new RawClient(address)) {
            ByteBuf frame = Unpooled.buffer().writeByte(0x42).writeByte(0).writeShort(3).writeByte(0x05).writeInt(0);
            client.sendRaw(frame);
            Frame response = client.receive();

            assertThat(response.protocolVersion).isEqualTo(4);
            assertThat(response.streamId).isEqualTo(3);
            Error error = (Error) response.message;
            assertThat(error.code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            assertThat(error.message).contains("Invalid or unsupported protocol version (66)");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aQueryBeforeStartupIsAProtocolError() throws IOException {
        try (RawClient client = new RawClient(address)) {
            client.send(4, 2, new Query("SELECT 1"));
            Error error = (Error) client.receive().message;

            assertThat(error.code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            assertThat(error.message).isEqualTo("Unexpected message QUERY, expecting STARTUP or OPTIONS");
        }
    }

    @Test
    void startupWithoutCqlVersionOrWithAnUnknownCompressionIsRefused() throws IOException {
        try (RawClient client = new RawClient(address)) {
            // A STARTUP body written by hand: the driver's codec always adds CQL_VERSION.
            byte[] key = "DRIVER_NAME".getBytes(StandardCharsets.UTF_8);
            ByteBuf body = Unpooled.buffer().writeShort(1).writeShort(key.length).writeBytes(key).writeShort(1)
                    .writeByte('x');
            client.sendRaw(Unpooled.buffer().writeByte(4).writeByte(0).writeShort(0).writeByte(0x01)
                    .writeInt(body.readableBytes()).writeBytes(body));
            assertThat(((Error) client.receive().message).message).isEqualTo("Missing value CQL_VERSION in STARTUP message");
            client.send(4, 0, new Startup(Map.of("CQL_VERSION", "3.0.0", "COMPRESSION", "zstd")));
            assertThat(((Error) client.receive().message).message).isEqualTo("Unknown compression algorithm: zstd");
        }
    }

    @Test
    void errorsFromTheQueryLayerReachTheClientWithTheirKind() throws IOException {
        try (RawClient client = started(5, null)) {
            client.send(5, 9, new Query("FAIL"));
            Frame response = client.receive();

            assertThat(response.streamId).isEqualTo(9);
            assertThat(((Error) response.message).code).isEqualTo(ProtocolConstants.ErrorCode.INVALID);
            assertThat(((Error) response.message).message).isEqualTo("Undefined column name x");
        }
    }

    @Test
    void manyRequestsInFlightOnOneConnectionAreAnsweredOnTheirOwnStreams() throws IOException {
        try (RawClient client = started(4, null)) {
            for (int stream = 0; stream < 8; stream++) {
                client.send(4, stream, new Query("DELAY " + stream));
            }
            Set<Integer> answered = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                Frame response = client.receive();
                assertThat(text(response)).isEqualTo("DELAY " + response.streamId);
                answered.add(response.streamId);
            }
            assertThat(answered).hasSize(8);
        }
    }

    @Test
    void aConnectionOverItsInFlightLimitIsNotReadUntilResponsesDrain() throws Exception {
        try (RawClient client = started(4, null)) {
            for (int stream = 10; stream < 20; stream++) {
                client.send(4, stream, new Query("PARK " + stream));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (parked.size() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertThat(parked).hasSize(8);

            CompletableFuture<Response> first;
            while ((first = parked.poll()) != null) {
                first.complete(new Response.Void());
            }
            Set<Integer> answered = new HashSet<>();
            while (answered.size() < 10) {
                answered.add(client.receive().streamId);
                parked.forEach(future -> future.complete(new Response.Void()));
            }
            assertThat(answered).hasSize(10);
        }
    }

    @Test
    void theNodeAnswersOverloadedPastItsInFlightLimit() throws Exception {
        try (RawClient first = started(4, null); RawClient second = started(4, null)) {
            for (int stream = 0; stream < 7; stream++) {
                first.send(4, stream, new Query("PARK"));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.inFlightRequests() < 7 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            for (int stream = 0; stream < 6; stream++) {
                second.send(4, stream, new Query("PARK"));
            }
            Frame response = second.receive();

            assertThat(((Error) response.message).code).isEqualTo(ProtocolConstants.ErrorCode.OVERLOADED);
            assertThat(response.streamId).isEqualTo(5);
            assertThat(server.inFlightRequests()).isEqualTo(12);
        }
    }

    @Test
    void anOversizedFrameClosesItsConnectionAndOthersKeepWorking() throws IOException {
        try (RawClient bad = started(4, null); RawClient good = started(4, null)) {
            bad.sendRaw(Unpooled.buffer().writeByte(4).writeByte(0).writeShort(7).writeByte(0x07).writeInt(2 * 1024 * 1024));
            Error error = (Error) bad.receive().message;

            assertThat(error.code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            assertThat(error.message).contains("exceeds maximum allowed length");
            assertThat(bad.isClosedByServer()).isTrue();
            good.send(4, 1, new Query("SELECT still served"));
            assertThat(text(good.receive())).isEqualTo("SELECT still served");
        }
    }

    @Test
    void randomBytesNeverDisturbOtherClients() throws IOException {
        Random random = new Random(7);
        try (RawClient good = started(5, "lz4")) {
            for (int attempt = 0; attempt < 20; attempt++) {
                try (RawClient noisy = new RawClient(address)) {
                    byte[] garbage = new byte[1 + random.nextInt(300)];
                    random.nextBytes(garbage);
                    noisy.sendRaw(Unpooled.wrappedBuffer(garbage));
                }
                good.send(5, attempt, new Query("SELECT " + attempt));
                assertThat(text(good.receive())).isEqualTo("SELECT " + attempt);
            }
        }
    }

    @Test
    void aGarbageConsistencyIsAnErrorOnItsStreamAndTheConnectionStaysUsable() throws IOException {
        try (RawClient client = started(4, null)) {
            byte[] query = "SELECT 1".getBytes(StandardCharsets.UTF_8);
            ByteBuf body = Unpooled.buffer().writeInt(query.length).writeBytes(query).writeShort(0x7777).writeByte(0);
            client.sendRaw(Unpooled.buffer().writeByte(4).writeByte(0).writeShort(4).writeByte(0x07)
                    .writeInt(body.readableBytes()).writeBytes(body));
            Frame response = client.receive();

            assertThat(response.streamId).isEqualTo(4);
            assertThat(((Error) response.message).code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            client.send(4, 5, new Query("SELECT after"));
            assertThat(text(client.receive())).isEqualTo("SELECT after");
        }
    }

    @Test
    void aStreamIdReusedWhileInFlightClosesTheConnection() throws IOException {
        try (RawClient client = started(4, null)) {
            client.send(4, 3, new Query("PARK"));
            client.send(4, 3, new Query("PARK"));
            Error error = (Error) client.receive().message;

            assertThat(error.message).contains("already in use");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void registeredClientsReceiveEventsOnStreamMinusOne() throws IOException {
        try (RawClient client = started(5, null)) {
            client.send(5, 1, new Register(List.of("SCHEMA_CHANGE")));
            assertThat(client.receive().message).isInstanceOf(Ready.class);

            server.events().broadcast(new Response.SchemaChangeEvent(new SchemaChange(SchemaChange.ChangeType.CREATED,
                    SchemaChange.Target.KEYSPACE, "shop", "", List.of())));
            Frame event = client.receive();

            assertThat(event.streamId).isEqualTo(-1);
            assertThat(((SchemaChangeEvent) event.message).keyspace).isEqualTo("shop");
        }
    }
}
