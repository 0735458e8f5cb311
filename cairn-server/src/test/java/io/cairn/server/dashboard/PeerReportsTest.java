package io.cairn.server.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cairn.node.metadata.NodeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Asking another node for its part of the view: its report when it answers, and otherwise why
 * not, within the timeouts and size limit, never a failure; and each node's share of the ring.
 */
class PeerReportsTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final ExecutorService serving = Executors.newFixedThreadPool(4);
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/api/dashboard/node", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            byte[] body;
            int status = 200;
            if (query.equals("samples=6")) {
                // A node that admits only the credentials the browser logged in with.
                boolean loggedIn = "Basic Y2Fpcm46cHc=".equals(exchange.getRequestHeaders().getFirst("Authorization"));
                status = loggedIn ? 200 : 401;
                body = "{\"host_id\":\"b\"}".getBytes(StandardCharsets.UTF_8);
            } else if (query.equals("samples=1")) {
                body = "{\"host_id\":\"a\",\"series\":{\"samples\":[[1,2,3,4,5]]}}".getBytes(StandardCharsets.UTF_8);
            } else if (query.equals("samples=2")) {
                body = new byte[PeerReports.MAX_ANSWER_BYTES + 1];
            } else if (query.equals("samples=3")) {
                body = "not json".getBytes(StandardCharsets.UTF_8);
            } else if (query.equals("samples=4")) {
                status = 500;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    Thread.sleep(PeerReports.ANSWER_TIMEOUT.toMillis() + 1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (java.io.IOException gone) {
                // The client gave up first.
            }
            exchange.close();
        });
        server.setExecutor(serving);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        serving.shutdownNow();
        executor.shutdownNow();
    }

    private PeerReports.Reply fetch(int samples) throws Exception {
        return fetch(samples, null);
    }

    private PeerReports.Reply fetch(int samples, String authorization) throws Exception {
        return new PeerReports(executor, new ObjectMapper(), null).fetch("127.0.0.1", server.getAddress().getPort(), samples,
                        authorization)
                .get(PeerReports.ANSWER_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
    }

    @Test
    void aNodeThatAuthenticatesIsAskedWithTheCredentialsOfTheRequest() throws Exception {
        assertThat(fetch(6).failure()).contains("401");
        PeerReports.Reply reply = fetch(6, "Basic Y2Fpcm46cHc=");
        assertThat(reply.failure()).isNull();
        assertThat(reply.report().path("host_id").asText()).isEqualTo("b");
    }

    @Test
    void aNodeThatAnswersGivesItsReport() throws Exception {
        PeerReports.Reply reply = fetch(1);
        assertThat(reply.failure()).isNull();
        assertThat(reply.report().path("series").path("samples").get(0).get(4).asInt()).isEqualTo(5);
    }

    @Test
    void anAnswerTooLargeNotJsonOrAnErrorIsAReasonNotAReport() throws Exception {
        assertThat(fetch(2).failure()).contains("larger than " + PeerReports.MAX_ANSWER_BYTES);
        assertThat(fetch(3).failure()).contains("not JSON");
        assertThat(fetch(4).failure()).contains("answered 500");
    }

    @Test
    void aNodeThatDoesNotAnswerInTimeIsSaidSo() throws Exception {
        long start = System.nanoTime();
        assertThat(fetch(5).failure()).contains("no answer within");
        assertThat(System.nanoTime() - start).isLessThan(PeerReports.ANSWER_TIMEOUT.toNanos() * 2);
    }

    @Test
    void aClosedPortIsARefusal() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PeerReports.Reply reply = new PeerReports(executor, new ObjectMapper(), null).fetch("127.0.0.1", closed, 1, null)
                .get(10, TimeUnit.SECONDS);
        assertThat(reply.report()).isNull();
        assertThat(reply.failure()).isNotBlank();
    }

    @Test
    void eachNodeOwnsTheRangesEndingAtItsTokens() {
        NodeId a = new NodeId(new UUID(0, 1));
        NodeId b = new NodeId(new UUID(0, 2));
        Map<NodeId, SortedSet<Long>> tokens = new TreeMap<>();
        tokens.put(a, new TreeSet<>(java.util.List.of(0L)));
        tokens.put(b, new TreeSet<>(java.util.List.of(Long.MIN_VALUE / 2)));
        Map<NodeId, Double> shares = ClusterReport.ownership(tokens);
        // b owns (0, MIN/2] around the ring's wrap: three quarters; a owns (MIN/2, 0]: a quarter.
        assertThat(shares.get(a)).isCloseTo(0.25, within(1e-9));
        assertThat(shares.get(b)).isCloseTo(0.75, within(1e-9));

        assertThat(ClusterReport.ownership(Map.of(a, new TreeSet<>(java.util.List.of(42L))))).containsEntry(a, 1.0);
        assertThat(ClusterReport.ownership(Map.of())).isEmpty();
    }
}
