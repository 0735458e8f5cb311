package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The DataStax Java driver 4, with its default configuration, against a real Cairn node. */
class JavaDriverTest {

    @TempDir
    static Path directory;

    private static CairnNode node;
    private static CqlSession session;

    @BeforeAll
    static void startNode() {
        node = CairnNode.start(new NodeConfig("Test Cluster", directory.resolve("data"), directory.resolve("logs"),
                "127.0.0.1", 0, "127.0.0.1", 0, List.of("127.0.0.1"), 4, "datacenter1", "rack1",
                CommitLogSync.PERIODIC, 10_000, 256 * 1024 * 1024, 1024, 16_384));
        session = CqlSession.builder().addContactPoint(node.nativeAddress()).withLocalDatacenter("datacenter1")
                .build();
    }

    @AfterAll
    static void stopNode() {
        if (session != null) {
            session.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void driverConnectsAndSeesTheNodeAndItsTokens() {
        assertThat(session.getMetadata().getNodes()).hasSize(1);
        Node only = session.getMetadata().getNodes().values().iterator().next();
        assertThat(only.getDatacenter()).isEqualTo("datacenter1");
        assertThat(only.getHostId()).isNotNull();
        assertThat(session.getMetadata().getTokenMap()).isPresent();
        assertThat(session.execute("SELECT cluster_name, release_version FROM system.local").one()
                .getString("cluster_name")).isEqualTo("Test Cluster");
    }

    @Test
    void createInsertSelectThroughSimpleAndPreparedStatements() {
        session.execute("CREATE KEYSPACE IF NOT EXISTS shop WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE IF NOT EXISTS shop.items (id int, seq int, name text, tags set<text>, "
                + "PRIMARY KEY (id, seq))");
        session.execute("INSERT INTO shop.items (id, seq, name, tags) VALUES (1, 1, 'one', {'a', 'b'})");
        PreparedStatement insert = session.prepare("INSERT INTO shop.items (id, seq, name) VALUES (?, ?, ?)");
        for (int seq = 2; seq <= 5; seq++) {
            session.execute(insert.bind(1, seq, "item " + seq));
        }
        PreparedStatement select = session.prepare("SELECT seq, name, tags FROM shop.items WHERE id = ?");
        List<String> names = new ArrayList<>();
        for (Row row : session.execute(select.bind(1))) {
            names.add(row.getInt("seq") + ":" + row.getString("name"));
        }
        assertThat(names).containsExactly("1:one", "2:item 2", "3:item 3", "4:item 4", "5:item 5");
        Row first = session.execute("SELECT tags FROM shop.items WHERE id = 1 AND seq = 1").one();
        assertThat(first.getSet("tags", String.class)).containsExactly("a", "b");
    }

    @Test
    void pagesThroughManyRows() {
        session.execute("CREATE KEYSPACE IF NOT EXISTS paging WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE IF NOT EXISTS paging.t (k int, c int, v text, PRIMARY KEY (k, c))");
        PreparedStatement insert = session.prepare("INSERT INTO paging.t (k, c, v) VALUES (?, ?, ?)");
        List<java.util.concurrent.CompletionStage<?>> writes = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            writes.add(session.executeAsync(insert.bind(i % 7, i, "v" + i)));
            if (writes.size() == 64) {
                writes.forEach(w -> w.toCompletableFuture().join());
                writes.clear();
            }
        }
        writes.forEach(w -> w.toCompletableFuture().join());
        ResultSet all = session.execute(SimpleStatement.newInstance("SELECT * FROM paging.t").setPageSize(100));
        int count = 0;
        for (Row ignored : all) {
            count++;
        }
        assertThat(count).isEqualTo(10_000);
    }
    /** As Cassandra's auto_snapshot, on by default: a DROP TABLE leaves a checkpoint of the rows it deleted. */
    @Test
    void aDroppedTablesRowsAreKeptInASnapshot() throws java.io.IOException {
        session.execute("CREATE KEYSPACE IF NOT EXISTS gone WITH replication = "
                + "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE gone.t (k int PRIMARY KEY, v int)");
        session.execute("INSERT INTO gone.t (k, v) VALUES (1, 1)");
        session.execute("DROP TABLE gone.t");
        Path snapshots = directory.resolve("data").resolve("snapshots");
        try (java.util.stream.Stream<Path> tags = java.nio.file.Files.list(snapshots)) {
            Path dropped = tags.filter(tag -> tag.getFileName().toString().matches("dropped-\\d+-gone\\.t"))
                    .findFirst().orElseThrow(() -> new AssertionError("no dropped-...-gone.t in " + snapshots));
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dropped)) {
                assertThat(files.map(file -> file.getFileName().toString())).as("a RocksDB checkpoint")
                        .anyMatch(name -> name.endsWith(".sst")).anyMatch(name -> name.startsWith("MANIFEST"));
            }
        }
    }
}
