package io.cairn.tools.shell;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell against three nodes: DDL completes without a timeout, and when the shell has
 * printed nothing more, every node already has the new schema; TRACING ON shows a read's trace.
 */
class ShellAgainstClusterTest {

    @TempDir
    Path directory;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shellDdlOnThreeNodesCompletesAndEveryNodeHasTheSchemaWhenItReturns() throws Exception {
        int storagePort = freePort();
        int nativePort = freePort();
        List<CairnNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                String host = "127.0.0." + i;
                nodes.add(CairnNode.start(new NodeConfig("shell", directory.resolve("n" + i),
                        directory.resolve("logs" + i), host, storagePort, host, nativePort, List.of("127.0.0.1"), 4,
                        "datacenter1", "rack1", CommitLogSync.PERIODIC, 10_000, 256 * 1024 * 1024, 1024, 16_384)));
            }
            InetSocketAddress first = new InetSocketAddress("127.0.0.1", nativePort);
            try (CqlSession everyNode = CqlSession.builder().addContactPoint(first)
                    .withLocalDatacenter("datacenter1").build();
                 CqlSession shellSession = ShellSession.builder(first, "datacenter1",
                         ShellSession.DEFAULT_REQUEST_TIMEOUT).build()) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (everyNode.getMetadata().getNodes().size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(everyNode.getMetadata().getNodes()).hasSize(3);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                Shell shell = new Shell(shellSession, new PrintWriter(out), new PrintWriter(err), null);
                for (String statement : List.of(
                        "CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
                        "CREATE TABLE shop.items (id int PRIMARY KEY, name text)",
                        "ALTER TABLE shop.items ADD price int",
                        "DROP TABLE shop.items")) {
                    assertThat(shell.execute(statement)).as(statement + ": " + err).isTrue();
                    assertThat(schemaVersions(everyNode)).as("schema versions after " + statement).hasSize(1);
                }
                assertThat(err.toString()).isEmpty();

                // TRACING ON: a QUORUM read prints its rows, then its trace as cqlsh does, with the
                // steps of the coordinator and of the replica it asked.
                for (String statement : List.of(
                        "CREATE TABLE shop.kv (k int PRIMARY KEY, v text)",
                        "INSERT INTO shop.kv (k, v) VALUES (7, 'seven')",
                        "CONSISTENCY QUORUM", "TRACING ON")) {
                    assertThat(shell.execute(statement)).as(statement + ": " + err).isTrue();
                }
                out.getBuffer().setLength(0);
                assertThat(shell.execute("SELECT * FROM shop.kv WHERE k = 7")).as(err.toString()).isTrue();
                String traced = out.toString();
                System.out.println("TRACING ON, a QUORUM read on three nodes:" + traced);
                assertThat(traced).contains(" 7 | seven", "(1 rows)", "Tracing session: ",
                        " activity ", " timestamp ", " source ", " source_elapsed ", " client",
                        "Execute CQL3 query", "Parsing SELECT * FROM shop.kv WHERE k = 7",
                        "Executing single-partition query on kv", "Read 1 live rows", "Request complete");
                java.util.Set<String> sources = new java.util.TreeSet<>();
                java.util.regex.Matcher source = java.util.regex.Pattern.compile("\\| (127\\.0\\.0\\.\\d) +\\|")
                        .matcher(traced);
                while (source.find()) {
                    sources.add(source.group(1));
                }
                assertThat(sources).as("nodes in the trace").hasSizeGreaterThanOrEqualTo(2);
                out.getBuffer().setLength(0);
                assertThat(shell.execute("TRACING OFF")).isTrue();
                assertThat(shell.execute("SELECT * FROM shop.kv WHERE k = 7")).isTrue();
                assertThat(out.toString()).startsWith("TRACING set to OFF").doesNotContain("Tracing session");
                assertThat(shell.execute("TRACING SIDEWAYS")).isFalse();
                assertThat(err.toString()).contains("Improper TRACING command");
            }
        } finally {
            for (CairnNode node : nodes) {
                node.close();
            }
        }
    }

    /** Each node's own schema version, as its system.local says. */
    private static Set<UUID> schemaVersions(CqlSession session) {
        Set<UUID> versions = new HashSet<>();
        for (Node node : session.getMetadata().getNodes().values()) {
            versions.add(session.execute(SimpleStatement.newInstance("SELECT schema_version FROM system.local")
                    .setNode(node)).one().getUuid(0));
        }
        return versions;
    }
}
