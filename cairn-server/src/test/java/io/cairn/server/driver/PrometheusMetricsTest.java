package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node's admin endpoint serves its metrics at {@code /metrics} in Prometheus's text format:
 * the scrape parses as that format says (every sample of a declared family, histograms'
 * buckets cumulative and ending at +Inf with their count), and under load the client-request
 * histograms of the operations and consistency levels the load used move, failures are counted
 * by kind, and the JVM, pool and connection meters are there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusMetricsTest {

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
    void histogramsOfTheRequestsRunMoveAndTheScrapeIsWellFormed() throws Exception {
        try (CqlSession session = TestNodes.session(node.nativeAddress(), 1)) {
            session.execute("CREATE KEYSPACE m WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE KEYSPACE three WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 3}");
            session.execute("CREATE TABLE m.t (k int PRIMARY KEY, v text)");
            session.execute("CREATE TABLE three.t (k int PRIMARY KEY, v text)");
            Scrape before = scrape(node.adminAddress());
            String writes = "cairn_client_request_seconds_count{consistency=\"QUORUM\",operation=\"write\"}";
            String reads = "cairn_client_request_seconds_count{consistency=\"ONE\",operation=\"read\"}";

            PreparedStatement insert = session.prepare("INSERT INTO m.t (k, v) VALUES (?, ?)");
            PreparedStatement select = session.prepare("SELECT v FROM m.t WHERE k = ?");
            for (int k = 0; k < 200; k++) {
                session.execute(insert.bind(k, "v" + k).setConsistencyLevel(DefaultConsistencyLevel.QUORUM));
                session.execute(select.bind(k).setConsistencyLevel(DefaultConsistencyLevel.ONE));
            }
            // One replica of three cannot make a QUORUM: Unavailable, counted as such.
            assertThatThrownBy(() -> session.execute(session.prepare("INSERT INTO three.t (k, v) VALUES (1, 'x')")
                    .bind().setConsistencyLevel(DefaultConsistencyLevel.QUORUM)))
                    .hasMessageContaining(UnavailableException.class.getName());
            Scrape after = scrape(node.adminAddress());

            assertThat(after.value(writes) - before.value(writes)).as("QUORUM writes counted").isEqualTo(201);
            // The driver's own reads of system tables (a refresh after the DDL above) may be counted too.
            assertThat(after.value(reads) - before.value(reads)).as("reads at ONE counted").isGreaterThanOrEqualTo(200);
            assertThat(after.sum("cairn_client_request_seconds_sum",
                    Map.of("operation", "write", "consistency", "QUORUM"))).as("their time").isPositive();
            assertThat(after.value("cairn_client_request_failures_total{consistency=\"QUORUM\",kind=\"unavailable\","
                    + "operation=\"write\"}")).isEqualTo(1);
            assertThat(after.bucketsMoved(before, "cairn_client_request_seconds",
                    Map.of("operation", "read", "consistency", "ONE"))).as("read latency buckets that moved")
                    .isPositive();
            assertThat(after.value("cairn_clients_connected")).as("the driver's connections").isGreaterThanOrEqualTo(1);
            assertThat(after.samples.keySet()).as("the heap's pools, whichever the collector")
                    .anyMatch(sample -> sample.startsWith("jvm_memory_used_bytes{area=\"heap\""));
            // jvm_gc_pause_seconds appears with the first collection after the node started.
            assertThat(after.families).containsKeys("jvm_gc_memory_allocated_bytes_total", "executor_active_threads",
                    "process_uptime_seconds", "cairn_coordinator_read_repairs_total",
                    "cairn_internode_messages_sent_total");
            assertThat(after.value("executor_pool_max_threads{name=\"request\"}")).isEqualTo(32);
            // RocksDB's own state: its memtables hold the writes; compactions, stops and files by level.
            assertThat(after.value("cairn_storage_memtable_bytes")).isPositive();
            assertThat(after.value("cairn_storage_block_cache_capacity_bytes")).isPositive();
            assertThat(after.families).containsKeys("cairn_storage_pending_compaction_bytes",
                    "cairn_storage_running_compactions", "cairn_storage_write_stopped",
                    "cairn_storage_sst_files_level_0", "cairn_storage_live_sst_bytes")
                    .as("statistics are off by default").doesNotContainKey("cairn_storage_block_cache_hits_total");
        }
    }

    @Test
    void systemViewsShowEachTablesLatenciesThePoolsTheSettingsAndDiskUsage() throws Exception {
        try (CqlSession session = TestNodes.session(node.nativeAddress(), 1)) {
            session.execute("CREATE KEYSPACE v WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE v.t (k int PRIMARY KEY, v text)");
            PreparedStatement insert = session.prepare("INSERT INTO v.t (k, v) VALUES (?, ?)");
            PreparedStatement select = session.prepare("SELECT v FROM v.t WHERE k = ?");
            for (int k = 0; k < 100; k++) {
                session.execute(insert.bind(k, "v" + k));
                session.execute(select.bind(k));
            }
            for (String view : List.of("local_read_latency", "local_write_latency", "coordinator_read_latency",
                    "coordinator_write_latency")) {
                var row = session.execute("SELECT count, max_ms, p50th_ms, p99th_ms, per_second FROM system_views."
                        + view + " WHERE keyspace_name = 'v' AND table_name = 't'").one();
                assertThat(row).as(view).isNotNull();
                assertThat(row.getLong("count")).as(view + " count").isEqualTo(100);
                assertThat(row.getDouble("p50th_ms")).as(view + " median").isPositive()
                        .isLessThanOrEqualTo(row.getDouble("p99th_ms"));
                assertThat(row.getDouble("max_ms")).as(view + " max").isPositive();
                assertThat(row.getDouble("per_second")).isPositive();
            }
            assertThat(session.execute("SELECT name, completed_tasks, active_tasks_limit FROM system_views.thread_pools")
                    .all()).extracting(row -> row.getString(0)).containsExactlyInAnyOrder("request", "replica");
            assertThat(session.execute("SELECT value FROM system_views.settings WHERE name = 'cluster_name'").one()
                    .getString(0)).isEqualTo("Test Cluster");
            var clients = session.execute("SELECT address, port, driver_name, connection_stage, request_count, "
                    + "protocol_version, ssl_enabled FROM system_views.clients").all();
            assertThat(clients).as("the driver's connections").isNotEmpty();
            assertThat(clients).allSatisfy(client -> {
                assertThat(client.getString("driver_name")).contains("Java");
                assertThat(client.getString("connection_stage")).isEqualTo("ready");
                assertThat(client.getBoolean("ssl_enabled")).isFalse();
            });
            assertThat(clients.stream().mapToLong(client -> client.getLong("request_count")).sum())
                    .as("the requests above, on whichever connections").isGreaterThan(200);
            assertThat(session.execute("SELECT mebibytes FROM system_views.disk_usage WHERE keyspace_name = 'v' "
                    + "AND table_name = 't'").one()).as("a row for each table, flushed or not").isNotNull();
        }
    }

    @Test
    void onlyGetOfMetricsIsServed() throws Exception {
        assertThat(TestNodes.admin("POST", node.adminAddress(), "/metrics").statusCode()).isEqualTo(405);
        assertThat(TestNodes.admin("GET", node.adminAddress(), "/metrics/x").statusCode()).isEqualTo(404);
    }

    private static Scrape scrape(InetSocketAddress admin) throws Exception {
        HttpResponse<String> response = TestNodes.admin("GET", admin, "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain; version=0.0.4"));
        return Scrape.parse(response.body());
    }

    /** A scrape parsed by the text exposition format's rules, checked as it is read. */
    private static final class Scrape {
        private static final Pattern SAMPLE = Pattern.compile(
                "([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+-?\\d+)?");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

        /** Family → its type, from the # TYPE lines. */
        final Map<String, String> families = new HashMap<>();
        /** Sample (name and labels in sorted order, as written here) → value. */
        final Map<String, Double> samples = new LinkedHashMap<>();
        private final List<Sample> all = new ArrayList<>();

        private record Sample(String name, Map<String, String> labels, double value) {
        }

        static Scrape parse(String text) {
            Scrape scrape = new Scrape();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("# HELP")) {
                    continue;
                }
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ");
                    assertThat(parts).as(line).hasSize(4);
                    assertThat(parts[3]).as(line).isIn("counter", "gauge", "histogram", "summary", "untyped");
                    assertThat(scrape.families.put(parts[2], parts[3])).as("declared once: " + line).isNull();
                    continue;
                }
                assertThat(line).as("a comment or a sample").doesNotStartWith("#");
                Matcher sample = SAMPLE.matcher(line);
                assertThat(sample.matches()).as("a sample line: " + line).isTrue();
                Map<String, String> labels = new java.util.TreeMap<>();
                if (sample.group(2) != null) {
                    Matcher label = LABEL.matcher(sample.group(2));
                    int end = 0;
                    while (label.find() && label.start() == end) {
                        labels.put(label.group(1), label.group(2));
                        end = label.end();
                    }
                    assertThat(end).as("labels of " + line).isEqualTo(sample.group(2).length());
                }
                String name = sample.group(1);
                double value = switch (sample.group(3)) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(sample.group(3));
                };
                assertThat(scrape.family(name)).as("the family of " + line + " is declared").isNotNull();
                scrape.all.add(new Sample(name, labels, value));
                StringBuilder key = new StringBuilder(name);
                if (!labels.isEmpty()) {
                    key.append('{');
                    labels.forEach((label, labelValue) -> key.append(label).append("=\"").append(labelValue)
                            .append("\","));
                    key.setLength(key.length() - 1);
                    key.append('}');
                }
                scrape.samples.put(key.toString(), value);
            }
            scrape.checkHistograms();
            return scrape;
        }

        /** The declared family {@code sample} belongs to, or null. */
        private String family(String sample) {
            for (String suffix : List.of("", "_total", "_bucket", "_count", "_sum", "_created")) {
                if (sample.endsWith(suffix)) {
                    String family = sample.substring(0, sample.length() - suffix.length());
                    if (families.containsKey(family)) {
                        return family;
                    }
                    if (suffix.equals("_total") && families.containsKey(sample)) {
                        return sample;
                    }
                }
            }
            return null;
        }

        /** Each histogram series: buckets cumulative in {@code le} order, ending at +Inf equal to its count. */
        private void checkHistograms() {
            Map<String, List<Sample>> series = new HashMap<>();
            for (Sample sample : all) {
                if (sample.name.endsWith("_bucket") && "histogram".equals(families.get(family(sample.name)))) {
                    Map<String, String> others = new java.util.TreeMap<>(sample.labels);
                    others.remove("le");
                    series.computeIfAbsent(sample.name + others, key -> new ArrayList<>()).add(sample);
                }
            }
            assertThat(series).as("histogram series").isNotEmpty();
            series.forEach((key, buckets) -> {
                double previous = 0;
                double previousBound = Double.NEGATIVE_INFINITY;
                for (Sample bucket : buckets) {
                    double bound = Double.parseDouble(bucket.labels.get("le").replace("+Inf", "Infinity"));
                    assertThat(bound).as("le ascending in " + key).isGreaterThan(previousBound);
                    assertThat(bucket.value).as("cumulative in " + key).isGreaterThanOrEqualTo(previous);
                    previous = bucket.value;
                    previousBound = bound;
                }
                assertThat(previousBound).as("the last bucket of " + key).isEqualTo(Double.POSITIVE_INFINITY);
                Sample last = buckets.get(buckets.size() - 1);
                String base = last.name.substring(0, last.name.length() - "_bucket".length());
                double count = all.stream().filter(sample -> sample.name.equals(base + "_count")
                        && sample.labels.equals(withoutLe(last.labels))).findFirst().orElseThrow().value;
                assertThat(last.value).as("+Inf bucket = count in " + key).isEqualTo(count);
            });
        }

        private static Map<String, String> withoutLe(Map<String, String> labels) {
            Map<String, String> others = new java.util.TreeMap<>(labels);
            others.remove("le");
            return others;
        }

        double value(String sample) {
            Double value = samples.get(sample);
            return value == null ? 0 : value;
        }

        double sum(String name, Map<String, String> labels) {
            return all.stream().filter(sample -> sample.name.equals(name) && sample.labels.equals(labels))
                    .mapToDouble(Sample::value).sum();
        }

        /** How many buckets of the series {@code labels} of {@code histogram} grew since {@code before}. */
        long bucketsMoved(Scrape before, String histogram, Map<String, String> labels) {
            return all.stream().filter(sample -> sample.name.equals(histogram + "_bucket")
                            && withoutLe(sample.labels).equals(labels))
                    .filter(sample -> sample.value > before.all.stream().filter(earlier -> earlier.name.equals(sample.name)
                            && earlier.labels.equals(sample.labels)).mapToDouble(Sample::value).findFirst().orElse(0))
                    .count();
        }
    }
}
