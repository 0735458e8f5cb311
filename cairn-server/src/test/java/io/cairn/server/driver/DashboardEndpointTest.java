package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cluster.gossip.ApplicationState;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's page and JSON on one node: its files with their types, the view's shape (health,
 * the node with its samples, tables, operations, warnings), no caching, only the endpoint's own
 * content, and the node gossips where its endpoint listens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardEndpointTest {

    @TempDir
    static Path directory;

    private CairnNode node;

    @BeforeAll
    void start() {
        node = TestNodes.startSingle(directory);
    }

    @AfterAll
    void stop() {
        TestNodes.close(List.of(node));
    }

    @Test
    void theViewHasTheNodeItsRequestsAndItsTables() throws Exception {
        try (CqlSession session = TestNodes.session(node.nativeAddress(), 1)) {
            session.execute("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            session.execute("CREATE TABLE shop.orders (id int PRIMARY KEY, total int)");
            for (int i = 0; i < 50; i++) {
                session.execute("INSERT INTO shop.orders (id, total) VALUES (" + i + ", 1)");
            }
        }
        JsonNode view = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            view = json(TestNodes.admin("GET", node.adminAddress(), "/api/dashboard?samples=30"));
            if (max(view.path("nodes").get(0).path("series").path("samples"), 1) > 0) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(view.path("cluster_name").asText()).isEqualTo("Test Cluster");
        JsonNode health = view.path("health");
        assertThat(health.path("status").asText()).isEqualTo("healthy");
        assertThat(health.path("nodes").asInt()).isEqualTo(1);
        assertThat(health.path("up").asInt()).isEqualTo(1);
        assertThat(health.path("ranges_without_quorum").asInt()).isZero();
        JsonNode self = view.path("nodes").get(0);
        assertThat(self.path("self").asBoolean()).isTrue();
        assertThat(self.path("answered").asBoolean()).isTrue();
        assertThat(self.path("up").asBoolean()).isTrue();
        assertThat(self.path("ownership").asDouble()).isEqualTo(1.0);
        assertThat(self.path("tokens").asInt()).isEqualTo(4);
        JsonNode samples = self.path("series").path("samples");
        assertThat(samples.size()).isBetween(1, 30);
        assertThat(samples).allSatisfy(row -> assertThat(row.size()).as("time, ops, p50, p99, errors").isEqualTo(5));
        assertThat(max(samples, 1)).as("the inserts' rate").isPositive();
        assertThat(max(samples, 3)).as("their p99 in ms").isPositive();
        assertThat(view.path("tables").findValuesAsText("table")).contains("orders");
        assertThat(view.path("operations").isArray()).isTrue();
        assertThat(view.path("warnings").isArray()).isTrue();

        JsonNode own = json(TestNodes.admin("GET", node.adminAddress(), "/api/dashboard/node?samples=2"));
        assertThat(own.path("series").path("samples").size()).isBetween(1, 2);
        assertThat(own.path("host_id").asText()).isEqualTo(node.node().hostId().toString());
        assertThat(own.has("load_bytes")).isTrue();
    }

    private static double max(JsonNode samples, int column) {
        double max = 0;
        for (JsonNode row : samples) {
            max = Math.max(max, row.path(column).asDouble());
        }
        return max;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void thePageAndItsFilesComeWithTheirTypesAndOnlyTheirOwnContent() throws Exception {
        for (String[] file : new String[][] {{"/", "text/html; charset=utf-8"},
                {"/dashboard.js", "text/javascript; charset=utf-8"}, {"/dashboard.css", "text/css; charset=utf-8"},
                {"/favicon.svg", "image/svg+xml"}}) {
            HttpResponse<String> response = TestNodes.admin("GET", node.adminAddress(), file[0]);
            assertThat(response.statusCode()).as(file[0]).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file[0]).hasValue(file[1]);
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'self'").doesNotContain("unsafe");
        }
        assertThat(TestNodes.admin("GET", node.adminAddress(), "/").body()).contains("dashboard.js");
        assertThat(TestNodes.admin("GET", node.adminAddress(), "/nosuch.html").statusCode()).isEqualTo(404);
        assertThat(TestNodes.admin("POST", node.adminAddress(), "/").statusCode()).isEqualTo(405);
        assertThat(TestNodes.admin("POST", node.adminAddress(), "/api/dashboard").statusCode()).isEqualTo(405);
        assertThat(TestNodes.admin("GET", node.adminAddress(), "/api/dashboard?samples=many").statusCode())
                .isEqualTo(400);
    }

    @Test
    void aPostFromAWebPageIsStillRefused() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + node.adminAddress().getHostString() + ":"
                        + node.adminAddress().getPort() + "/api/flush"))
                .header("Origin", "http://" + node.adminAddress().getHostString() + ":" + node.adminAddress().getPort())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aRequestAddressedToANameOtherThanLocalhostIsRefused() throws Exception {
        // As a page of a name made to resolve to this machine (DNS rebinding) would send it.
        assertThat(statusLine("attacker.example:9180")).contains(" 403 ");
        assertThat(statusLine("localhost:" + node.adminAddress().getPort())).contains(" 200 ");
        assertThat(statusLine("127.0.0.1:" + node.adminAddress().getPort())).contains(" 200 ");
    }

    /** The status line of GET /api/info sent with this Host header (the JDK's client sets its own). */
    private String statusLine(String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(node.adminAddress().getAddress(),
                node.adminAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/info HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void theNodeGossipsWhereItsAdminEndpointListens() {
        String gossiped = node.node().gossiper().endpointStates().get(node.node().address())
                .get(ApplicationState.ADMIN_ADDRESS);
        assertThat(gossiped).isEqualTo("127.0.0.1:" + node.adminAddress().getPort());
    }
}
