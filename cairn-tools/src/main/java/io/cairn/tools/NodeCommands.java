package io.cairn.tools;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code cairn admin} commands about one node, as nodetool's: {@code info}, {@code tablestats
 * [KEYSPACE[.TABLE]]}, {@code tpstats}, {@code flush [KEYSPACE [TABLE]]}, {@code compact
 * [KEYSPACE [TABLE]]}, {@code snapshot [-t NAME] [KEYSPACE]}, {@code listsnapshots},
 * {@code clearsnapshot -t NAME | --all}, {@code restore -t NAME KEYSPACE TABLE}, {@code drain},
 * {@code setlogginglevel LOGGER LEVEL}, {@code settings} and {@code getsetting NAME}. Each asks
 * the node's admin endpoint and prints a human table, or the JSON answer as it is; bad
 * arguments get a usage line (exit 2), a node that does not answer is reported as down (exit 1).
 */
final class NodeCommands {

    static final List<String> ACTIONS = List.of("info", "tablestats", "tpstats", "flush", "compact", "snapshot",
            "listsnapshots", "clearsnapshot", "restore", "drain", "setlogginglevel", "settings", "getsetting");

    /** What a command and its arguments ask of the endpoint. */
    private record Call(String method, String path) {
    }

    private final PrintStream out;
    private final PrintStream err;
    /** The truststore of an endpoint that serves HTTPS, and its password; null: the endpoint serves HTTP. */
    private final java.nio.file.Path truststore;
    private final String truststorePassword;

    /** Commands that ask over HTTPS when {@code CAIRN_ADMIN_TRUSTSTORE} is set, else over HTTP. */
    NodeCommands(PrintStream out, PrintStream err) {
        this(out, err, System.getenv(AdminEndpoint.TRUSTSTORE_VARIABLE) == null ? null
                : java.nio.file.Path.of(System.getenv(AdminEndpoint.TRUSTSTORE_VARIABLE)),
                System.getenv(AdminEndpoint.TRUSTSTORE_PASSWORD_VARIABLE));
    }

    /** Commands that ask over HTTPS, trusting {@code truststore}, or over HTTP when it is null. */
    NodeCommands(PrintStream out, PrintStream err, java.nio.file.Path truststore, String truststorePassword) {
        this.out = out;
        this.err = err;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
    }

    /**
     * Runs {@code action} with {@code arguments} against the endpoint ("host:port"); {@code tag}
     * is {@code -t}'s value (or null), {@code all} is {@code --all}. Returns the exit code.
     */
    int run(String endpoint, String action, List<String> arguments, String tag, boolean all, boolean rawJson) {
        Call call;
        try {
            call = call(action, arguments, tag, all);
        } catch (IllegalArgumentException usage) {
            err.println(usage.getMessage());
            return 2;
        }
        HttpRequest request;
        HttpClient client;
        try {
            request = AdminEndpoint.request(AdminEndpoint.uri(endpoint, call.path, truststore != null))
                    .timeout(call.method.equals("GET") ? Duration.ofSeconds(30) : AdminEndpoint.OPERATION_WAIT)
                    .method(call.method, HttpRequest.BodyPublishers.noBody()).build();
            client = AdminEndpoint.client(truststore, truststorePassword);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        HttpResponse<String> response = AdminEndpoint.send(endpoint, err,
                () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
        JsonNode body = response == null ? null : AdminEndpoint.json(response, err);
        if (body == null) {
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println(action + " failed: " + body.path("error").asText(response.body()));
            return 1;
        }
        if (rawJson) {
            out.println(response.body());
        } else {
            print(action, arguments, body);
        }
        return 0;
    }

    /** The request {@code action} makes; IllegalArgumentException with the usage for bad arguments. */
    static Call call(String action, List<String> arguments, String tag, boolean all) {
        int count = arguments.size();
        return switch (action) {
            case "info", "tpstats", "listsnapshots", "drain", "settings" -> {
                if (count != 0 || tag != null || all) {
                    throw new IllegalArgumentException(action + " takes no argument");
                }
                yield switch (action) {
                    case "drain" -> new Call("POST", "/api/drain");
                    case "listsnapshots" -> new Call("GET", "/api/snapshots");
                    default -> new Call("GET", "/api/" + action);
                };
            }
            case "tablestats" -> {
                if (count > 1 || tag != null || all) {
                    throw new IllegalArgumentException("Usage: cairn admin tablestats [KEYSPACE[.TABLE]]");
                }
                yield new Call("GET", "/api/tablestats" + (count == 0 ? "" : "/" + path(arguments.get(0).split("\\.", 2))));
            }
            case "flush", "compact" -> {
                if (count > 2 || tag != null || all) {
                    throw new IllegalArgumentException("Usage: cairn admin " + action + " [KEYSPACE [TABLE]]");
                }
                yield new Call("POST", "/api/" + action + (count == 0 ? "" : "/" + path(arguments.toArray(String[]::new))));
            }
            case "snapshot" -> {
                if (count > 1 || all) {
                    throw new IllegalArgumentException("Usage: cairn admin snapshot [-t NAME] [KEYSPACE]");
                }
                yield new Call("POST", "/api/snapshot" + (count == 0 ? "" : "/" + path(arguments.get(0)))
                        + (tag == null ? "" : "?tag=" + encode(tag)));
            }
            case "clearsnapshot" -> {
                if (count != 0 || (tag == null) == !all) {
                    throw new IllegalArgumentException("Usage: cairn admin clearsnapshot -t NAME, or --all for every "
                            + "snapshot");
                }
                yield new Call("POST", "/api/clearsnapshot" + (all ? "?all=true" : "/" + path(tag)));
            }
            case "restore" -> {
                List<String> table = count == 1 ? List.of(arguments.get(0).split("\\.", 2)) : arguments;
                if (tag == null || table.size() != 2 || all) {
                    throw new IllegalArgumentException("Usage: cairn admin restore -t SNAPSHOT KEYSPACE TABLE (on each "
                            + "node that replicates the table; see docs/operations.md)");
                }
                yield new Call("POST", "/api/restore/" + path(table.toArray(String[]::new)) + "?tag=" + encode(tag));
            }
            case "setlogginglevel" -> {
                if (count != 2 || tag != null || all) {
                    throw new IllegalArgumentException("Usage: cairn admin setlogginglevel LOGGER LEVEL (LOGGER root "
                            + "for every logger, e.g. io.cairn.node.repair; LEVEL TRACE, DEBUG, INFO, WARN, ERROR or OFF)");
                }
                yield new Call("POST", "/api/logginglevel/" + path(arguments.toArray(String[]::new)));
            }
            case "getsetting" -> {
                if (count != 1 || tag != null || all) {
                    throw new IllegalArgumentException("Usage: cairn admin getsetting NAME (see cairn admin settings)");
                }
                yield new Call("GET", "/api/settings/" + path(arguments.get(0)));
            }
            default -> throw new IllegalArgumentException("Not a node command: " + action);
        };
    }

    private static String path(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty() || part.contains("/")) {
                throw new IllegalArgumentException("Not a name: '" + part + "'");
            }
            path.append(path.length() == 0 ? "" : "/").append(encode(part));
        }
        return path.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void print(String action, List<String> arguments, JsonNode body) {
        switch (action) {
            case "info" -> printInfo(body);
            case "tablestats" -> printTableStats(body);
            case "tpstats" -> printThreadPools(body);
            case "flush", "compact" -> {
                for (JsonNode table : body.path("tables")) {
                    out.println(table.path("keyspace").asText() + "." + table.path("table").asText() + ": "
                            + table.path("result").asText()
                            + (table.has("files") ? " (" + table.path("files").asInt() + " data files)" : ""));
                }
            }
            case "snapshot" -> out.println("Snapshot taken: " + body.path("tag").asText()
                    + (arguments.isEmpty() ? "" : " (holding every table; restore takes " + arguments.get(0)
                    + "'s from it)"));
            case "listsnapshots" -> {
                if (body.path("snapshots").isEmpty()) {
                    out.println("There are no snapshots");
                }
                body.path("snapshots").forEach(tag -> out.println(tag.asText()));
            }
            case "clearsnapshot" -> out.println("Cleared " + body.path("value").asLong() + " snapshot"
                    + (body.path("value").asLong() == 1 ? "" : "s"));
            case "restore" -> out.println("Restored " + body.path("value").asLong() + " partitions from the snapshot");
            case "drain" -> out.println("Drained: the node serves no client and no peer until it is restarted");
            case "setlogginglevel" -> out.println("Logger " + body.path("logger").asText() + " set to "
                    + body.path("level").asText());
            case "settings" -> body.path("settings").fields().forEachRemaining(setting ->
                    out.println(setting.getKey() + ": " + setting.getValue().asText()));
            case "getsetting" -> out.println(body.path("value").asText());
            default -> out.println(body);
        }
    }

    private void printInfo(JsonNode info) {
        line("ID", info.path("host_id").asText());
        line("Address", info.path("address").asText());
        line("Native address", info.path("native_address").asText());
        line("State", info.path("state").asText());
        line("Data center", info.path("data_center").asText());
        line("Rack", info.path("rack").asText());
        line("Tokens", info.path("tokens").asText());
        line("Load", bytes(info.path("load_bytes").asLong()));
        line("Uptime (seconds)", info.path("uptime_seconds").asText());
        line("Heap memory (MiB)", String.format(Locale.ROOT, "%.2f / %.2f", info.path("heap_used_bytes").asLong() / 1048576.0,
                info.path("heap_max_bytes").asLong() / 1048576.0));
        line("Client connections", info.path("client_connections").asText());
        line("Snapshots", info.path("snapshots").asText());
        line("Metadata epoch", info.path("epoch").asText());
        line("Version", info.path("version").asText() + " (CQL release_version " + info.path("release_version").asText()
                + ")");
        line("Data directory", info.path("data_directory").asText());
    }

    private void line(String name, String value) {
        out.printf(Locale.ROOT, "%-20s: %s%n", name, value);
    }

    private void printTableStats(JsonNode stats) {
        String keyspace = null;
        for (JsonNode table : stats.path("tables")) {
            if (!table.path("keyspace").asText().equals(keyspace)) {
                keyspace = table.path("keyspace").asText();
                out.println("Keyspace: " + keyspace);
            }
            out.println("\tTable: " + table.path("table").asText());
            out.println("\t\tPartitions (estimate): " + table.path("partitions_estimate").asLong());
            out.println("\t\tLive data: " + bytes(table.path("live_data_bytes").asLong()));
            out.println("\t\tMemtable: " + bytes(table.path("memtable_bytes").asLong()));
            for (String kind : List.of("read", "scan", "write")) {
                JsonNode local = table.path("local_" + kind + "s");
                out.printf(Locale.ROOT, "\t\tLocal %s count: %d, mean %.3f ms, max %.3f ms%n",
                        kind.equals("scan") ? "range read" : kind, local.path("count").asLong(),
                        local.path("mean_ms").asDouble(), local.path("max_ms").asDouble());
            }
            long withTombstones = table.path("reads_with_tombstones").asLong();
            out.printf(Locale.ROOT, "\t\tTombstones read: %d, in %d reads (%.1f a read that met any, at most %d)%n",
                    table.path("tombstones_read").asLong(), withTombstones,
                    withTombstones == 0 ? 0.0 : table.path("tombstones_read").asDouble() / withTombstones,
                    table.path("most_tombstones_in_a_read").asLong());
            StringBuilder levels = new StringBuilder();
            for (JsonNode level : table.path("levels")) {
                levels.append(levels.length() == 0 ? "" : ", ").append("L").append(level.path("level").asInt())
                        .append(": ").append(level.path("files").asInt()).append(" (")
                        .append(bytes(level.path("bytes").asLong())).append(')');
            }
            out.println("\t\tData files: " + table.path("files").asInt() + ", " + bytes(table.path("file_bytes").asLong())
                    + (levels.length() == 0 ? "" : " [" + levels + "]"));
        }
    }

    private void printThreadPools(JsonNode pools) {
        out.printf(Locale.ROOT, "%-12s %8s %8s %12s %8s%n", "Pool Name", "Active", "Pending", "Completed", "Threads");
        for (JsonNode pool : pools.path("pools")) {
            out.printf(Locale.ROOT, "%-12s %8d %8d %12d %8s%n", pool.path("name").asText(), pool.path("active").asLong(),
                    pool.path("pending").asLong(), pool.path("completed").asLong(),
                    pool.path("threads").asLong() + "/" + pool.path("max_threads").asLong());
        }
        out.println();
        out.println("Internode messages sent: " + pools.path("internode_messages_sent").asLong() + ", dropped: "
                + pools.path("internode_messages_dropped").asLong());
        out.println();
        out.printf(Locale.ROOT, "%-20s %16s %17s%n", "Message type", "Dropped sending", "Refused arriving");
        for (JsonNode verb : pools.path("dropped")) {
            out.printf(Locale.ROOT, "%-20s %16d %17d%n", verb.path("verb").asText(),
                    verb.path("dropped_sending").asLong(), verb.path("refused_arriving").asLong());
        }
    }

    /** Bytes in the largest binary unit that keeps at least one whole. */
    static String bytes(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
