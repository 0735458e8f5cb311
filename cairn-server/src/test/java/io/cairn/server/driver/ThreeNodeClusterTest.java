package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.metadata.schema.SchemaChangeListenerBase;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.protocol.internal.request.Register;
import com.datastax.oss.protocol.internal.request.Startup;
import com.datastax.oss.protocol.internal.response.Ready;
import com.datastax.oss.protocol.internal.response.event.SchemaChangeEvent;
import io.cairn.server.CairnNode;
import io.cairn.server.transport.RawClient;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes on 127.0.0.1-3 form a cluster through gossip; the Java driver sees all of them
 * and their tokens, schema agreement right after each DDL statement and a table created through
 * another node announced once to a client registered for events and seen by the driver's schema
 * listener as a creation, QUORUM writes through one node read back through another, and TRUNCATE leaves no row on
 * any replica.
 */
class ThreeNodeClusterTest {

    @TempDir
    Path directory;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void threeNodesFormAClusterTheDriverSeesAndReplicateAtQuorum() throws Exception {
        int storagePort = freePort();
        int nativePort = freePort();
        List<CairnNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                String host = "127.0.0." + i;
                nodes.add(CairnNode.start(new NodeConfig("three", directory.resolve("n" + i), directory.resolve("logs" + i),
                        host, storagePort, host, nativePort, List.of("127.0.0.1"), 8, "datacenter1", "rack1",
                        CommitLogSync.PERIODIC, 10_000, 256 * 1024 * 1024, 1024, 16_384)));
            }
            List<String> created = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<String> updated = new java.util.concurrent.CopyOnWriteArrayList<>();
            SchemaChangeListenerBase tables = new SchemaChangeListenerBase() {
                @Override
                public void onTableCreated(TableMetadata table) {
                    created.add(table.getKeyspace().asInternal() + "." + table.getName().asInternal());
                }

                @Override
                public void onTableUpdated(TableMetadata current, TableMetadata previous) {
                    updated.add(current.getKeyspace().asInternal() + "." + current.getName().asInternal());
                }
            };
            try (CqlSession session = CqlSession.builder()
                    .addContactPoint(new InetSocketAddress("127.0.0.1", nativePort))
                    .withSchemaChangeListener(tables)
                    .withLocalDatacenter("datacenter1").build()) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (session.getMetadata().getNodes().size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(session.getMetadata().getNodes()).hasSize(3);
                assertThat(session.getMetadata().getTokenMap().orElseThrow().getTokenRanges()).hasSize(24);
                session.execute("CREATE KEYSPACE rf3 WITH replication = {'class': 'SimpleStrategy', "
                        + "'replication_factor': 3}");
                // The driver waits until every node reports one schema version: the log's, at once.
                assertThat(session.execute("CREATE TABLE rf3.kv (k int PRIMARY KEY, v text)").getExecutionInfo()
                        .isSchemaInAgreement()).isTrue();
                PreparedStatement insert = session.prepare("INSERT INTO rf3.kv (k, v) VALUES (?, ?)");
                for (int k = 0; k < 100; k++) {
                    session.execute(insert.bind(k, "v" + k).setConsistencyLevel(DefaultConsistencyLevel.QUORUM));
                }
                // A table created through another node: a client registered for events on node 1
                // hears SCHEMA_CHANGE once, and this session's listener sees a creation.
                List<SchemaChangeEvent> events = new ArrayList<>();
                try (RawClient listener = new RawClient(new InetSocketAddress("127.0.0.1", nativePort));
                     CqlSession second = CqlSession.builder()
                             .addContactPoint(new InetSocketAddress("127.0.0.2", nativePort))
                             .withLocalDatacenter("datacenter1").build()) {
                    listener.send(4, 0, new Startup(Map.of("CQL_VERSION", "3.0.0")));
                    assertThat(listener.receive().message).isInstanceOf(Ready.class);
                    listener.send(4, 1, new Register(List.of("SCHEMA_CHANGE")));
                    assertThat(listener.receive().message).isInstanceOf(Ready.class);
                    assertThat(second.execute("CREATE TABLE rf3.other (k int PRIMARY KEY)").getExecutionInfo()
                            .isSchemaInAgreement()).isTrue();
                    listener.timeout(java.time.Duration.ofSeconds(3));
                    try {
                        while (true) {
                            events.add((SchemaChangeEvent) listener.receive().message);
                        }
                    } catch (java.net.SocketTimeoutException quiet) {
                        // no more events within 3 s
                    }
                }
                assertThat(events).hasSize(1);
                assertThat(events.get(0).changeType).isEqualTo("CREATED");
                assertThat(events.get(0).target).isEqualTo("TABLE");
                assertThat(events.get(0).keyspace).isEqualTo("rf3");
                assertThat(events.get(0).object).isEqualTo("other");
                long waitForEvent = System.nanoTime() + 10_000_000_000L;
                while (!created.contains("rf3.other") && System.nanoTime() < waitForEvent) {
                    Thread.sleep(50);
                }
                assertThat(created).containsExactly("rf3.kv", "rf3.other");
                assertThat(updated).isEmpty();
            }
            try (CqlSession viaThird = CqlSession.builder()
                    .addContactPoint(new InetSocketAddress("127.0.0.3", nativePort))
                    .withLocalDatacenter("datacenter1").build()) {
                PreparedStatement select = viaThird.prepare("SELECT v FROM rf3.kv WHERE k = ?");
                for (int k = 0; k < 100; k++) {
                    ResultSet rows = viaThird.execute(select.bind(k)
                            .setConsistencyLevel(DefaultConsistencyLevel.QUORUM));
                    assertThat(rows.one().getString(0)).isEqualTo("v" + k);
                }
                // With one replica per key, a full scan must walk the ring across all three nodes.
                viaThird.execute("CREATE KEYSPACE rf1 WITH replication = {'class': 'SimpleStrategy', "
                        + "'replication_factor': 1}");
                viaThird.execute("CREATE TABLE rf1.kv (k int PRIMARY KEY, v int)");
                PreparedStatement insertOne = viaThird.prepare("INSERT INTO rf1.kv (k, v) VALUES (?, ?)");
                for (int k = 0; k < 300; k++) {
                    viaThird.execute(insertOne.bind(k, k));
                }
                assertThat(viaThird.execute("SELECT count(*) FROM rf1.kv").one().getLong(0)).isEqualTo(300);
                // Token-aware routing: the driver sent each prepared write to the one replica of its key
                // (each node's counters, as system_views.coordinator_metrics shows them).
                long extraHops = 0;
                long asReplica = 0;
                for (com.datastax.oss.driver.api.core.metadata.Node node : viaThird.getMetadata().getNodes().values()) {
                    for (com.datastax.oss.driver.api.core.cql.Row row : viaThird.execute(
                            com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
                                    "SELECT name, value FROM system_views.coordinator_metrics").setNode(node))) {
                        if (row.getString("name").equals("writes_coordinated_as_replica")) {
                            asReplica += row.getLong("value");
                        } else if (row.getString("name").equals("writes_coordinated_for_others")) {
                            extraHops += row.getLong("value");
                        }
                    }
                }
                assertThat(asReplica).isGreaterThanOrEqualTo(300);
                assertThat(extraHops).isZero();
                java.util.Set<Integer> seen = new java.util.HashSet<>();
                for (com.datastax.oss.driver.api.core.cql.Row row : viaThird.execute(
                        com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance("SELECT k FROM rf1.kv")
                                .setPageSize(50))) {
                    assertThat(seen.add(row.getInt(0))).isTrue();
                }
                assertThat(seen).hasSize(300);

                tracesAQuorumReadAndWriteOnEveryNodeTheyTouch(viaThird, select);

                // TRUNCATE empties every replica: each node, read alone at ONE, has no row left.
                viaThird.execute("TRUNCATE rf3.kv");
                for (com.datastax.oss.driver.api.core.metadata.Node node : viaThird.getMetadata().getNodes().values()) {
                    assertThat(viaThird.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
                            .newInstance("SELECT k FROM rf3.kv").setNode(node)
                            .setConsistencyLevel(DefaultConsistencyLevel.ONE)).all())
                            .as("rows left on %s", node.getEndPoint()).isEmpty();
                }
            }
        } finally {
            for (CairnNode node : nodes) {
                node.close();
            }
        }
    }

    /**
     * A traced QUORUM read and write (the protocol's tracing flag): the driver fetches the trace
     * from system_traces and finds the session (the request, its parameters, its coordinator and
     * duration) and the events of the coordinator and of the replicas it asked, in time order.
     */
    private static void tracesAQuorumReadAndWriteOnEveryNodeTheyTouch(CqlSession session, PreparedStatement select) {
        ResultSet read = session.execute(select.bind(7).setConsistencyLevel(DefaultConsistencyLevel.QUORUM)
                .setTracing(true));
        assertThat(read.one().getString(0)).isEqualTo("v7");
        com.datastax.oss.driver.api.core.cql.ExecutionInfo info = read.getExecutionInfo();
        assertThat(info.getTracingId()).isNotNull();
        com.datastax.oss.driver.api.core.cql.QueryTrace trace = info.getQueryTrace();
        assertThat(trace.getTracingId()).isEqualTo(info.getTracingId());
        assertThat(trace.getRequestType()).isEqualTo("Execute CQL3 prepared query");
        assertThat(trace.getParameters()).containsEntry("consistency_level", "QUORUM")
                .containsEntry("query", "SELECT v FROM rf3.kv WHERE k = ?");
        assertThat(trace.getDurationMicros()).isPositive();
        String coordinator = ((InetSocketAddress) info.getCoordinator().getEndPoint().resolve()).getAddress()
                .getHostAddress();
        assertThat(trace.getCoordinatorAddress().getAddress().getHostAddress()).isEqualTo(coordinator);
        List<String> activities = trace.getEvents().stream()
                .map(com.datastax.oss.driver.api.core.cql.TraceEvent::getActivity).toList();
        java.util.Set<String> sources = new java.util.TreeSet<>();
        trace.getEvents().forEach(event -> sources.add(event.getSourceAddress().getAddress().getHostAddress()));
        // QUORUM of three: the coordinator's own replica and one more, each recording its steps.
        assertThat(sources).as("nodes that recorded events: %s", activities).hasSizeGreaterThanOrEqualTo(2)
                .contains(coordinator);
        assertThat(activities).anyMatch(activity -> activity.startsWith("Sending READ message to"))
                .anyMatch(activity -> activity.startsWith("READ message received from"))
                .anyMatch(activity -> activity.startsWith("Executing single-partition query on kv"))
                .anyMatch(activity -> activity.startsWith("Read 1 live rows"))
                .anyMatch(activity -> activity.startsWith("READ response received from"));
        for (int i = 1; i < trace.getEvents().size(); i++) {
            assertThat(trace.getEvents().get(i).getTimestamp())
                    .isGreaterThanOrEqualTo(trace.getEvents().get(i - 1).getTimestamp());
        }


        ResultSet write = session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
                .newInstance("INSERT INTO rf3.kv (k, v) VALUES (1000, 'traced')")
                .setConsistencyLevel(DefaultConsistencyLevel.QUORUM).setTracing(true));
        com.datastax.oss.driver.api.core.cql.QueryTrace written = write.getExecutionInfo().getQueryTrace();
        assertThat(written.getRequestType()).isEqualTo("Execute CQL3 query");
        List<String> steps = written.getEvents().stream()
                .map(com.datastax.oss.driver.api.core.cql.TraceEvent::getActivity).toList();
        assertThat(steps).anyMatch(activity -> activity.startsWith("Parsing INSERT INTO rf3.kv"))
                .anyMatch(activity -> activity.startsWith("Sending MUTATION message to"))
                .anyMatch(activity -> activity.startsWith("MUTATION message received from"))
                .anyMatch(activity -> activity.startsWith("Applying a mutation to rf3.kv"))
                .anyMatch(activity -> activity.startsWith("MUTATION response received from"));
        assertThat(written.getEvents().stream().map(event -> event.getSourceAddress().getAddress()).distinct())
                .hasSizeGreaterThanOrEqualTo(2);
        // An untraced request carries no tracing id.
        assertThat(session.execute(select.bind(7)).getExecutionInfo().getTracingId()).isNull();
    }
}
