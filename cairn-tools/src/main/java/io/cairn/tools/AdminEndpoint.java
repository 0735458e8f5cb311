package io.cairn.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The client of a node's admin endpoint ({@code admin_port}): {@code cairn admin ring},
 * {@code describecluster}, {@code hints}, {@code decommission}, {@code cleanup}, {@code repair [KEYSPACE [TABLE]]},
 * {@code move TOKEN[,TOKEN...]}, {@code removenode HOSTID} and
 * {@code abort HOSTID}. Prints a table or
 * a line, or the JSON answer as it is; a node that does not answer is reported as such.
 */
final class AdminEndpoint {

    /** How long a decommission, move or removenode may take before the command stops waiting (it goes on). */
    static final Duration OPERATION_WAIT = Duration.ofHours(2);

    private AdminEndpoint() {
    }

    /**
     * Runs {@code action} against {@code endpoint} ("host:port"), with {@code argument} (a host
     * id, a repair's KEYSPACE[/TABLE], a move's tokens, or null); the exit code.
     */
    static int run(String endpoint, String action, String argument, boolean rawJson) {
        String path = switch (action) {
            case "ring" -> "/api/ring";
            case "describecluster" -> "/api/describecluster";
            case "hints" -> "/api/hints";
            case "decommission" -> "/api/decommission";
            case "cleanup" -> "/api/cleanup";
            case "repair" -> argument == null ? "/api/repair"
                    : argument.startsWith("?") ? "/api/repair" + argument : "/api/repair/" + argument;
            default -> "/api/" + action + "/" + argument;
        };
        URI uri;
        HttpClient client;
        try {
            uri = uri(endpoint, path);
            client = client();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        boolean query = action.equals("ring") || action.equals("describecluster") || action.equals("hints");
        HttpRequest request = request(uri).timeout(query ? Duration.ofSeconds(30) : OPERATION_WAIT)
                .method(query ? "GET" : "POST", HttpRequest.BodyPublishers.noBody()).build();
        if (!query) {
            System.out.println("Running " + action + (argument == null ? "" : " " + argument) + " on " + endpoint
                    + "; this waits until it is done");
        }
        HttpResponse<String> response = send(endpoint, System.err, action.equals("repair")
                ? () -> whileShowingProgress(client, request, endpoint)
                : () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
        JsonNode body = response == null ? null : json(response, System.err);
        if (body == null) {
            return 1;
        }
        if (rawJson) {
            System.out.println(response.body());
        } else if (response.statusCode() != 200) {
            System.err.println(action + " failed: " + body.path("error").asText(response.body()));
            if (response.statusCode() == 401) {
                System.err.println("Set " + USERNAME_VARIABLE + " and " + PASSWORD_VARIABLE + " to a superuser's name "
                        + "and password.");
            }
        } else if (action.equals("ring")) {
            printRing(body);
        } else if (action.equals("describecluster")) {
            printCluster(body);
        } else if (action.equals("hints")) {
            printHints(body);
        } else if (action.equals("repair")) {
            System.out.println("repair: " + describeRepair(body));
        } else {
            System.out.println(action + ": " + body.path("result").asText() + " (epoch " + body.path("epoch").asLong()
                    + (action.equals("abort") ? "" : ", " + body.path("value").asLong()
                    + (action.equals("cleanup") ? " table ranges dropped" : " partitions copied")) + ")");
        }
        return response.statusCode() == 200 ? 0 : 1;
    }

    /**
     * The environment variables that name the truststore (and its password) that trusts the
     * certificate of an endpoint serving HTTPS (a node whose native transport has TLS): set, the
     * endpoint is asked over HTTPS.
     */
    static final String TRUSTSTORE_VARIABLE = "CAIRN_ADMIN_TRUSTSTORE";
    static final String TRUSTSTORE_PASSWORD_VARIABLE = "CAIRN_ADMIN_TRUSTSTORE_PASSWORD";

    /** The endpoint's address for {@code path}: over HTTPS when {@value #TRUSTSTORE_VARIABLE} is set. */
    static URI uri(String endpoint, String path) {
        return uri(endpoint, path, System.getenv(TRUSTSTORE_VARIABLE) != null);
    }

    static URI uri(String endpoint, String path, boolean https) {
        try {
            return URI.create((https ? "https://" : "http://") + endpoint + path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an admin endpoint: '" + endpoint + "' (use HOST:PORT)", e);
        }
    }

    /** A client of the endpoint: trusting {@value #TRUSTSTORE_VARIABLE}'s certificates when it is set. */
    static HttpClient client() {
        String truststore = System.getenv(TRUSTSTORE_VARIABLE);
        return client(truststore == null ? null : java.nio.file.Path.of(truststore),
                System.getenv(TRUSTSTORE_PASSWORD_VARIABLE));
    }

    static HttpClient client(java.nio.file.Path truststore, String password) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (truststore != null) {
            try {
                builder.sslContext(io.cairn.server.config.DevCertificates.trusting(truststore,
                        password == null ? "" : password));
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException("Cannot read the truststore " + truststore + " ("
                        + TRUSTSTORE_VARIABLE + ", " + TRUSTSTORE_PASSWORD_VARIABLE + "): " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    /** The environment variables that hold the superuser's credentials for a node that authenticates. */
    static final String USERNAME_VARIABLE = "CAIRN_ADMIN_USERNAME";
    static final String PASSWORD_VARIABLE = "CAIRN_ADMIN_PASSWORD";

    /**
     * A request to {@code uri}, logged in (HTTP Basic) as {@value #USERNAME_VARIABLE} with
     * {@value #PASSWORD_VARIABLE} when both are set: a node whose clients log in admits superusers only.
     */
    static HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        String name = System.getenv(USERNAME_VARIABLE);
        String password = System.getenv(PASSWORD_VARIABLE);
        if (name != null && !name.isEmpty() && password != null) {
            builder.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (name + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return builder;
    }

    /** A request to the admin endpoint, as it is sent. */
    interface Exchange {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    /**
     * Sends a request to {@code endpoint}; its answer, or null once {@code err} says why there is
     * none (a node that does not answer is reported as down).
     */
    static HttpResponse<String> send(String endpoint, java.io.PrintStream err, Exchange exchange) {
        try {
            return exchange.send();
        } catch (ConnectException e) {
            err.println("The node's admin endpoint " + endpoint + " does not answer: is the node down, or its "
                    + "admin_port another?");
        } catch (IOException e) {
            err.println("The admin endpoint " + endpoint + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** The answer's JSON, or null once {@code err} says it was none. */
    static JsonNode json(HttpResponse<String> response, java.io.PrintStream err) {
        try {
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            err.println("The admin endpoint answered " + response.statusCode() + " and no JSON: " + response.body());
            return null;
        }
    }

    /** A repair's counts, as the admin endpoint gives them. */
    static String describeRepair(JsonNode result) {
        return result.path("ranges").asLong() + " ranges compared, "
                + result.path("partitions_hashed").asLong() + " partitions (" + result.path("bytes_hashed").asLong()
                + " bytes) hashed on all replicas, " + result.path("differing_leaves").asLong()
                + " leaves differed; received " + result.path("partitions_received").asLong() + " partitions ("
                + result.path("bytes_received").asLong() + " bytes), sent " + result.path("partitions_sent").asLong()
                + " partitions (" + result.path("bytes_sent").asLong() + " bytes)";
    }

    /** How often a repair's progress is printed while it runs. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    /** Sends a repair and, until it answers, prints its progress every {@link #PROGRESS_INTERVAL}. */
    private static HttpResponse<String> whileShowingProgress(HttpClient client, HttpRequest repair, String endpoint)
            throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(repair, HttpResponse.BodyHandlers.ofString());
        while (true) {
            try {
                return answer.get(PROGRESS_INTERVAL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                JsonNode running = status(client, endpoint).path("running");
                if (running.isObject()) {
                    System.out.println("  " + running.path("pieces_done").asLong() + " of "
                            + running.path("pieces").asLong() + " pieces repaired: " + describeRepair(running));
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause());
            }
        }
    }

    /** The node's repair status (the repair under way, the last one's outcome, automatic repair), or an empty node. */
    private static JsonNode status(HttpClient client, String endpoint) throws InterruptedException {
        try {
            HttpResponse<String> response = client.send(request(uri(endpoint, "/api/repair")).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(response.body());
        } catch (IOException | IllegalArgumentException e) {
            return new ObjectMapper().createObjectNode();
        }
    }

    /** {@code cairn admin repair --status}: prints the node's repair status; the exit code. */
    static int repairStatus(String endpoint) {
        HttpClient client;
        try {
            client = client();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        JsonNode body;
        try {
            body = status(client, endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (!body.has("automatic")) {
            System.err.println("The node's admin endpoint " + endpoint + " does not answer: is the node down, or its "
                    + "admin_port another?");
            return 1;
        }
        JsonNode running = body.path("running");
        System.out.println("Repair under way: " + (running.isObject() ? running.path("what").asText() + ", "
                + running.path("pieces_done").asLong() + " of " + running.path("pieces").asLong() + " pieces: "
                + describeRepair(running) : "none"));
        System.out.println("Last repair: " + (body.path("last").isTextual() ? body.path("last").asText() : "none"));
        JsonNode automatic = body.path("automatic");
        System.out.println("Automatic repair: " + (automatic.path("enabled").asBoolean() ? "on" : "off")
                + (automatic.path("running").asBoolean() ? " (repairing now)" : "") + "; "
                + automatic.path("pieces_repaired").asLong() + " pieces repaired, "
                + automatic.path("pieces_failed").asLong() + " failed since the node started: "
                + describeRepair(automatic));
        if (automatic.path("last_failure").isTextual()) {
            System.out.println("  last failure: " + automatic.path("last_failure").asText());
        }
        System.out.println("Table by table: SELECT * FROM system_views.repairs (on that node)");
        return 0;
    }

    private static void printHints(JsonNode hints) {
        System.out.println("Hints held: " + hints.path("total").asLong());
        hints.path("pending").fields().forEachRemaining(entry -> System.out.println("\t" + entry.getKey() + ": "
                + entry.getValue().asLong()));
        System.out.println("Since the node started: " + hints.path("delivered").asLong() + " delivered, "
                + hints.path("expired").asLong() + " expired (past gc grace), " + hints.path("dropped").asLong()
                + " dropped (table truncated)");
    }

    private static void printCluster(JsonNode cluster) {
        System.out.println("Cluster Information:");
        System.out.println("\tName: " + cluster.path("cluster_name").asText());
        System.out.println("\tPartitioner: " + cluster.path("partitioner").asText());
        System.out.println("\tEpoch: " + cluster.path("epoch").asLong());
        StringBuilder replicas = new StringBuilder();
        cluster.path("metadata_replicas").forEach(id -> replicas.append(replicas.length() == 0 ? "" : ", ")
                .append(id.asText()));
        System.out.println("\tMetadata replicas: " + replicas);
        System.out.println("\tSchema versions:");
        cluster.path("schema_versions").fields().forEachRemaining(entry -> System.out.println("\t\t" + entry.getKey()
                + ": " + entry.getValue()));
        if (!cluster.path("unreachable").isEmpty()) {
            System.out.println("\t\tUNREACHABLE: " + cluster.path("unreachable"));
        }
    }

    private static void printRing(JsonNode ring) {
        System.out.println("Cluster: " + ring.path("cluster_name").asText() + "  epoch " + ring.path("epoch").asLong());
        JsonNode movement = ring.path("movement");
        System.out.println("Movement: " + (movement.isNull() || movement.isMissingNode() ? "none"
                : movement.path("kind").asText() + " of " + movement.path("node").asText() + " at "
                + movement.path("step").asText()));
        StringBuilder replicas = new StringBuilder();
        ring.path("metadata_replicas").forEach(id -> replicas.append(replicas.length() == 0 ? "" : ", ")
                .append(id.asText()));
        System.out.println("Metadata replicas: " + replicas);
        System.out.printf(Locale.ROOT, "%-4s %-22s %-10s %-6s %-38s %-14s %s%n", "", "Address", "State", "Tokens",
                "Host ID", "Data center", "Rack");
        for (JsonNode node : ring.path("nodes")) {
            System.out.printf(Locale.ROOT, "%-4s %-22s %-10s %-6d %-38s %-14s %s%n",
                    node.path("up").asBoolean() ? "Up" : "Down", node.path("address").asText(),
                    node.path("state").asText(), node.path("tokens").asInt(), node.path("host_id").asText(),
                    node.path("data_center").asText(), node.path("rack").asText());
        }
    }
}
