package io.cairn.server.transport;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.protocol.internal.Frame;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import com.datastax.oss.protocol.internal.request.Options;
import com.datastax.oss.protocol.internal.request.Query;
import com.datastax.oss.protocol.internal.request.Startup;
import com.datastax.oss.protocol.internal.response.Error;
import com.datastax.oss.protocol.internal.response.Ready;
import com.datastax.oss.protocol.internal.response.Supported;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on a live node: each bad client gets the spec's error or a closed connection,
 * while a well-behaved driver client, writing and reading all along, sees no failure.
 */
class BadInputOnLiveNodeTest {

    @TempDir
    Path directory;

    @Test
    void badClientsGetErrorsWhileAGoodClientSeesNoFailure() throws Exception {
        try (CairnNode node = CairnNode.start(new NodeConfig("Test Cluster", directory.resolve("data"),
                directory.resolve("logs"), "127.0.0.1", 0, "127.0.0.1", 0, List.of(), 4, "datacenter1", "rack1",
                CommitLogSync.PERIODIC, 10_000, 1024 * 1024, 1024, 16_384));
             CqlSession session = CqlSession.builder().addContactPoint(node.nativeAddress())
                     .withLocalDatacenter("datacenter1").build()) {
            session.execute("CREATE KEYSPACE bad WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            session.execute("CREATE TABLE bad.t (k int PRIMARY KEY, v int)");
            PreparedStatement insert = session.prepare("INSERT INTO bad.t (k, v) VALUES (?, ?)");
            PreparedStatement select = session.prepare("SELECT v FROM bad.t WHERE k = ?");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger goodRequests = new AtomicInteger();
            AtomicReference<Throwable> goodFailure = new AtomicReference<>();
            Thread good = new Thread(() -> {
                int k = 0;
                while (running.get()) {
                    try {
                        session.execute(insert.bind(k, k));
                        int read = session.execute(select.bind(k)).one().getInt(0);
                        if (read != k) {
                            throw new AssertionError("read " + read + " for " + k);
                        }
                        goodRequests.addAndGet(2);
                        k++;
                    } catch (Throwable t) {
                        goodFailure.compareAndSet(null, t);
                        return;
                    }
                }
            });
            good.start();
            try {
                misbehave(node);
            } finally {
                running.set(false);
                good.join(30_000);
            }
            assertThat(goodFailure.get()).isNull();
            assertThat(goodRequests.get()).isPositive();
        }
    }

    private void misbehave(CairnNode node) throws IOException {
        Random random = new Random(11);
        for (int i = 0; i < 30; i++) {
            try (RawClient noisy = new RawClient(node.nativeAddress())) {
                byte[] garbage = new byte[1 + random.nextInt(500)];
                random.nextBytes(garbage);
                noisy.sendRaw(Unpooled.wrappedBuffer(garbage));
            }
        }
        // A truncated frame, then the client goes away.
        try (RawClient truncated = new RawClient(node.nativeAddress())) {
            truncated.sendRaw(Unpooled.buffer().writeByte(4).writeByte(0).writeShort(1).writeByte(0x05).writeInt(100)
                    .writeBytes(new byte[10]));
        }
        // A version nobody speaks: the error drivers downgrade on, then the connection is closed.
        try (RawClient wrongVersion = new RawClient(node.nativeAddress())) {
            wrongVersion.sendRaw(Unpooled.buffer().writeByte(0x07).writeByte(0).writeShort(0).writeByte(0x05)
                    .writeInt(0));
            Error error = (Error) wrongVersion.receive().message;
            assertThat(error.code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            assertThat(error.message).contains("Invalid or unsupported protocol version");
            assertThat(wrongVersion.isClosedByServer()).isTrue();
        }
        // A length over the node's maximum frame size (1 MiB here).
        try (RawClient oversized = started(node)) {
            oversized.sendRaw(Unpooled.buffer().writeByte(4).writeByte(0).writeShort(9).writeByte(0x07)
                    .writeInt(64 * 1024 * 1024));
            Error error = (Error) oversized.receive().message;
            assertThat(error.code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            assertThat(oversized.isClosedByServer()).isTrue();
        }
        // A QUERY with a garbage consistency code: an error on its stream; the connection stays usable.
        try (RawClient garbageConsistency = started(node)) {
            byte[] query = "SELECT v FROM bad.t WHERE k = 1".getBytes(StandardCharsets.UTF_8);
            ByteBuf body = Unpooled.buffer().writeInt(query.length).writeBytes(query).writeShort(0x7777).writeByte(0);
            garbageConsistency.sendRaw(Unpooled.buffer().writeByte(4).writeByte(0).writeShort(4).writeByte(0x07)
                    .writeInt(body.readableBytes()).writeBytes(body));
            Frame response = garbageConsistency.receive();
            assertThat(response.streamId).isEqualTo(4);
            assertThat(((Error) response.message).code).isEqualTo(ProtocolConstants.ErrorCode.PROTOCOL_ERROR);
            garbageConsistency.send(4, 5, new Query("SELECT release_version FROM system.local"));
            assertThat(garbageConsistency.receive().streamId).isEqualTo(5);
        }
        // A statement that is not CQL: a syntax error, and the connection stays usable.
        try (RawClient nonsense = started(node)) {
            nonsense.send(4, 6, new Query("DROP EVERYTHING NOW"));
            assertThat(((Error) nonsense.receive().message).code).isEqualTo(ProtocolConstants.ErrorCode.SYNTAX_ERROR);
        }
    }

    private static RawClient started(CairnNode node) throws IOException {
        RawClient client = new RawClient(node.nativeAddress());
        client.send(4, 0, Options.INSTANCE);
        assertThat(client.receive().message).isInstanceOf(Supported.class);
        client.send(4, 1, new Startup(Map.of("CQL_VERSION", "3.0.0")));
        assertThat(client.receive().message).isInstanceOf(Ready.class);
        return client;
    }
}
