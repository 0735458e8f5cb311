package io.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.common.SuppressForbidden;
import io.cairn.node.Node;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.RangeMovement;
import io.cairn.server.dashboard.Dashboard;
import io.cairn.server.dashboard.RecentWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/**
 * The node's admin endpoint: HTTP with JSON answers, on {@code admin_port} of the listen address.
 * {@code GET /api/ring} describes the cluster as the metadata log has it (epoch, metadata
 * replicas, the movement in progress, every node with its state); {@code POST /api/decommission},
 * {@code POST /api/cleanup} (drops the ranges the node no longer replicates),
 * {@code POST /api/repair[/KEYSPACE[/TABLE]]} (a full repair of the ranges the node replicates),
 * {@code GET /api/repair} (the repair under way, the last one's outcome, automatic repair's counts),
 * {@code GET /api/describecluster} (name, partitioner, epoch, metadata replicas, schema versions),
 * {@code GET /api/hints} (the hints the node holds for each replica, and those delivered, expired and
 * dropped since it started),
 * {@code POST /api/move/TOKEN[,TOKEN...]} (the node moves to these tokens, its whole new set),
 * {@code POST /api/removenode/HOSTID} and {@code POST /api/abort/HOSTID} run the lifecycle
 * operations and answer once they are done (200), refused or failed (409, with why), or for
 * a bad request (400, 404, 405). {@code cairn admin} is its client. {@code GET /metrics} serves
 * the node's metrics in Prometheus's text format. {@code GET /} serves the web dashboard
 * ({@link Dashboard}), whose page reads {@code GET /api/dashboard} (the cluster's view, gathered
 * from the other nodes' {@code GET /api/dashboard/node}). Every answer forbids caching and allows
 * a page only this endpoint's own scripts and styles; a request addressed to a name other than
 * localhost is refused (403).
 */
@SuppressForbidden(reason = "com.sun.net.httpserver is the JDK's supported HTTP server API (module jdk.httpserver, in "
        + "every JDK 17+), not an internal class: the admin endpoint needs no other HTTP library")
final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    /** How many requests may wait to be accepted. */
    static final int BACKLOG = 16;

    private final HttpServer server;
    private final Node node;
    private final ExecutorService executor;
    private final NodeMetrics metrics;
    private final ObjectMapper json = new ObjectMapper();
    private final LocalAdmin local;
    private final AdminGate gate;
    private final Dashboard dashboard;
    private final RecentWarnings warnings;

    private AdminServer(HttpServer server, Node node, ExecutorService executor, NodeMetrics metrics,
                        LocalAdmin local, AdminGate gate, Dashboard dashboard, RecentWarnings warnings) {
        this.gate = gate;
        this.server = server;
        this.node = node;
        this.executor = executor;
        this.metrics = metrics;
        this.local = local;
        this.dashboard = dashboard;
        this.warnings = warnings;
    }

    /**
     * What every answer says of itself: never cached (the API's answers change each second), and a
     * page may load only this endpoint's own scripts, styles and images, and be framed by none.
     */
    private static final java.util.Map<String, String> SECURITY_HEADERS = java.util.Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'none'; "
                    + "frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    /** Threads that serve admin requests: their own, so a long compaction takes no client request's thread. */
    static final int THREADS = 2;

    /**
     * Binds {@code address} and serves on {@link #THREADS} threads of its own; {@code /metrics}
     * serves {@code metrics}, which the endpoint closes when it closes; {@code drain} is what
     * {@code POST /api/drain} does. The dashboard samples the node's client requests every second
     * on {@code scheduler} and lists {@code warnings}, which the endpoint also closes.
     */
    static AdminServer start(InetSocketAddress address, Node node, NodeMetrics metrics,
                             io.cairn.server.config.NodeConfig config, Runnable drain,
                             io.cairn.common.time.Clock clock, io.cairn.common.time.Scheduler scheduler,
                             RecentWarnings warnings, AdminGate gate) {
        javax.net.ssl.SSLContext serving;
        javax.net.ssl.SSLContext asking;
        try {
            serving = AdminTls.server(config.clientSecurity().encryption());
            asking = AdminTls.peers(config.clientSecurity().encryption());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the keystore the admin endpoint serves TLS with: "
                    + e.getMessage(), e);
        }
        ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(THREADS, AdminThreads.INSTANCE);
        Dashboard dashboard = null;
        try {
            dashboard = Dashboard.start(node, metrics.registry(),
                    io.cairn.node.coordinator.MeteredDataCoordinator.LATENCY,
                    io.cairn.node.coordinator.MeteredDataCoordinator.FAILURES, clock, scheduler, executor, warnings,
                    asking);
            return start(address, node, executor, metrics,
                    new LocalAdmin(node, config, metrics, drain, clock::currentTimeMillis, new ObjectMapper()),
                    gate, dashboard, warnings, serving);
        } catch (RuntimeException e) {
            if (dashboard != null) {
                dashboard.close();
            }
            executor.shutdownNow();
            throw e;
        }
    }

    private static AdminServer start(InetSocketAddress address, Node node, ExecutorService executor,
                                     NodeMetrics metrics, LocalAdmin local, AdminGate gate, Dashboard dashboard,
                                     RecentWarnings warnings, javax.net.ssl.SSLContext tls) {
        HttpServer server;
        try {
            if (tls == null) {
                server = HttpServer.create(address, BACKLOG);
            } else {
                com.sun.net.httpserver.HttpsServer secure = com.sun.net.httpserver.HttpsServer.create(address, BACKLOG);
                secure.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = secure;
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot bind the admin endpoint to " + address + ": " + e.getMessage(), e);
        }
        AdminServer admin = new AdminServer(server, node, executor, metrics, local, gate, dashboard, warnings);
        server.createContext("/api/", admin.addressedByIp(admin::handle));
        server.createContext("/metrics", admin.addressedByIp(admin::scrape));
        server.createContext("/", admin.addressedByIp(admin::page));
        server.setExecutor(executor);
        server.start();
        LOG.info("Admin endpoint on {}://{}:{}/ (the dashboard; the API under /api/)", tls == null ? "http" : "https",
                address.getHostString(), server.getAddress().getPort());
        return admin;
    }

    /**
     * {@code handler}, for requests addressed to an IP address or {@code localhost} only (their
     * {@code Host} header; a request without one is a tool's, not a browser's): a web page whose
     * own name an attacker made resolve to this machine (DNS rebinding) is refused, so no page but
     * the dashboard's own reads the endpoint's answers.
     */
    private com.sun.net.httpserver.HttpHandler addressedByIp(com.sun.net.httpserver.HttpHandler handler) {
        return exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || isIpOrLocalhost(host)) {
                handler.handle(exchange);
            } else {
                answer(exchange, 403, error("The admin endpoint answers requests addressed to an IP address or "
                        + "localhost only, not to '" + host + "'"));
            }
        };
    }

    /** Whether a Host header names an IP address (IPv6 in brackets) or localhost, with or without a port. */
    static boolean isIpOrLocalhost(String host) {
        return host.matches("(?i)(localhost|[0-9]{1,3}(\\.[0-9]{1,3}){3}|\\[[0-9a-f:.%a-z]+])(:[0-9]{1,5})?");
    }

    /** Where the endpoint listens (the chosen port when port 0 was asked). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * Whether the request may go on; if not, it has been answered (401 asks for a superuser's
     * credentials, 403 refuses another role).
     */
    private boolean admitted(HttpExchange exchange) {
        AdminGate.Verdict verdict = gate.check(exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRemoteAddress());
        if (verdict.admitted()) {
            return true;
        }
        if (verdict.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"cairn\", charset=\"UTF-8\"");
        }
        answer(exchange, verdict.status(), error(verdict.reason()));
        return false;
    }

    private void handle(HttpExchange exchange) {
        if (!admitted(exchange)) {
            return;
        }
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String[] parts = path.substring("/api/".length()).split("/", -1);
            String action = parts[0];
            boolean post = method.equals("POST");
            if (post && exchange.getRequestHeaders().containsKey("Origin")) {
                // A browser sends Origin with every cross-site POST: no web page may drive this endpoint.
                answer(exchange, 403, error("Requests from web pages are refused"));
                return;
            }
            if (LocalAdmin.ACTIONS.contains(action)) {
                java.util.Map<String, String> query;
                try {
                    query = query(exchange.getRequestURI().getRawQuery());
                } catch (IllegalArgumentException e) {
                    answer(exchange, 400, error("Bad query string: " + e.getMessage()));
                    return;
                }
                LocalAdmin.Answer answer = local.handle(method, parts, query);
                answer(exchange, answer.status(), answer.body());
                return;
            }
            switch (action) {
                case "dashboard" -> {
                    int samples;
                    try {
                        samples = Dashboard.samples(query(exchange.getRequestURI().getRawQuery()).get("samples"));
                    } catch (IllegalArgumentException e) {
                        answer(exchange, 400, error("Bad query string: " + e.getMessage()));
                        return;
                    }
                    if (method.equals("GET") && parts.length == 1) {
                        dashboard.cluster(samples, exchange.getRequestHeaders().getFirst("Authorization"))
                                .whenCompleteAsync((view, failure) -> {
                            if (failure == null) {
                                answerCompact(exchange, 200, view);
                            } else {
                                LOG.warn("The dashboard's view failed", failure);
                                answer(exchange, 500, error(String.valueOf(failure.getMessage())));
                            }
                        }, executor);
                    } else if (method.equals("GET") && parts.length == 2 && parts[1].equals("node")) {
                        answerCompact(exchange, 200, dashboard.node(samples));
                    } else {
                        answer(exchange, method.equals("GET") ? 404 : 405,
                                error("Use GET /api/dashboard or GET /api/dashboard/node [?samples=N]"));
                    }
                }
                case "ring" -> {
                    if (!method.equals("GET")) {
                        answer(exchange, 405, error("Use GET for " + path));
                        return;
                    }
                    answer(exchange, 200, ring(node.metadata().current()));
                }
                case "hints" -> {
                    if (!method.equals("GET") || parts.length != 1) {
                        answer(exchange, method.equals("GET") ? 404 : 405, error("Use GET /api/hints"));
                        return;
                    }
                    answer(exchange, 200, hints(node.hintCounts()));
                }
                case "describecluster" -> {
                    if (!method.equals("GET")) {
                        answer(exchange, 405, error("Use GET for " + path));
                        return;
                    }
                    answer(exchange, 200, describeCluster(node.metadata().current()));
                }
                case "decommission", "cleanup" -> {
                    if (!post || parts.length != 1) {
                        answer(exchange, post ? 404 : 405, error("Use POST /api/" + action));
                        return;
                    }
                    answerWhenDone(exchange, action.equals("cleanup") ? node.cleanup() : node.decommission(),
                            action.equals("cleanup") ? "cleaned up" : "decommissioned");
                }
                case "repair" -> {
                    if (method.equals("GET") && (parts.length == 1 || parts.length == 2 && parts[1].isEmpty())) {
                        answer(exchange, 200, repairStatus());
                        return;
                    }
                    if (!post || parts.length > 3) {
                        answer(exchange, post ? 404 : 405, error("Use POST /api/repair[/KEYSPACE[/TABLE]]"
                                + "[?full=true][&range=START:END] to repair, GET /api/repair for its status"));
                        return;
                    }
                    String keyspace = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
                    String table = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null;
                    RepairOptions options;
                    try {
                        options = RepairOptions.parse(exchange.getRequestURI().getRawQuery());
                    } catch (IllegalArgumentException e) {
                        answer(exchange, 400, error(e.getMessage()));
                        return;
                    }
                    answerWhenDone(exchange, node.repair(keyspace, table, options.full(), options.ranges()),
                            "repaired", (body, result) -> {
                                body.put("value", result.ranges());
                                putResult(body, result);
                            });
                }
                case "move" -> {
                    if (!post || parts.length != 2) {
                        answer(exchange, post ? 404 : 405, error("Use POST /api/move/TOKEN[,TOKEN...]"));
                        return;
                    }
                    java.util.SortedSet<Long> tokens = new java.util.TreeSet<>();
                    for (String token : parts[1].split(",", -1)) {
                        try {
                            tokens.add(Long.parseLong(token.trim()));
                        } catch (NumberFormatException e) {
                            answer(exchange, 400, error("Not a token: '" + token + "' (a Murmur3 token is a "
                                    + "64-bit signed integer)"));
                            return;
                        }
                    }
                    answerWhenDone(exchange, node.move(tokens), "moved");
                }
                case "removenode", "abort" -> {
                    if (!post || parts.length != 2) {
                        answer(exchange, post ? 404 : 405, error("Use POST /api/" + action + "/HOSTID"));
                        return;
                    }
                    UUID hostId;
                    try {
                        hostId = UUID.fromString(parts[1]);
                    } catch (IllegalArgumentException e) {
                        answer(exchange, 400, error("Not a host id: '" + parts[1] + "'"));
                        return;
                    }
                    answerWhenDone(exchange, action.equals("abort") ? node.abortMovement(hostId)
                            : node.removeNode(hostId), action.equals("abort") ? "aborted" : "removed");
                }
                default -> answer(exchange, 404, error("No such command: " + path
                        + " (dashboard, ring, describecluster, hints, decommission, cleanup, repair[/KEYSPACE[/TABLE]], "
                        + "move/TOKEN[,TOKEN...], removenode/HOSTID, abort/HOSTID, " + String.join(", ", LocalAdmin.ACTIONS)
                        + ")"));
            }
        } catch (RuntimeException e) {
            LOG.warn("Admin request {} failed", exchange.getRequestURI(), e);
            answer(exchange, 500, error(String.valueOf(e.getMessage())));
        }
    }

    /** Answers once {@code operation} is done: 200 with what it returned, or 409 with why it failed. */
    private void answerWhenDone(HttpExchange exchange, CompletionStage<Long> operation, String done) {
        answerWhenDone(exchange, operation, done, (body, value) -> body.put("value", value));
    }

    /** Answers once {@code operation} is done: 200 with what {@code describe} says of its result, or 409 with why it failed. */
    private <T> void answerWhenDone(HttpExchange exchange, CompletionStage<T> operation, String done,
                                    java.util.function.BiConsumer<ObjectNode, T> describe) {
        // Writing the answer may block: never on the thread that completed the operation.
        operation.whenCompleteAsync((value, failure) -> {
            if (failure == null) {
                ObjectNode body = json.createObjectNode();
                body.put("result", done);
                describe.accept(body, value);
                body.put("epoch", node.metadata().current().epoch().value());
                answer(exchange, 200, body);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                answer(exchange, 409, error(String.valueOf(cause.getMessage())));
            }
        }, executor);
    }

    /** The cluster as {@code metadata} has it. */
    private ObjectNode ring(ClusterMetadata metadata) {
        ObjectNode body = json.createObjectNode();
        body.put("cluster_name", metadata.clusterName());
        body.put("epoch", metadata.epoch().value());
        ArrayNode replicas = body.putArray("metadata_replicas");
        metadata.metadataReplicas().forEach(id -> replicas.add(id.toString()));
        RangeMovement movement = metadata.movement();
        if (movement == null) {
            body.putNull("movement");
        } else {
            ObjectNode moving = body.putObject("movement");
            moving.put("kind", movement.kind().name());
            moving.put("node", movement.node().toString());
            moving.put("step", movement.step().name());
            if (movement.replaced() != null) {
                moving.put("replaced", movement.replaced().toString());
            }
        }
        ArrayNode nodes = body.putArray("nodes");
        for (NodeRecord record : metadata.directory().nodes().values()) {
            ObjectNode entry = nodes.addObject();
            entry.put("host_id", record.id().toString());
            entry.put("address", record.address().toString());
            entry.put("native_address", record.nativeAddress().toString());
            entry.put("data_center", record.dataCenter());
            entry.put("rack", record.rack());
            entry.put("state", record.state().name());
            entry.put("tokens", metadata.tokens().getOrDefault(record.id(), java.util.Collections.emptySortedSet())
                    .size());
            // A node that left is not up, whatever gossip says of its address (a replacement may hold it).
            entry.put("up", record.state() != io.cairn.node.metadata.NodeState.LEFT
                    && node.gossiper().isAlive(record.address()));
        }
        return body;
    }

    /**
     * What {@code nodetool describecluster} tells: the cluster's name and partitioner, the log's
     * epoch and metadata replicas, and which schema version each node in the ring that gossip has
     * up reports (one version when the schema agrees); the nodes that are down are listed apart.
     */
    private ObjectNode describeCluster(ClusterMetadata metadata) {
        ObjectNode body = json.createObjectNode();
        body.put("cluster_name", metadata.clusterName());
        body.put("partitioner", "org.apache.cassandra.dht.Murmur3Partitioner");
        body.put("epoch", metadata.epoch().value());
        ArrayNode replicas = body.putArray("metadata_replicas");
        metadata.metadataReplicas().forEach(id -> replicas.add(id.toString()));
        java.util.Map<String, java.util.List<String>> versions = new java.util.TreeMap<>();
        ArrayNode unreachable = body.putArray("unreachable");
        var states = node.gossiper().endpointStates();
        for (NodeRecord record : metadata.directory().nodes().values()) {
            if (record.state() == io.cairn.node.metadata.NodeState.LEFT) {
                continue;
            }
            if (!node.gossiper().isAlive(record.address())) {
                unreachable.add(record.address().toString());
                continue;
            }
            String version = record.address().equals(node.address())
                    ? node.schema().current().version().toString()
                    : java.util.Optional.ofNullable(states.get(record.address()))
                    .map(state -> state.get(io.cairn.cluster.gossip.ApplicationState.SCHEMA_VERSION))
                    .orElse("unknown");
            versions.computeIfAbsent(version, v -> new java.util.ArrayList<>()).add(record.address().toString());
        }
        ObjectNode schemas = body.putObject("schema_versions");
        versions.forEach((version, nodes) -> {
            ArrayNode list = schemas.putArray(version);
            nodes.forEach(list::add);
        });
        return body;
    }

    /** A repair's counts, as {@code cairn admin repair} prints them. */
    private static void putResult(ObjectNode body, io.cairn.node.repair.Repair.Result result) {
        body.put("ranges", result.ranges());
        body.put("partitions_hashed", result.partitionsHashed());
        body.put("bytes_hashed", result.bytesHashed());
        body.put("differing_leaves", result.differingLeaves());
        body.put("partitions_received", result.partitionsReceived());
        body.put("bytes_received", result.bytesReceived());
        body.put("partitions_sent", result.partitionsSent());
        body.put("bytes_sent", result.bytesSent());
    }

    /** The hints this node holds for each replica, and those delivered, expired and dropped since it started. */
    private ObjectNode hints(io.cairn.node.hints.HintCounts counts) {
        ObjectNode body = json.createObjectNode();
        ObjectNode pending = body.putObject("pending");
        counts.pending().forEach((target, count) -> pending.put(target.toString(), count));
        body.put("total", counts.total());
        body.put("delivered", counts.delivered());
        body.put("delivered_bytes", counts.deliveredBytes());
        body.put("expired", counts.expired());
        body.put("dropped", counts.dropped());
        return body;
    }

    /** The operator's repair under way, how the last one ended, and what automatic repair did. */
    private ObjectNode repairStatus() {
        ObjectNode body = json.createObjectNode();
        io.cairn.node.repair.RepairStats stats = node.repairStats();
        io.cairn.node.repair.RepairStats.Running running = stats.running();
        if (running == null) {
            body.putNull("running");
        } else {
            ObjectNode now = body.putObject("running");
            now.put("what", running.what());
            now.put("started_millis", running.startedMillis());
            now.put("pieces", running.pieces());
            now.put("pieces_done", running.piecesDone());
            putResult(now, running.soFar());
        }
        body.put("last", stats.lastOutcome());
        io.cairn.node.repair.AutoRepair.Progress automatic = node.autoRepairProgress();
        ObjectNode auto = body.putObject("automatic");
        auto.put("enabled", node.autoRepair().enabled());
        auto.put("running", node.autoRepair().isRunning());
        auto.put("pieces_repaired", automatic.piecesRepaired());
        auto.put("pieces_failed", automatic.piecesFailed());
        putResult(auto, automatic.repaired());
        auto.put("last_failure", automatic.lastFailure());
        return body;
    }

    private ObjectNode error(String message) {
        ObjectNode body = json.createObjectNode();
        body.put("error", message);
        return body;
    }

    /** A query string's parameters (decoded; the last of a repeated name wins); IllegalArgumentException for a bad escape. */
    static java.util.Map<String, String> query(String raw) {
        java.util.Map<String, String> parameters = new java.util.HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    /** {@code GET /metrics}: every meter of the node in Prometheus's text format. */
    private void scrape(HttpExchange exchange) {
        if (!admitted(exchange)) {
            return;
        }
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals("/metrics")) {
                answer(exchange, exchange.getRequestMethod().equals("GET") ? 404 : 405, error("Use GET /metrics"));
                return;
            }
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("Could not answer a metrics scrape: {}", e.getMessage());
        }
    }

    /** {@code GET /} and the dashboard's other files. */
    private void page(HttpExchange exchange) {
        if (!admitted(exchange)) {
            return;
        }
        try (exchange) {
            String method = exchange.getRequestMethod();
            Dashboard.Asset asset = dashboard.asset(exchange.getRequestURI().getPath());
            if (!method.equals("GET") || asset == null) {
                byte[] bytes = (method.equals("GET") ? "Not found: the dashboard is at /, the API under /api/\n"
                        : "Use GET\n").getBytes(StandardCharsets.UTF_8);
                send(exchange, method.equals("GET") ? 404 : 405, "text/plain; charset=utf-8", bytes);
                return;
            }
            send(exchange, 200, asset.contentType(), asset.bytes());
        } catch (IOException e) {
            LOG.debug("Could not answer admin request {}: {}", exchange.getRequestURI(), e.getMessage());
        }
    }

    private void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** As {@link #answer}, without the line breaks and indents that make a large answer twice as large. */
    private void answerCompact(HttpExchange exchange, int status, ObjectNode body) {
        try (exchange) {
            send(exchange, status, "application/json; charset=utf-8",
                    json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("Could not answer admin request {}: {}", exchange.getRequestURI(), e.getMessage());
        }
    }

    private void answer(HttpExchange exchange, int status, ObjectNode body) {
        try (exchange) {
            byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsString(body)
                    .getBytes(StandardCharsets.UTF_8);
            SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            LOG.debug("Could not answer admin request {}: {}", exchange.getRequestURI(), e.getMessage());
        }
    }

    @Override
    public void close() {
        dashboard.close();
        server.stop(0);
        // An operation under way (a compaction, a restore) finishes before storage closes under it.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("Admin operations still running after {} s; interrupting them", CLOSE_WAIT.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        metrics.close();
        warnings.close();
    }

    /** How long closing waits for admin operations under way. */
    static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofMinutes(2);

    /** Names the admin threads and makes them daemons. */
    @SuppressForbidden(reason = "the admin endpoint's own threads")
    private enum AdminThreads implements java.util.concurrent.ThreadFactory {
        INSTANCE;

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "cairn-admin");
            thread.setDaemon(true);
            return thread;
        }
    }
}
