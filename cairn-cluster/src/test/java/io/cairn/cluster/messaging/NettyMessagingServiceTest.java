package io.cairn.cluster.messaging;

import io.cairn.common.time.ExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TCP transport between real sockets on loopback. */
class NettyMessagingServiceTest {

    private final ExecutorScheduler scheduler = new ExecutorScheduler("messaging-test", Throwable::printStackTrace);
    private final List<NettyMessagingService> services = new ArrayList<>();

    @AfterEach
    void stop() {
        services.forEach(NettyMessagingService::close);
        scheduler.close();
    }

    private NettyMessagingService start(String cluster, String host, int port) throws InterruptedException {
        NettyMessagingService service = new NettyMessagingService(new MessagingConfig(cluster,
                new NodeAddress(host, port), 100, 1024 * 1024, Duration.ofMillis(20), Duration.ofMillis(200)),
                scheduler, new io.cairn.common.time.SystemClock()).start();
        services.add(service);
        return service;
    }

    private static void echo(NettyMessagingService service) {
        service.registerHandler(Verb.ECHO, request -> service.respond(request, request.payload()));
    }

    private static Responses request(NettyMessagingService from, NodeAddress to, String text) {
        Responses callback = new Responses();
        from.sendRequest(to, Verb.ECHO, text.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), callback);
        return callback;
    }

    private static String text(Message message) {
        return new String(message.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void requestsAndResponsesCrossRealSockets() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.1", 0);
        NettyMessagingService b = start("test", "127.0.0.2", 0);
        echo(b);
        echo(a);
        // The first request opens the connection (while it opens, at most 100 messages queue).
        assertThat(text(request(a, b.localAddress(), "first").response.get(10, TimeUnit.SECONDS))).isEqualTo("first");
        List<Responses> pending = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            pending.add(request(a, b.localAddress(), "m" + i));
        }
        for (int i = 0; i < 500; i++) {
            assertThat(text(pending.get(i).response.get(10, TimeUnit.SECONDS))).isEqualTo("m" + i);
        }
        assertThat(text(request(b, a.localAddress(), "back").response.get(10, TimeUnit.SECONDS))).isEqualTo("back");
        assertThat(a.messagesSent()).as("a's 501 requests and its response to b").isEqualTo(502);
        assertThat(b.messagesSent()).as("b's 501 responses and its request to a").isEqualTo(502);
    }

    @Test
    void messagesCarryTheSendersEpochToTheReceiversObserverBeforeTheyAreHandled() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.1", 0);
        NettyMessagingService b = start("test", "127.0.0.2", 0);
        java.util.concurrent.atomic.AtomicLong aEpoch = new java.util.concurrent.atomic.AtomicLong(7);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        a.useEpochs(aEpoch::get, (from, epoch) -> seen.add("a heard " + epoch));
        b.useEpochs(() -> 12, (from, epoch) -> seen.add("b heard " + epoch + " from " + from.host()));
        b.registerHandler(Verb.ECHO, request -> {
            seen.add("b handles epoch " + request.epoch());
            b.respond(request, request.payload());
        });
        Message response = request(a, b.localAddress(), "x").response.get(10, TimeUnit.SECONDS);
        assertThat(response.epoch()).isEqualTo(12);
        aEpoch.set(8);
        request(a, b.localAddress(), "y").response.get(10, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("b heard 7 from 127.0.0.1", "b handles epoch 7", "a heard 12",
                "b heard 8 from 127.0.0.1", "b handles epoch 8", "a heard 12");
        assertThatThrownBy(() -> a.useEpochs(() -> 1, (from, epoch) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set once");
    }

    @Test
    void aPeerOfTheVersionBeforeEpochsIsToldToUpgradeEveryNode() throws Exception {
        NettyMessagingService node = start("test", "127.0.0.1", 0);
        try (java.net.Socket socket = new java.net.Socket(node.localAddress().host(), node.localAddress().port())) {
            io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
            out.writeInt(WireFormat.MAGIC).writeInt(1);
            WireFormat.writeString(out, "test");
            WireFormat.writeString(out, "127.0.0.5");
            out.writeInt(7000);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            socket.getOutputStream().write(bytes);
            socket.setSoTimeout(10_000);
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            assertThat(in.readInt()).isEqualTo(WireFormat.MAGIC);
            assertThat(in.readInt()).isEqualTo(WireFormat.VERSION);
            assertThat(in.readByte()).isEqualTo(WireFormat.WRONG_VERSION);
            byte[] reason = new byte[in.readUnsignedShort()];
            in.readFully(reason);
            assertThat(new String(reason, StandardCharsets.UTF_8))
                    .contains("version 1 is not supported", "older Cairn", "stopping every node");
        }
    }

    @Test
    void aRefusedRequestFailsAtOnceWithTheReasonTheReplicaGave() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.1", 0);
        NettyMessagingService b = start("test", "127.0.0.2", 0);
        b.registerHandler(Verb.READ, request -> b.respondFailure(request, ResponseCallback.Failure.OVERLOADED));
        Responses refused = new Responses();
        a.sendRequest(b.localAddress(), Verb.READ, "x".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofSeconds(30), refused);
        // Well before the 30 s timeout: the refusal travels back as a response.
        assertThat(refused.failure.get(10, TimeUnit.SECONDS)).isEqualTo(ResponseCallback.Failure.OVERLOADED);
        assertThat(refused.response).isNotDone();
    }

    @Test
    void aNodeOfAnotherClusterIsRefused() throws Exception {
        NettyMessagingService ours = start("shop", "127.0.0.1", 0);
        NettyMessagingService theirs = start("other", "127.0.0.3", 0);
        echo(ours);
        Responses refused = request(theirs, ours.localAddress(), "let me in");
        assertThat(refused.failure.get(10, TimeUnit.SECONDS)).isEqualTo(ResponseCallback.Failure.UNREACHABLE);
        assertThat(theirs.refusalBy(ours.localAddress()))
                .as("the refusal names no cluster but the caller's own")
                .isEqualTo("Cluster name mismatch: this node is not in cluster 'other'");
    }

    private NettyMessagingService startWithSecret(String host, String secret) throws InterruptedException {
        MessagingConfig config = new MessagingConfig("test", new NodeAddress(host, 0), 100, 1024 * 1024,
                Duration.ofMillis(20), Duration.ofMillis(200));
        NettyMessagingService service = new NettyMessagingService(secret == null ? config
                : config.withSecret(new InternodeSecret(secret, new Random(host.hashCode()))), scheduler,
                new io.cairn.common.time.SystemClock()).start();
        services.add(service);
        return service;
    }

    @Test
    void nodesThatShareTheSecretTalkAndOthersAreRefusedWithoutLearningWhy() throws Exception {
        NettyMessagingService a = startWithSecret("127.0.0.1", "the cluster's own secret");
        NettyMessagingService b = startWithSecret("127.0.0.2", "the cluster's own secret");
        echo(a);
        echo(b);
        assertThat(text(request(a, b.localAddress(), "hello b").response.get(10, TimeUnit.SECONDS)))
                .isEqualTo("hello b");
        assertThat(text(request(b, a.localAddress(), "hello a").response.get(10, TimeUnit.SECONDS)))
                .isEqualTo("hello a");

        NettyMessagingService guessing = startWithSecret("127.0.0.3", "a guess at the cluster secret");
        Responses refused = request(guessing, a.localAddress(), "let me in");
        assertThat(refused.failure.get(10, TimeUnit.SECONDS)).isEqualTo(ResponseCallback.Failure.UNREACHABLE);
        assertThat(guessing.refusalBy(a.localAddress())).as("the guesser refuses a node it cannot verify")
                .isEqualTo("the peer does not hold this cluster's secret (internode_secret)");

        NettyMessagingService without = startWithSecret("127.0.0.4", null);
        Responses alsoRefused = request(without, a.localAddress(), "let me in");
        assertThat(alsoRefused.failure.get(10, TimeUnit.SECONDS)).isEqualTo(ResponseCallback.Failure.UNREACHABLE);
        assertThat(without.refusalBy(a.localAddress()))
                .isEqualTo("the peer requires the cluster's secret (internode_secret), which this node does not have");

        Responses toImpostor = request(a, without.localAddress(), "are you one of us?");
        assertThat(toImpostor.failure.get(10, TimeUnit.SECONDS)).as("a node with the secret talks only to nodes "
                + "that prove they hold it").isEqualTo(ResponseCallback.Failure.UNREACHABLE);
        assertThat(a.refusalBy(without.localAddress())).contains("without proving it holds the cluster's secret");
    }

    @Test
    void aPeerThatAnswersTheChallengeWronglyIsRefusedAndLearnsNothing() throws Exception {
        NettyMessagingService a = startWithSecret("127.0.0.1", "the cluster's own secret");
        try (Socket socket = new Socket(a.localAddress().host(), a.localAddress().port())) {
            socket.setSoTimeout(10_000);
            ByteBuf hello = io.netty.buffer.Unpooled.buffer();
            WireFormat.writeHandshake(hello, "test", new NodeAddress("127.0.0.5", 7000), new byte[16]);
            byte[] bytes = new byte[hello.readableBytes()];
            hello.readBytes(bytes);
            socket.getOutputStream().write(bytes);
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            assertThat(in.readInt()).isEqualTo(WireFormat.MAGIC);
            in.readInt();
            assertThat(in.readByte()).as("a challenge").isEqualTo(WireFormat.CHALLENGE);
            in.skipBytes(in.readUnsignedShort() + 16 + 32);
            socket.getOutputStream().write(new byte[32]);
            assertThat(in.readInt()).isEqualTo(WireFormat.MAGIC);
            in.readInt();
            assertThat(in.readByte()).isEqualTo(WireFormat.REFUSED);
            byte[] reason = new byte[in.readUnsignedShort()];
            in.readFully(reason);
            assertThat(new String(reason, StandardCharsets.UTF_8)).as("all the refused side is told").isEqualTo("Refused");
            assertThat(in.read()).as("then the connection is closed").isEqualTo(-1);
        }
    }

    @Test
    void aPeerThatRestartsIsReachedAgain() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.1", 0);
        NettyMessagingService b = start("test", "127.0.0.2", 0);
        int port = reachThenStop(a, b);
        Responses whileDown = request(a, new NodeAddress("127.0.0.2", port), "while down");
        NettyMessagingService restarted = start("test", "127.0.0.2", port);
        echo(restarted);
        // Queued while the peer was down: delivered once the reconnection succeeds (or timed out).
        java.util.concurrent.CompletableFuture.anyOf(whileDown.response, whileDown.failure).get(10, TimeUnit.SECONDS);
        assertThat(answerOnceReachable(a, restarted.localAddress(), "after")).isEqualTo("after");
    }

    /** A reaches B (an echo), then B stops; returns the port B listened on. */
    private int reachThenStop(NettyMessagingService a, NettyMessagingService b) throws Exception {
        echo(b);
        int port = b.localAddress().port();
        assertThat(text(request(a, b.localAddress(), "before").response.get(10, TimeUnit.SECONDS))).isEqualTo("before");
        b.close();
        services.remove(b);
        return port;
    }

    /**
     * Requests until one is answered: while the last connection attempt to a peer failed,
     * requests to it fail at once (UNREACHABLE) until a reconnection succeeds.
     */
    private static String answerOnceReachable(NettyMessagingService from, NodeAddress to, String text)
            throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            Responses responses = request(from, to, text);
            java.util.concurrent.CompletableFuture.anyOf(responses.response, responses.failure)
                    .get(10, TimeUnit.SECONDS);
            if (responses.response.isDone()) {
                return text(responses.response.get());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never answered");
    }

    @Test
    void requestsToAPeerThatDiedFailAtOnceInsteadOfAtTheirTimeout() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.1", 0);
        NettyMessagingService b = start("test", "127.0.0.2", 0);
        // B never answers ECHO: the request waits until B's connection closes.
        b.registerHandler(Verb.ECHO, request -> { });
        assertThat(request(a, b.localAddress(), "warm").failure.isDone()).isFalse();
        Responses waiting = new Responses();
        a.sendRequest(b.localAddress(), Verb.ECHO, "x".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60),
                waiting);
        Thread.sleep(200);
        b.close();
        services.remove(b);
        assertThat(waiting.failure.get(5, TimeUnit.SECONDS)).isEqualTo(ResponseCallback.Failure.UNREACHABLE);
        // And while B stays down, new requests fail at once too (once a reconnection was refused).
        Thread.sleep(500);
        Responses later = new Responses();
        a.sendRequest(b.localAddress(), Verb.ECHO, "y".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60),
                later);
        assertThat(later.failure.get(1, TimeUnit.SECONDS)).isEqualTo(ResponseCallback.Failure.UNREACHABLE);
    }

    @Test
    void aRequestQueuedForADownPeerExpiresInsteadOfArrivingLate() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.1", 0);
        NettyMessagingService b = start("test", "127.0.0.2", 0);
        int port = reachThenStop(a, b);
        Responses stale = new Responses();
        a.sendRequest(new NodeAddress("127.0.0.2", port), Verb.ECHO, "stale".getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(200), stale);
        assertThat(stale.failure.get(10, TimeUnit.SECONDS)).isNotNull();
        Thread.sleep(300);
        NettyMessagingService restarted = start("test", "127.0.0.2", port);
        List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
        restarted.registerHandler(Verb.ECHO, request -> {
            received.add(text(request));
            restarted.respond(request, request.payload());
        });
        assertThat(answerOnceReachable(a, restarted.localAddress(), "after")).isEqualTo("after");
        assertThat(received).containsExactly("after");
    }

    @Test
    void theQueueToAnUnreachablePeerIsBounded() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.1", 0);
        NodeAddress nobody = new NodeAddress("127.0.0.4", 1);
        List<Responses> sent = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            sent.add(request(a, nobody, "x"));
        }
        // At most 100 wait in the queue: the others fail as they are sent. The refused connection
        // then fails the queued ones too, long before their 5 s timeout.
        long unreachableAtOnce = sent.stream().filter(r -> r.failure.isDone()).count();
        assertThat(unreachableAtOnce).isGreaterThanOrEqualTo(50);
        for (Responses responses : sent) {
            assertThat(responses.failure.get(2, TimeUnit.SECONDS)).isEqualTo(ResponseCallback.Failure.UNREACHABLE);
        }
        assertThat(a.droppedMessages()).isEqualTo(150);
    }

    @Test
    void theQueueToAnUnreachablePeerIsBoundedInBytes() throws Exception {
        NettyMessagingService a = new NettyMessagingService(new MessagingConfig("test",
                new NodeAddress("127.0.0.1", 0), 100, 1024 * 1024, Duration.ofMillis(20), Duration.ofMillis(200))
                .withMaxQueuedBytesPerPeer(10_000), scheduler, new io.cairn.common.time.SystemClock()).start();
        services.add(a);
        NodeAddress nobody = new NodeAddress("127.0.0.4", 1);
        List<Responses> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Responses callback = new Responses();
            a.sendRequest(nobody, Verb.ECHO, new byte[1_000], Duration.ofSeconds(5), callback);
            sent.add(callback);
        }
        // Nine of about 1 KB fit in 10,000 bytes: the others fail as they are sent, far fewer than the 100 counted.
        assertThat(sent.stream().filter(r -> r.failure.isDone()).count()).isGreaterThanOrEqualTo(11);
        for (Responses responses : sent) {
            assertThat(responses.failure.get(2, TimeUnit.SECONDS)).isEqualTo(ResponseCallback.Failure.UNREACHABLE);
        }
    }

    @Test
    void aPeerThatStopsReadingGetsNoMoreThanTheBytesBoundWhileOthersAreServed() throws Exception {
        NettyMessagingService a = new NettyMessagingService(new MessagingConfig("test",
                new NodeAddress("127.0.0.1", 0), 100_000, 1024 * 1024, Duration.ofMillis(20), Duration.ofMillis(200))
                .withMaxQueuedBytesPerPeer(1 << 20), scheduler, new io.cairn.common.time.SystemClock()).start();
        services.add(a);
        NettyMessagingService b = start("test", "127.0.0.2", 0);
        echo(b);
        try (java.net.ServerSocket stuck = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.3"))) {
            stuck.setReceiveBufferSize(64 * 1024);
            NodeAddress peer = new NodeAddress("127.0.0.3", stuck.getLocalPort());
            a.sendOneWay(peer, Verb.ECHO, new byte[1]);
            try (Socket accepted = stuck.accept()) {
                // Accept the handshake, then never read again.
                io.netty.buffer.ByteBuf reply = io.netty.buffer.Unpooled.buffer();
                WireFormat.writeHandshakeReply(reply, WireFormat.ACCEPTED, "");
                byte[] bytes = new byte[reply.readableBytes()];
                reply.readBytes(bytes);
                accepted.getOutputStream().write(bytes);
                accepted.getOutputStream().flush();
                Thread.sleep(500);
                long droppedBefore = a.droppedMessages();
                for (int i = 0; i < 800; i++) {
                    a.sendOneWay(peer, Verb.ECHO, new byte[64 * 1024]);
                }
                long dropped = a.droppedMessages() - droppedBefore;
                assertThat(dropped).as("of 50 MiB to a peer that reads nothing, what its 1 MiB bound and the "
                        + "sockets' buffers could not take").isGreaterThan(400);
                assertThat(text(request(a, b.localAddress(), "still served").response.get(10, TimeUnit.SECONDS)))
                        .isEqualTo("still served");
            }
        }
    }

    @Test
    void connectionsLeaveFromTheNodesOwnListenAddress() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.2", 0);
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.3"))) {
            peer.setSoTimeout(10_000);
            request(a, new NodeAddress("127.0.0.3", peer.getLocalPort()), "hello");
            try (Socket accepted = peer.accept()) {
                assertThat(accepted.getInetAddress().getHostAddress()).as("the source address of a's connection")
                        .isEqualTo("127.0.0.2");
            }
        }
    }

    @Test
    void garbageOnThePortClosesOnlyThatConnection() throws Exception {
        NettyMessagingService a = start("test", "127.0.0.1", 0);
        NettyMessagingService b = start("test", "127.0.0.2", 0);
        echo(b);
        Random random = new Random(3);
        for (int i = 0; i < 10; i++) {
            try (Socket socket = new Socket(b.localAddress().host(), b.localAddress().port())) {
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                OutputStream out = socket.getOutputStream();
                out.write(garbage);
                out.flush();
            }
        }
        assertThat(text(request(a, b.localAddress(), "fine").response.get(10, TimeUnit.SECONDS))).isEqualTo("fine");
    }
}
