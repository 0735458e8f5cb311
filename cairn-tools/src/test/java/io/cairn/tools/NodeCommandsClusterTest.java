package io.cairn.tools;

import ch.qos.logback.classic.LoggerContext;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each of {@code cairn admin}'s node commands, run as an operator runs them, against a 3-node
 * cluster in this JVM: what it prints, what it did to the node, and the usage error or the
 * "down" report when it should. Snapshot, TRUNCATE, then a restore on every replica gives the
 * data back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class NodeCommandsClusterTest {

    private static final int ROWS = 100;

    @TempDir
    static Path directory;

    private final List<CairnNode> nodes = new ArrayList<>();
    private CqlSession session;
    /**
     * The console appender, detached while the nodes run in this JVM: their log lines would land
     * in the command output the tests read. (Not a logback-test.xml: node processes other tests
     * start from this classpath need theirs on the console.)
     */
    private ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent> console;

    /** What a command printed and its exit code. */
    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    @BeforeAll
    void start() throws Exception {
        ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        console = root.getAppender("console");
        if (console != null) {
            root.detachAppender(console);
        }
        int storagePort = freePort();
        int nativePort = freePort();
        for (int i = 1; i <= 3; i++) {
            String host = "127.0.0." + i;
            nodes.add(CairnNode.start(new NodeConfig("admin", directory.resolve("n" + i), directory.resolve("logs" + i),
                    host, storagePort, host, nativePort, List.of("127.0.0.1"), 8, "datacenter1", "rack1",
                    CommitLogSync.PERIODIC, 10_000, 256 * 1024 * 1024, 1024, 16_384)));
        }
        session = CqlSession.builder().addContactPoint(nodes.get(0).nativeAddress()).withLocalDatacenter("datacenter1")
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (session.getMetadata().getNodes().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
        session.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v text)");
        for (int k = 0; k < ROWS; k++) {
            session.execute(SimpleStatement.newInstance("INSERT INTO ks.t (k, v) VALUES (?, ?)", k, "v" + k)
                    .setConsistencyLevel(DefaultConsistencyLevel.ALL));
        }
    }

    @AfterAll
    void stop() {
        if (session != null) {
            session.close();
        }
        nodes.forEach(CairnNode::close);
        if (console != null) {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                    .addAppender(console);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String endpoint(CairnNode node) {
        InetSocketAddress admin = node.adminAddress();
        return admin.getHostString() + ":" + admin.getPort();
    }

    /** Runs {@code cairn admin ARGS --admin <node's endpoint>}. */
    private Run admin(CairnNode node, String... arguments) {
        List<String> command = new ArrayList<>(List.of("admin"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--admin", endpoint(node)));
        return cairn(command.toArray(String[]::new));
    }

    private static synchronized Run cairn(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream console = System.out;
        PrintStream errors = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Cairn.run(arguments);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(console);
            System.setErr(errors);
        }
    }

    private long rowsAtAll() {
        return session.execute(SimpleStatement.newInstance("SELECT count(*) FROM ks.t")
                .setConsistencyLevel(DefaultConsistencyLevel.ALL)).one().getLong(0);
    }

    @Test
    void statusRingAndDescribeclusterShowTheThreeNodes() throws Exception {
        InetSocketAddress contact = nodes.get(0).nativeAddress();
        Run status = cairn("admin", "status", "--host", contact.getHostString() + ":" + contact.getPort());
        assertThat(status.code()).as(status.err()).isZero();
        for (CairnNode node : nodes) {
            assertThat(status.out()).as("each node up, with its host id")
                    .containsPattern("(?m)^UN  " + node.nativeAddress().getHostString().replace(".", "\\.") + ":\\d+ +8 .*"
                            + node.node().hostId());
        }

        for (CairnNode asked : nodes) {
            JsonNode ring = admin(asked, "ring", "--json").json();
            assertThat(ring.path("nodes")).hasSize(3);
            assertThat(ring.path("movement").isNull()).isTrue();

            JsonNode described = admin(asked, "describecluster", "--json").json();
            assertThat(described.path("cluster_name").asText()).isEqualTo("admin");
            assertThat(described.path("schema_versions").size()).as("one schema everywhere: %s", described)
                    .isEqualTo(1);
            assertThat(described.path("schema_versions").elements().next()).hasSize(3);
            assertThat(described.path("unreachable")).isEmpty();
        }
        Run ring = admin(nodes.get(1), "ring");
        assertThat(ring.code()).as(ring.err()).isZero();
        for (CairnNode node : nodes) {
            assertThat(ring.out()).contains(node.node().hostId().toString());
        }
        assertThat(admin(nodes.get(0), "describecluster", "extra").code()).as("a usage error").isEqualTo(2);
    }

    @Test
    void infoTellsEachNodeOfItself() throws Exception {
        for (CairnNode node : nodes) {
            assertThat(admin(node, "flush").code()).isZero();
            Run info = admin(node, "info");
            assertThat(info.code()).as(info.err()).isZero();
            assertThat(info.out()).contains(node.node().hostId().toString(), "State", "JOINED", "Tokens", "Load",
                    "Heap memory");
            JsonNode json = admin(node, "info", "--json").json();
            assertThat(json.path("tokens").asInt()).isEqualTo(8);
            assertThat(json.path("load_bytes").asLong()).as("the rows it holds").isPositive();
        }
    }

    @Test
    void flushCompactAndTablestatsShowTheTablesDataFiles() throws Exception {
        CairnNode node = nodes.get(0);
        Run flush = admin(node, "flush", "ks", "t");
        assertThat(flush.code()).as(flush.err()).isZero();
        assertThat(flush.out()).contains("ks.t: flushed");
        JsonNode stats = admin(node, "tablestats", "ks.t", "--json").json().path("tables").get(0);
        assertThat(stats.path("files").asInt()).as("data files after a flush").isPositive();
        assertThat(stats.path("partitions_estimate").asLong()).isBetween(ROWS / 2L, ROWS * 2L);
        assertThat(stats.path("local_writes").path("count").asLong()).as("each row written here as a replica")
                .isGreaterThanOrEqualTo(ROWS);

        Run compact = admin(node, "compact", "ks");
        assertThat(compact.code()).as(compact.err()).isZero();
        assertThat(compact.out()).contains("ks.t: compacted");
        Run human = admin(node, "tablestats", "ks");
        assertThat(human.out()).contains("Keyspace: ks", "Table: t", "Partitions (estimate)", "Data files",
                "Local read count", "Local write count", "Tombstones read: ");
        assertThat(rowsAtAll()).isEqualTo(ROWS);

        assertThat(admin(node, "tablestats").out()).as("every table").contains("Keyspace: system_schema");
        assertThat(admin(node, "flush", "nosuch").err()).contains("No keyspace 'nosuch'");
        assertThat(admin(node, "tablestats", "ks.nosuch").code()).isEqualTo(1);
        assertThat(admin(node, "tablestats", "a", "b").code()).as("usage").isEqualTo(2);
    }

    @Test
    void tpstatsShowsThePools() {
        Run tpstats = admin(nodes.get(1), "tpstats");
        assertThat(tpstats.code()).as(tpstats.err()).isZero();
        assertThat(tpstats.out()).contains("Pool Name", "request", "replica", "Internode messages sent",
                "Message type", "Dropped sending", "Refused arriving");
        assertThat(tpstats.out().lines().filter(line -> line.startsWith("replica")).findFirst().orElseThrow())
                .as("the replica pool completed the others' writes").doesNotMatch("replica\\s+\\d+\\s+\\d+\\s+0\\s.*");
    }

    @Test
    void aSnapshotTakenOnEveryReplicaRestoresTheRowsATruncateTook() throws Exception {
        for (CairnNode node : nodes) {
            Run snapshot = admin(node, "snapshot", "-t", "before-truncate", "ks");
            assertThat(snapshot.code()).as(snapshot.err()).isZero();
            assertThat(snapshot.out()).contains("Snapshot taken: before-truncate");
        }
        assertThat(admin(nodes.get(0), "listsnapshots").out()).contains("before-truncate");
        assertThat(admin(nodes.get(0), "snapshot", "-t", "before-truncate").err()).contains("already exists");

        session.execute("TRUNCATE ks.t");
        assertThat(rowsAtAll()).isZero();
        for (CairnNode node : nodes) {
            Run restore = admin(node, "restore", "-t", "before-truncate", "ks", "t");
            assertThat(restore.code()).as(restore.err()).isZero();
            assertThat(restore.out()).contains("Restored " + ROWS + " partitions");
        }
        assertThat(rowsAtAll()).as("the rows back on every replica").isEqualTo(ROWS);

        assertThat(admin(nodes.get(0), "restore", "-t", "nosuch", "ks", "t").err()).contains("No snapshot 'nosuch'");
        assertThat(admin(nodes.get(0), "restore", "ks", "t").code()).as("no -t").isEqualTo(2);
        Run clear = admin(nodes.get(0), "clearsnapshot", "-t", "before-truncate");
        assertThat(clear.out()).contains("Cleared 1 snapshot");
        assertThat(admin(nodes.get(0), "listsnapshots").out()).doesNotContain("before-truncate");
        assertThat(admin(nodes.get(0), "clearsnapshot").code()).as("neither -t nor --all").isEqualTo(2);
        admin(nodes.get(0), "clearsnapshot", "--all");
        assertThat(admin(nodes.get(0), "listsnapshots").out()).contains("There are no snapshots");
    }

    @Test
    void settingsShowTheConfigurationAndLoggingLevelsChange() {
        Run settings = admin(nodes.get(2), "settings");
        assertThat(settings.out()).contains("cluster_name: admin", "listen_address: 127.0.0.3", "num_tokens: 8");
        assertThat(admin(nodes.get(2), "getsetting", "num_tokens").out().trim()).isEqualTo("8");
        assertThat(admin(nodes.get(2), "getsetting", "no_such_setting").err()).contains("No setting 'no_such_setting'");

        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        try {
            Run set = admin(nodes.get(2), "setlogginglevel", "io.cairn.node.repair", "debug");
            assertThat(set.out()).contains("io.cairn.node.repair set to DEBUG");
            assertThat(context.getLogger("io.cairn.node.repair").getLevel().toString()).isEqualTo("DEBUG");
            assertThat(admin(nodes.get(2), "setlogginglevel", "io.cairn", "LOUD").err())
                    .contains("Not a logging level: 'LOUD'");
        } finally {
            context.getLogger("io.cairn.node.repair").setLevel(null);
        }
    }

    @Test
    void metricsCountTheTrafficWithEachPeer() throws Exception {
        InetSocketAddress admin = nodes.get(0).adminAddress();
        java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + admin.getHostString() + ":"
                        + admin.getPort() + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        for (CairnNode peer : nodes.subList(1, 3)) {
            String tag = "{peer=\"" + peer.node().address() + "\"} ";
            for (String counter : List.of("cairn_internode_peer_messages_sent_total", "cairn_internode_peer_bytes_sent_total",
                    "cairn_internode_peer_messages_received_total", "cairn_internode_peer_bytes_received_total")) {
                String line = scrape.body().lines().filter(sample -> sample.startsWith(counter + tag)).findFirst()
                        .orElseThrow(() -> new AssertionError(counter + tag + " in " + scrape.body()));
                assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).as(line).isPositive();
            }
            assertThat(scrape.body()).contains("cairn_internode_peer_queued_bytes" + tag);
        }
    }

    @Test
    void aNodeThatDoesNotAnswerIsReportedDown() throws Exception {
        Run down = cairn("admin", "info", "--admin", "127.0.0.1:" + freePort());
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("does not answer: is the node down");
    }

    /** Last (by name): a drained node serves no client; the other two still make a QUORUM. */
    @Test
    void zDrainStopsTheNodeServingClients() throws Exception {
        CairnNode drained = nodes.get(2);
        Run drain = admin(drained, "drain");
        assertThat(drain.code()).as(drain.err()).isZero();
        assertThat(drain.out()).contains("Drained");
        assertThat(canConnect(drained.nativeAddress())).as("its native port, closed").isFalse();
        assertThat(admin(drained, "info").code()).as("its admin endpoint still answers").isZero();
        assertThat(session.execute(SimpleStatement.newInstance("SELECT v FROM ks.t WHERE k = 1")
                .setConsistencyLevel(DefaultConsistencyLevel.QUORUM)).one().getString(0)).isEqualTo("v1");
    }

    private static boolean canConnect(InetSocketAddress address) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(address, 1_000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }
}
