package io.cairn.server.driver;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Named bind markers ({@code :name}) through the Java drivers 4 and 3: values bound by name to
 * prepared statements and sent by name with simple ones, and the variable names and partition
 * key indexes that drivers read from PREPARE (for binding by name and token-aware routing),
 * compared with what the drivers report against Apache Cassandra 5.0 for the same statements.
 */
class NamedBindMarkersDriverTest {

    @TempDir
    static Path directory;

    private static CairnNode node;
    private static CqlSession v4;

    @BeforeAll
    static void startNode() {
        node = TestNodes.startSingle(directory);
        try (CqlSession session = session(DefaultProtocolVersion.V5)) {
            session.execute("CREATE KEYSPACE nb WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            session.execute("CREATE TABLE nb.t (key int PRIMARY KEY, name text)");
            session.execute("CREATE TABLE nb.c (p1 int, p2 text, c int, v int, PRIMARY KEY ((p1, p2), c))");
            session.execute("CREATE TABLE nb.u (k int, c int, v int, PRIMARY KEY (k, c))");
        }
        v4 = session(DefaultProtocolVersion.V4);
    }

    @AfterAll
    static void stopNode() {
        if (v4 != null) {
            v4.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static CqlSession session(DefaultProtocolVersion version) {
        return CqlSession.builder().addContactPoint(node.nativeAddress()).withLocalDatacenter("datacenter1")
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withString(DefaultDriverOption.PROTOCOL_VERSION, version.name())
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10)).build())
                .build();
    }

    @ParameterizedTest
    @EnumSource(value = DefaultProtocolVersion.class, names = {"V4", "V5"})
    void driver4BindsNamedMarkersByName(DefaultProtocolVersion version) {
        int key = version == DefaultProtocolVersion.V4 ? 40 : 50;
        try (CqlSession session = session(version)) {
            PreparedStatement insert = session.prepare("INSERT INTO nb.t (key, name) VALUES (:key, :nm)");
            session.execute(insert.boundStatementBuilder().setString("nm", "built").setInt("key", key).build());
            session.execute(insert.bind().setInt("key", key + 1).setString("nm", "bound"));
            session.execute(SimpleStatement.newInstance("INSERT INTO nb.t (key, name) VALUES (:key, :nm)",
                    Map.of("nm", "simple", "key", key + 2)));
            PreparedStatement select = session.prepare("SELECT key, name FROM nb.t WHERE key IN :keys");
            List<String> rows = new ArrayList<>();
            for (Row row : session.execute(select.bind().setList("keys", List.of(key, key + 1, key + 2),
                    Integer.class))) {
                rows.add(row.getInt("key") + ":" + row.getString("name"));
            }
            assertThat(rows).containsExactly(key + ":built", (key + 1) + ":bound", (key + 2) + ":simple");
        }
    }

    @Test
    void driver4BindsARepeatedNameToEveryMarkerOfThatName() {
        try (CqlSession session = session(DefaultProtocolVersion.V5)) {
            PreparedStatement insert = session.prepare("INSERT INTO nb.u (k, c, v) VALUES (:x, :x, :v)");
            assertThat(insert.getVariableDefinitions()).extracting(d -> d.getName().asInternal())
                    .containsExactly("x", "x", "v");
            session.execute(insert.bind().setInt("x", 8).setInt("v", 80));
            PreparedStatement select = session.prepare("SELECT v FROM nb.u WHERE k = :x AND c = :x");
            assertThat(session.execute(select.bind().setInt("x", 8)).one().getInt("v")).isEqualTo(80);
            assertThat(session.execute(SimpleStatement.newInstance("SELECT v FROM nb.u WHERE k = :x AND c = :x",
                    Map.of("x", 8))).one().getInt("v")).isEqualTo(80);
        }
    }

    @Test
    void aMissingNamedValueIsRefusedWithCassandrasError() {
        try (CqlSession session = session(DefaultProtocolVersion.V5)) {
            assertThatThrownBy(() -> session.execute(SimpleStatement.newInstance(
                    "INSERT INTO nb.t (key, name) VALUES (:key, :nm)", Map.of("key", 3))))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessage("Invalid amount of bind variables");
            assertThat(session.execute("SELECT * FROM nb.t WHERE key = 3").one()).isNull();
        }
    }

    @Test
    void driver3BindsNamedMarkersByName() {
        try (Cluster cluster = Cluster.builder().addContactPoint("127.0.0.1").withPort(node.nativeAddress().getPort())
                .withoutJMXReporting().build();
             Session session = cluster.connect()) {
            com.datastax.driver.core.PreparedStatement insert = session.prepare(
                    "INSERT INTO nb.t (key, name) VALUES (:key, :nm)");
            session.execute(insert.bind().setString("nm", "three").setInt("key", 30));
            session.execute(new com.datastax.driver.core.SimpleStatement(
                    "INSERT INTO nb.t (key, name) VALUES (:key, :nm)", Map.<String, Object>of("key", 31, "nm", "simple")));
            com.datastax.driver.core.PreparedStatement select = session.prepare(
                    "SELECT name FROM nb.t WHERE key = :k");
            assertThat(insert.getVariables().getName(1)).isEqualTo("nm");
            com.datastax.driver.core.BoundStatement bound = insert.bind().setInt("key", 30).setString("nm", "x");
            assertThat(bound.getRoutingKey(cluster.getConfiguration().getProtocolOptions().getProtocolVersion(),
                    cluster.getConfiguration().getCodecRegistry())).isEqualTo(java.nio.ByteBuffer.wrap(
                    new byte[] {0, 0, 0, 30}));
            assertThat(session.execute(select.bind().setInt("k", 30)).one().getString("name")).isEqualTo("three");
            assertThat(session.execute(select.bind().setInt("k", 31)).one().getString("name")).isEqualTo("simple");
            com.datastax.driver.core.PreparedStatement repeated = session.prepare(
                    "INSERT INTO nb.u (k, c, v) VALUES (:x, :x, :v)");
            session.execute(repeated.bind().setInt("x", 9).setInt("v", 90));
            assertThat(session.execute("SELECT c, v FROM nb.u WHERE k = 9").one().getInt("c")).isEqualTo(9);
        }
    }

    @Test
    void theDriversRoutingKeyOfAnOutOfOrderCompoundKeyHasTheRowsToken() {
        v4.execute("INSERT INTO nb.c (p1, p2, c, v) VALUES (7, 'seven', 1, 70)");
        PreparedStatement update = v4.prepare("UPDATE nb.c SET v = :v WHERE p2 = :second AND p1 = :first AND c = 1");
        BoundStatement bound = update.bind().setInt("first", 7).setString("second", "seven").setInt("v", 71);
        Token routing = v4.getMetadata().getTokenMap().orElseThrow().newToken(bound.getRoutingKey());
        long token = v4.execute("SELECT token(p1, p2) FROM nb.c WHERE p1 = 7 AND p2 = 'seven'").one().getLong(0);
        assertThat(((Murmur3Token) routing).getValue()).isEqualTo(token);
    }

    /** Each statement with the variable names and partition key indexes the driver 4 reports for it on Cassandra. */
    static Stream<Arguments> statements() {
        return Stream.of(
                arguments("INSERT INTO nb.t (key, name) VALUES (:key, :nm)", "key nm", List.of(0)),
                arguments("INSERT INTO nb.t (name, key) VALUES (?, ?)", "name key", List.of(1)),
                arguments("SELECT * FROM nb.t WHERE key = :k", "k", List.of(0)),
                arguments("SELECT * FROM nb.t WHERE key IN (?, ?)", "key key", List.of(1)),
                arguments("SELECT * FROM nb.t WHERE key IN ?", "in(key)", List.of()),
                arguments("SELECT * FROM nb.t WHERE token(key) = token(?)", "arg0(system.token)", List.of()),
                arguments("SELECT * FROM nb.t WHERE token(key) > :a", "a", List.of()),
                arguments("SELECT * FROM nb.c WHERE p2 = ? AND p1 = ?", "p2 p1", List.of(1, 0)),
                arguments("SELECT * FROM nb.c WHERE p2 = :b AND p1 = :a AND c = :c", "b a c", List.of(1, 0)),
                arguments("SELECT * FROM nb.c WHERE p1 IN (?, ?) AND p2 = ?", "p1 p1 p2", List.of(1, 2)),
                arguments("UPDATE nb.c USING TTL :ttl SET v = :v WHERE p2 = :p2 AND p1 = :p1 AND c = :c",
                        "ttl v p2 p1 c", List.of(3, 2)),
                arguments("SELECT * FROM nb.u WHERE k = :x AND c = :x", "x x", List.of(0)),
                arguments("BEGIN BATCH INSERT INTO nb.t (key, name) VALUES (:k, :n); "
                        + "UPDATE nb.t SET name = :n2 WHERE key = :k; APPLY BATCH", "k n n2 k", List.of(3)),
                arguments("BEGIN BATCH INSERT INTO nb.c (p1, p2, c, v) VALUES (?, ?, ?, ?); "
                        + "UPDATE nb.c SET v = ? WHERE p2 = ? AND p1 = ? AND c = ?; APPLY BATCH",
                        "p1 p2 c v v p2 p1 c", List.of(6, 5)),
                // Cassandra sends no indexes for variables of several tables; the driver then finds them
                // itself from the first variable's table.
                arguments("BEGIN BATCH INSERT INTO nb.t (key, name) VALUES (?, ?); "
                        + "INSERT INTO nb.u (k, c, v) VALUES (?, ?, ?); APPLY BATCH", "key name k c v", List.of(0)),
                arguments("BEGIN BATCH USING TIMESTAMP ? INSERT INTO nb.t (key, name) VALUES (?, ?); APPLY BATCH",
                        "[timestamp] key name", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void driver4SeesTheVariablesAndPartitionKeyCassandraReports(String query, String names, List<Integer> indexes) {
        PreparedStatement prepared = v4.prepare(query);
        List<String> variables = new ArrayList<>();
        for (ColumnDefinition variable : prepared.getVariableDefinitions()) {
            variables.add(variable.getName().asInternal());
        }
        assertThat(String.join(" ", variables)).isEqualTo(names);
        assertThat(prepared.getPartitionKeyIndices()).isEqualTo(indexes);
    }
}
