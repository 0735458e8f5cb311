package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.servererrors.AlreadyExistsException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Types, batches, USE, errors, events, compression and both protocol versions through the Java driver 4. */
class JavaDriverFeaturesTest {

    @TempDir
    static Path directory;

    private static CairnNode node;

    @BeforeAll
    static void startNode() {
        node = TestNodes.startSingleWithKeyspace(directory, "drv");
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static CqlSession session(ProtocolVersion version, boolean lz4) {
        var config = DriverConfigLoader.programmaticBuilder();
        if (version != null) {
            config.withString(DefaultDriverOption.PROTOCOL_VERSION, version.name());
        }
        if (lz4) {
            config.withString(DefaultDriverOption.PROTOCOL_COMPRESSION, "lz4");
        }
        config.withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10));
        return CqlSession.builder().addContactPoint(node.nativeAddress()).withLocalDatacenter("datacenter1")
                .withConfigLoader(config.build()).build();
    }

    @Test
    void everyTypeRoundTripsThroughPreparedStatements() {
        try (CqlSession session = session(null, false)) {
            session.execute("CREATE TYPE drv.address (street text, zip int)");
            session.execute("CREATE TABLE drv.types (k int PRIMARY KEY, a ascii, b bigint, bl blob, bo boolean, "
                    + "d date, de decimal, db double, du duration, f float, i inet, sm smallint, t text, ti time, "
                    + "ts timestamp, tu timeuuid, ty tinyint, u uuid, vi varint, l list<int>, s set<text>, "
                    + "m map<text, int>, fl frozen<list<text>>, tp tuple<int, text>, ad frozen<address>, "
                    + "ua address)");
            UserDefinedType address = session.getMetadata().getKeyspace("drv").orElseThrow()
                    .getUserDefinedType("address").orElseThrow();
            TupleType tupleType = DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT);
            TupleValue tuple = tupleType.newValue(7, "seven");
            UdtValue home = address.newValue("Main St", 1234);
            UUID timeUuid = UUID.fromString("8e0c5c00-0000-1000-8000-000000000000");
            Object[] values = {1, "ascii", Long.MIN_VALUE, ByteBuffer.wrap(new byte[] {1, 2, 3}), true,
                    LocalDate.of(2024, 2, 29), new BigDecimal("-12.345"), 2.5e100, CqlDuration.from("1mo2d3h"), 1.25f,
                    InetAddress.getLoopbackAddress(), (short) -7, "héllo ✓", LocalTime.of(13, 14, 15, 16),
                    Instant.parse("2024-02-29T12:34:56.789Z"), timeUuid, (byte) 5, UUID.randomUUID(),
                    new BigInteger("123456789012345678901234567890"), List.of(3, 1, 2), Set.of("x", "y"),
                    Map.of("a", 1, "b", 2), List.of("p", "q"), tuple, home, home};
            PreparedStatement insert = session.prepare("INSERT INTO drv.types (k, a, b, bl, bo, d, de, db, du, f, i, "
                    + "sm, t, ti, ts, tu, ty, u, vi, l, s, m, fl, tp, ad, ua) VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            session.execute(insert.bind(values));
            Row row = session.execute("SELECT k, a, b, bl, bo, d, de, db, du, f, i, sm, t, ti, ts, tu, ty, u, vi, l, s, "
                    + "m, fl, tp, ad, ua FROM drv.types WHERE k = 1").one();
            for (int i = 0; i < values.length; i++) {
                assertThat(row.getObject(i)).as(row.getColumnDefinitions().get(i).getName().asInternal())
                        .isEqualTo(values[i]);
            }
        }
    }

    @Test
    void vectorsRoundTripAsCqlVectorsAndFeedSimilarityFunctions() {
        try (CqlSession session = session(null, false)) {
            session.execute("CREATE TABLE drv.embeddings (k int PRIMARY KEY, v vector<float, 3>, "
                    + "names vector<text, 2>)");
            assertThat(session.getMetadata().getKeyspace("drv").orElseThrow().getTable("embeddings").orElseThrow()
                    .getColumn("v").orElseThrow().getType()).isEqualTo(DataTypes.vectorOf(DataTypes.FLOAT, 3));
            PreparedStatement insert = session.prepare("INSERT INTO drv.embeddings (k, v, names) VALUES (?, ?, ?)");
            session.execute(insert.bind(1, CqlVector.newInstance(3.0f, 0.0f, 4.0f), CqlVector.newInstance("a", "bc")));
            session.execute("INSERT INTO drv.embeddings (k, v) VALUES (2, [1.0, 2.5, 3])");

            PreparedStatement select = session.prepare("SELECT v, names, similarity_cosine(v, ?), "
                    + "similarity_euclidean(v, ?), similarity_dot_product(v, ?) FROM drv.embeddings WHERE k = ?");
            CqlVector<Float> axis = CqlVector.newInstance(1.0f, 0.0f, 0.0f);
            Row row = session.execute(select.bind(axis, axis, axis, 1)).one();
            assertThat(row.getVector("v", Float.class)).isEqualTo(CqlVector.newInstance(3.0f, 0.0f, 4.0f));
            assertThat(row.getVector("names", String.class)).isEqualTo(CqlVector.newInstance("a", "bc"));
            assertThat(row.getFloat(2)).isEqualTo(0.8f);
            assertThat(row.getFloat(3)).isEqualTo(1f / 21f);
            assertThat(row.getFloat(4)).isEqualTo(2.0f);
            assertThat(session.execute("SELECT v FROM drv.embeddings WHERE k = 2").one().getVector(0, Float.class))
                    .isEqualTo(CqlVector.newInstance(1.0f, 2.5f, 3.0f));
            assertThatThrownBy(() -> session.execute("INSERT INTO drv.embeddings (k, v) VALUES (3, [1.0, 2.0])"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("expected 3 elements, but given 2");
        }
    }

    @Test
    void decimalsAndVarintsKeepTheirExactFormInKeysThroughPreparedStatements() {
        try (CqlSession session = session(null, false)) {
            session.execute("CREATE TABLE drv.numbers (k decimal, c decimal, d decimal, vi varint, v decimal, "
                    + "PRIMARY KEY (k, c, d, vi)) WITH CLUSTERING ORDER BY (c ASC, d DESC, vi ASC)");
            PreparedStatement insert = session.prepare("INSERT INTO drv.numbers (k, c, d, vi, v) VALUES (?, ?, ?, ?, ?)");
            List<String> forms = List.of("1.0", "2.50", "10", "1E+2");
            for (String form : forms) {
                BigDecimal value = new BigDecimal(form);
                session.execute(insert.bind(new BigDecimal("1.0"), value, value, new BigInteger("-18446744073709551616"), value));
            }
            List<String> rows = new java.util.ArrayList<>();
            for (Row row : session.execute("SELECT k, c, d, vi, v FROM drv.numbers WHERE k = ?", new BigDecimal("1.0"))) {
                rows.add(row.getBigDecimal("k") + " " + row.getBigDecimal("c") + " " + row.getBigDecimal("d") + " "
                        + row.getBigInteger("vi") + " " + row.getBigDecimal("v"));
            }
            assertThat(rows).containsExactly("1.0 1.0 1.0 -18446744073709551616 1.0", "1.0 2.50 2.50 -18446744073709551616 2.50",
                    "1.0 10 10 -18446744073709551616 10", "1.0 1E+2 1E+2 -18446744073709551616 1E+2");
        }
    }

    @Test
    void batchesUseAndTheDriversOwnExceptions() {
        try (CqlSession session = session(null, false)) {
            session.execute("CREATE TABLE IF NOT EXISTS drv.events (k int, seq int, v text, PRIMARY KEY (k, seq))");
            PreparedStatement insert = session.prepare("INSERT INTO drv.events (k, seq, v) VALUES (?, ?, ?)");
            BatchStatement batch = BatchStatement.newInstance(DefaultBatchType.LOGGED,
                    insert.bind(1, 1, "a"), insert.bind(1, 2, "b"), insert.bind(2, 1, "c"));
            session.execute(batch);
            session.execute("USE drv");
            assertThat(session.getKeyspace()).contains(CqlIdentifier.fromCql("drv"));
            assertThat(session.execute("SELECT count(*) FROM events").one().getLong(0)).isEqualTo(3);
            assertThatThrownBy(() -> session.execute("SELEC * FROM events")).isInstanceOf(SyntaxError.class);
            assertThatThrownBy(() -> session.execute("SELECT nope FROM events"))
                    .isInstanceOf(InvalidQueryException.class)
                    .hasMessageContaining("Undefined column name nope");
            assertThatThrownBy(() -> session.execute("CREATE TABLE events (k int PRIMARY KEY)"))
                    .isInstanceOf(AlreadyExistsException.class);
            session.execute("CREATE KEYSPACE IF NOT EXISTS drv3 WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 3}");
            session.execute("CREATE TABLE IF NOT EXISTS drv3.t (k int PRIMARY KEY)");
            assertThatThrownBy(() -> session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement
                    .newInstance("SELECT * FROM drv3.t").setConsistencyLevel(
                            com.datastax.oss.driver.api.core.DefaultConsistencyLevel.QUORUM)))
                    // The default retry policy tries the next node on UNAVAILABLE; with one node, that ends here.
                    .isInstanceOf(com.datastax.oss.driver.api.core.AllNodesFailedException.class)
                    .satisfies(e -> assertThat(((com.datastax.oss.driver.api.core.AllNodesFailedException) e)
                            .getAllErrors().values().iterator().next().get(0))
                            .isInstanceOf(com.datastax.oss.driver.api.core.servererrors.UnavailableException.class)
                            .hasMessage("Not enough replicas available for query at consistency QUORUM "
                                    + "(2 required but only 1 alive)"));
        }
    }

    @Test
    void bothProtocolVersionsWithAndWithoutLz4() {
        for (ProtocolVersion version : List.of(DefaultProtocolVersion.V4, DefaultProtocolVersion.V5)) {
            for (boolean lz4 : List.of(false, true)) {
                try (CqlSession session = session(version, lz4)) {
                    assertThat(session.getContext().getProtocolVersion()).isEqualTo(version);
                    String table = "drv.v" + version.getCode() + (lz4 ? "_lz4" : "_plain");
                    session.execute("CREATE TABLE IF NOT EXISTS " + table + " (k int PRIMARY KEY, v text)");
                    PreparedStatement insert = session.prepare("INSERT INTO " + table + " (k, v) VALUES (?, ?)");
                    String big = "x".repeat(100_000);
                    for (int k = 0; k < 20; k++) {
                        session.execute(insert.bind(k, big + k));
                    }
                    PreparedStatement select = session.prepare("SELECT v FROM " + table + " WHERE k = ?");
                    assertThat(session.execute(select.bind(19)).one().getString(0)).isEqualTo(big + 19);
                }
            }
        }
    }

    @Test
    void anotherSessionSeesSchemaChangesThroughEvents() throws InterruptedException {
        try (CqlSession watcher = session(null, false); CqlSession changer = session(null, false)) {
            assertThat(watcher.getMetadata().getKeyspace("drv").orElseThrow().getTable("seen_by_events")).isEmpty();
            changer.execute("CREATE TABLE drv.seen_by_events (k int PRIMARY KEY, v int)");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (watcher.getMetadata().getKeyspace("drv").orElseThrow().getTable("seen_by_events").isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(watcher.getMetadata().getKeyspace("drv").orElseThrow().getTable("seen_by_events"))
                    .isPresent();
        }
    }
}
