package io.cairn.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.node.MeteredStorageEngine;
import io.cairn.node.Node;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableStats;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The admin commands about this node alone, as nodetool's: {@code info}, {@code tablestats},
 * {@code tpstats}, {@code flush}, {@code compact}, {@code snapshot}, {@code listsnapshots},
 * {@code clearsnapshot}, {@code restore}, {@code drain}, {@code setlogginglevel}, {@code settings}
 * and {@code getsetting}. {@link AdminServer} routes them here; each answer is a status and a
 * JSON body (an {@code error} for a bad request).
 */
final class LocalAdmin {

    /** An answer: the HTTP status and its JSON body. */
    record Answer(int status, ObjectNode body) {
    }

    /** Where a snapshot taken without a name gets its name from: the time, as nodetool's. */
    private final LongSupplier millis;
    private final Node node;
    private final StorageEngine storage;
    private final NodeConfig config;
    private final NodeMetrics metrics;
    private final Runnable drain;
    private final ObjectMapper json;

    /**
     * @param drain stops serving clients and peers and flushes, as {@code nodetool drain}; the
     *              process keeps running until it is stopped
     */
    LocalAdmin(Node node, NodeConfig config, NodeMetrics metrics, Runnable drain, LongSupplier millis,
               ObjectMapper json) {
        this.node = Objects.requireNonNull(node, "node");
        this.storage = node.storage();
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.drain = Objects.requireNonNull(drain, "drain");
        this.millis = Objects.requireNonNull(millis, "millis");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The commands this class answers, as the first part of their path. */
    static final List<String> ACTIONS = List.of("info", "tablestats", "tpstats", "flush", "compact", "snapshot",
            "snapshots", "clearsnapshot", "restore", "drain", "logginglevel", "settings");

    /**
     * Answers {@code method} {@code /api/parts...?query}, or null when {@code parts[0]} is not
     * one of {@link #ACTIONS}.
     */
    Answer handle(String method, String[] parts, Map<String, String> query) {
        String action = parts[0];
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        return switch (action) {
            case "info" -> get && parts.length == 1 ? ok(info()) : usage(get, "GET /api/info");
            case "tpstats" -> get && parts.length == 1 ? ok(threadPools()) : usage(get, "GET /api/tpstats");
            case "tablestats" -> get && parts.length <= 3 ? tables(parts, this::tableStats)
                    : usage(get, "GET /api/tablestats[/KEYSPACE[/TABLE]]");
            case "flush" -> post && parts.length <= 3 ? tables(parts, this::flush)
                    : usage(post, "POST /api/flush[/KEYSPACE[/TABLE]]");
            case "compact" -> post && parts.length <= 3 ? tables(parts, this::compact)
                    : usage(post, "POST /api/compact[/KEYSPACE[/TABLE]]");
            case "snapshot" -> post && parts.length <= 2 ? snapshot(parts, query.get("tag"))
                    : usage(post, "POST /api/snapshot[/KEYSPACE][?tag=NAME]");
            case "snapshots" -> get && parts.length == 1 ? ok(snapshots()) : usage(get, "GET /api/snapshots");
            case "clearsnapshot" -> post && parts.length == 2 ? clearSnapshot(parts[1])
                    : post && parts.length == 1 && "true".equals(query.get("all")) ? clearSnapshots()
                    : usage(post, "POST /api/clearsnapshot/NAME, or POST /api/clearsnapshot?all=true for every one");
            case "restore" -> post && parts.length == 3 && query.containsKey("tag")
                    ? restore(parts[1], parts[2], query.get("tag"))
                    : usage(post, "POST /api/restore/KEYSPACE/TABLE?tag=SNAPSHOT");
            case "drain" -> post && parts.length == 1 ? drain() : usage(post, "POST /api/drain");
            case "logginglevel" -> post && parts.length == 3 ? loggingLevel(parts[1], parts[2])
                    : usage(post, "POST /api/logginglevel/LOGGER/LEVEL (LOGGER 'root' for all; LEVEL one of "
                    + "TRACE, DEBUG, INFO, WARN, ERROR, OFF)");
            case "settings" -> get && parts.length <= 2 ? settings(parts)
                    : usage(get, "GET /api/settings[/NAME]");
            default -> null;
        };
    }

    /** What {@code nodetool info} tells of this node. */
    private ObjectNode info() {
        ObjectNode body = json.createObjectNode();
        ClusterMetadata metadata = node.metadata().current();
        body.put("host_id", String.valueOf(node.hostId()));
        body.put("address", node.address().toString());
        body.put("native_address", config.nativeAddress() + ":" + config.nativePort());
        body.put("data_center", config.dataCenter());
        body.put("rack", config.rack());
        NodeRecord record = node.hostId() == null ? null : metadata.directory().nodes().values().stream()
                .filter(known -> known.id().toString().equals(node.hostId().toString())).findFirst().orElse(null);
        body.put("state", record == null ? "STARTING" : record.state().name());
        body.put("tokens", node.tokens().size());
        body.put("epoch", metadata.epoch().value());
        body.put("version", version());
        body.put("release_version", io.cairn.node.system.LocalNodeInfo.RELEASE_VERSION);
        body.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        body.put("heap_used_bytes", heap.getUsed());
        body.put("heap_max_bytes", heap.getMax());
        // As Cassandra's Load: the bytes of the data files on disk (what memtables hold is not counted).
        long load = 0;
        for (TableId table : storage.tables()) {
            try {
                load += storage.stats(table).fileBytes();
            } catch (io.cairn.storage.UnknownTableException dropped) {
                // Dropped since it was listed.
            }
        }
        body.put("load_bytes", load);
        body.put("snapshots", storage.snapshots().size());
        body.put("client_connections", (long) metrics.gauge("cairn.clients.connected", null));
        body.put("data_directory", config.dataDirectory().toString());
        return body;
    }

    /** Cairn's own version: the distribution's jar says it; a build from the sources is "dev". */
    static String version() {
        String version = LocalAdmin.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * Each pool's active, pending (queued) and completed tasks and its size, as {@code nodetool
     * tpstats}, and the internode messages dropped: in all, and by verb (dropped on the way out,
     * refused on arrival by a full replica stage).
     */
    private ObjectNode threadPools() {
        ObjectNode body = json.createObjectNode();
        ArrayNode pools = body.putArray("pools");
        for (NodeMetrics.Pool pool : metrics.pools()) {
            ObjectNode entry = pools.addObject();
            entry.put("name", pool.name());
            entry.put("active", pool.active());
            entry.put("pending", pool.pending());
            entry.put("completed", pool.completed());
            entry.put("threads", pool.threads());
            entry.put("max_threads", pool.maxThreads());
        }
        body.put("internode_messages_dropped", (long) metrics.count("cairn.internode.messages.dropped", null));
        body.put("internode_messages_sent", (long) metrics.count("cairn.internode.messages.sent", null));
        ArrayNode dropped = body.putArray("dropped");
        metrics.droppedByVerb().forEach((verb, counts) -> {
            ObjectNode entry = dropped.addObject();
            entry.put("verb", verb);
            entry.put("dropped_sending", counts[0]);
            entry.put("refused_arriving", counts[1]);
        });
        return body;
    }

    /**
     * Runs {@code each} over the tables {@code parts} names (every table, a keyspace's, or one),
     * answering 404 for a keyspace or table that does not exist; the answer lists each result
     * under {@code tables}.
     */
    private Answer tables(String[] parts, java.util.function.Function<TableMetadata, ObjectNode> each) {
        String keyspace = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : null;
        String table = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null;
        List<TableMetadata> chosen = new ArrayList<>();
        java.util.Set<TableId> stored = storage.tables();
        for (KeyspaceMetadata metadata : node.schema().current().keyspaces().values()) {
            if (keyspace != null && !metadata.name().equals(keyspace)) {
                continue;
            }
            for (TableMetadata candidate : metadata.tables().values()) {
                if ((table == null || candidate.name().equals(table))
                        && stored.contains(candidate.tableId())) {
                    chosen.add(candidate);
                }
            }
        }
        if (chosen.isEmpty()) {
            return error(404, keyspace == null ? "No table" : table == null ? "No keyspace '" + keyspace + "' with tables"
                    : "No table " + keyspace + "." + table);
        }
        chosen.sort(java.util.Comparator.comparing((TableMetadata t) -> t.keyspace()).thenComparing(TableMetadata::name));
        ObjectNode body = json.createObjectNode();
        ArrayNode results = body.putArray("tables");
        for (TableMetadata listed : chosen) {
            ObjectNode result = each.apply(listed);
            result.put("keyspace", listed.keyspace());
            result.put("table", listed.name());
            results.add(result);
        }
        return ok(body);
    }

    private ObjectNode tableStats(TableMetadata table) {
        TableStats stats = storage.stats(table.tableId());
        ObjectNode body = json.createObjectNode();
        body.put("partitions_estimate", stats.estimatedPartitions());
        body.put("live_data_bytes", stats.liveDataBytes());
        body.put("memtable_bytes", stats.memtableBytes());
        body.put("files", stats.files());
        body.put("file_bytes", stats.fileBytes());
        body.put("tombstones_read", stats.tombstonesRead());
        body.put("reads_with_tombstones", stats.readsWithTombstones());
        body.put("most_tombstones_in_a_read", stats.mostTombstonesInARead());
        // This node's reads and writes of it as a replica, since it started (when metrics are on).
        Map<String, String> timers = Map.of("reads", MeteredStorageEngine.READS, "scans", MeteredStorageEngine.SCANS,
                "writes", MeteredStorageEngine.WRITES);
        for (Map.Entry<String, String> kind : new java.util.TreeMap<>(timers).entrySet()) {
            io.micrometer.core.instrument.Timer timer = metrics.registry().find(kind.getValue())
                    .tag("keyspace", table.keyspace()).tag("table", table.name()).timer();
            ObjectNode local = body.putObject("local_" + kind.getKey());
            local.put("count", timer == null ? 0 : timer.count());
            local.put("mean_ms", timer == null ? 0 : timer.mean(java.util.concurrent.TimeUnit.MICROSECONDS) / 1000.0);
            local.put("max_ms", timer == null ? 0 : timer.max(java.util.concurrent.TimeUnit.MICROSECONDS) / 1000.0);
        }
        ArrayNode levels = body.putArray("levels");
        for (TableStats.Level level : stats.levels()) {
            ObjectNode entry = levels.addObject();
            entry.put("level", level.level());
            entry.put("files", level.files());
            entry.put("bytes", level.bytes());
        }
        return body;
    }

    private ObjectNode flush(TableMetadata table) {
        storage.flush(table.tableId());
        return json.createObjectNode().put("result", "flushed");
    }

    private ObjectNode compact(TableMetadata table) {
        storage.compact(table.tableId());
        return json.createObjectNode().put("result", "compacted").put("files", storage.stats(table.tableId()).files());
    }

    /**
     * Snapshots this node's storage under {@code tag} (the time in milliseconds when none is
     * given). A snapshot holds every table; a keyspace, when given, must exist (as nodetool's).
     */
    private Answer snapshot(String[] parts, String tag) {
        if (parts.length == 2 && !node.schema().current().keyspaces().containsKey(parts[1])) {
            return error(404, "No keyspace '" + parts[1] + "'");
        }
        String name = tag == null || tag.isEmpty() ? Long.toString(millis.getAsLong()) : tag;
        try {
            storage.snapshot(name);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (io.cairn.storage.StorageException e) {
            return error(409, e.getMessage());
        }
        return ok(json.createObjectNode().put("result", "snapshot taken").put("tag", name));
    }

    private ObjectNode snapshots() {
        ObjectNode body = json.createObjectNode();
        ArrayNode tags = body.putArray("snapshots");
        new java.util.TreeSet<>(storage.snapshots()).forEach(tags::add);
        return body;
    }

    private Answer clearSnapshots() {
        int cleared = 0;
        for (String each : storage.snapshots()) {
            try {
                cleared += storage.clearSnapshot(each) ? 1 : 0;
            } catch (IllegalArgumentException notASnapshot) {
                // A directory named as no snapshot can be: not one of ours to delete.
            }
        }
        return ok(json.createObjectNode().put("result", "cleared").put("value", cleared));
    }

    private Answer clearSnapshot(String tag) {
        try {
            return storage.clearSnapshot(tag) ? ok(json.createObjectNode().put("result", "cleared").put("value", 1))
                    : error(404, "No snapshot '" + tag + "'");
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    /** Writes back what snapshot {@code tag} holds of the table, on this node (each replica restores its own). */
    private Answer restore(String keyspace, String table, String tag) {
        KeyspaceMetadata metadata = node.schema().current().keyspaces().get(keyspace);
        TableMetadata chosen = metadata == null ? null : metadata.tables().get(table);
        if (chosen == null) {
            return error(404, "No table " + keyspace + "." + table + " (create it as it was before restoring into it)");
        }
        if (!storage.snapshots().contains(tag)) {
            return error(404, "No snapshot '" + tag + "'");
        }
        try {
            long partitions = storage.restore(chosen.tableId(), tag);
            return ok(json.createObjectNode().put("result", "restored").put("value", partitions));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private Answer drain() {
        drain.run();
        return ok(json.createObjectNode().put("result", "drained"));
    }

    private Answer loggingLevel(String logger, String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return error(501, "This process does not log through logback: its levels cannot be set here");
        }
        Level chosen = Level.toLevel(level.toUpperCase(Locale.ROOT), null);
        if (chosen == null || !level.equalsIgnoreCase(chosen.toString())) {
            return error(400, "Not a logging level: '" + level + "' (TRACE, DEBUG, INFO, WARN, ERROR or OFF)");
        }
        String name = logger.equalsIgnoreCase("root") ? org.slf4j.Logger.ROOT_LOGGER_NAME : logger;
        context.getLogger(name).setLevel(chosen);
        return ok(json.createObjectNode().put("result", "set").put("logger", name).put("level", chosen.toString()));
    }

    private Answer settings(String[] parts) {
        Map<String, String> settings = config.settings();
        if (parts.length == 2) {
            String value = settings.get(parts[1]);
            return value == null ? error(404, "No setting '" + parts[1] + "' (see GET /api/settings)")
                    : ok(json.createObjectNode().put("name", parts[1]).put("value", value));
        }
        ObjectNode body = json.createObjectNode();
        ObjectNode all = body.putObject("settings");
        settings.forEach(all::put);
        return ok(body);
    }

    private Answer ok(ObjectNode body) {
        return new Answer(200, body);
    }

    /** A request of the right command in the wrong form: 405 for the wrong method, 404 for the wrong path. */
    private Answer usage(boolean rightMethod, String use) {
        return error(rightMethod ? 404 : 405, "Use " + use);
    }

    private Answer error(int status, String message) {
        return new Answer(status, json.createObjectNode().put("error", message));
    }
}
