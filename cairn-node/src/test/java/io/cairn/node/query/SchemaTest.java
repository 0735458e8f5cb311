package io.cairn.node.query;

import io.cairn.common.time.TimeUuids;

import io.cairn.cql.error.AlreadyExistsException;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.parser.StatementParser;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.TableMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DDL: what system_schema shows, Cassandra's errors, and a schema that survives a restart. */
class SchemaTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = new NodeFixture();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static List<String> row(String... values) {
        return List.of(values);
    }

    @Test
    void keyspacesTablesColumnsAndTypesAppearInSystemSchema() {
        node.execute("CREATE KEYSPACE shop WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 3} "
                + "AND durable_writes = false");
        node.execute("CREATE TYPE shop.address (street text, zip int)");
        node.execute("CREATE TABLE shop.orders (customer uuid, placed timestamp, total decimal, tags set<text>, "
                + "ship frozen<address>, note text STATIC, PRIMARY KEY ((customer), placed)) "
                + "WITH CLUSTERING ORDER BY (placed DESC) AND comment = 'orders' AND default_time_to_live = 60 "
                + "AND compaction = {'class': 'LeveledCompactionStrategy'}");
        assertThat(node.rows("SELECT durable_writes, replication FROM system_schema.keyspaces "
                + "WHERE keyspace_name = 'shop'")).containsExactly(row("false",
                "{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'datacenter1': '3'}"));
        assertThat(node.rows("SELECT flags, comment, default_time_to_live, compaction FROM system_schema.tables "
                + "WHERE keyspace_name = 'shop' AND table_name = 'orders'")).containsExactly(row("{'compound'}",
                "'orders'", "60", "{'class': 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy', "
                + "'max_threshold': '32', 'min_threshold': '4'}"));
        assertThat(node.rows("SELECT column_name, kind, position, type, clustering_order FROM system_schema.columns "
                + "WHERE keyspace_name = 'shop' AND table_name = 'orders'")).containsExactly(
                row("'customer'", "'partition_key'", "0", "'uuid'", "'none'"),
                row("'note'", "'static'", "-1", "'text'", "'none'"),
                row("'placed'", "'clustering'", "0", "'timestamp'", "'desc'"),
                row("'ship'", "'regular'", "-1", "'frozen<address>'", "'none'"),
                row("'tags'", "'regular'", "-1", "'set<text>'", "'none'"),
                row("'total'", "'regular'", "-1", "'decimal'", "'none'"));
        assertThat(node.rows("SELECT field_names, field_types FROM system_schema.types WHERE keyspace_name = 'shop'"))
                .containsExactly(row("['street', 'zip']", "['text', 'int']"));
    }

    @Test
    void alterAndDropChangeTheSchemaAndItsVersion() {
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        java.util.UUID before = node.schema.current().version();
        node.execute("ALTER TABLE ks.t ADD w text");
        node.execute("ALTER TABLE ks.t WITH gc_grace_seconds = 10");
        node.execute("INSERT INTO ks.t (k, v, w) VALUES (1, 2, 'x')");
        assertThat(node.rows("SELECT * FROM ks.t")).containsExactly(row("1", "2", "'x'"));
        node.execute("ALTER TABLE ks.t DROP v");
        assertThat(node.rows("SELECT * FROM ks.t")).containsExactly(row("1", "'x'"));
        assertThat(node.schema.current().version()).isNotEqualTo(before);
        node.execute("DROP TABLE ks.t");
        assertThat(node.rows("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'")).isEmpty();
        node.execute("DROP KEYSPACE ks");
        assertThat(node.rows("SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = 'ks'")).isEmpty();
    }

    @Test
    void cassandrasErrorsForBadDdl() {
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThatThrownBy(() -> node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}")).isInstanceOf(AlreadyExistsException.class);
        node.execute("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 1}");
        assertThatThrownBy(() -> node.execute("CREATE KEYSPACE bad WITH replication = {'class': 'NoSuchStrategy'}"))
                .hasMessage("Unable to find replication strategy class 'org.apache.cassandra.locator.NoSuchStrategy'")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.CONFIG_ERROR);
        assertThatThrownBy(() -> node.execute("CREATE TABLE ks.t (k int, v int)"))
                .hasMessage("No PRIMARY KEY specifed for table 't' (exactly one required)");
        assertThatThrownBy(() -> node.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v list<list<int>>)"))
                .hasMessage("Non-frozen collections are not allowed inside collections: list<list<int>>");
        assertThatThrownBy(() -> node.execute("CREATE TABLE ks.t (k int PRIMARY KEY, s int STATIC)"))
                .hasMessageContaining("Static columns are only useful");
        assertThatThrownBy(() -> node.execute("CREATE TABLE ks.t (k int PRIMARY KEY) WITH nonsense = 1"))
                .hasMessage("Unknown property 'nonsense'");
        assertThatThrownBy(() -> node.execute("CREATE TABLE ks.t (k int PRIMARY KEY, a frozen<nope>)"))
                .hasMessage("Unknown type ks.nope");
        assertThatThrownBy(() -> node.execute("DROP KEYSPACE system"))
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
        assertThatThrownBy(() -> node.execute("CREATE INDEX ON ks.nosuch (v)")).hasMessage("Table 'nosuch' doesn't exist");
        assertThatThrownBy(() -> node.execute("CREATE TABLE t (k int PRIMARY KEY)"))
                .hasMessageContaining("No keyspace has been specified");
    }

    @Test
    void simpleStrategyWithoutAFactorTakesTheDefaultOfOne() {
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy'}");
        assertThat(node.rows("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'ks'"))
                .containsExactly(row("{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '1'}"));
        node.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        node.execute("INSERT INTO ks.t (k, v) VALUES (1, 2)");
        assertThat(node.rows("SELECT * FROM ks.t")).containsExactly(row("1", "2"));
    }

    @Test
    void networkTopologyStrategyWithoutDataCentersTakesTheDefaultInEach() {
        node.schema.useDataCenters(() -> java.util.Set.of("datacenter1", "dc2"));
        node.execute("CREATE KEYSPACE a WITH replication = {'class': 'NetworkTopologyStrategy'}");
        node.execute("CREATE KEYSPACE b WITH replication = {'class': 'NetworkTopologyStrategy', 'replication_factor': 2, "
                + "'dc2': 1}");
        node.execute("CREATE KEYSPACE c WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
        node.execute("ALTER KEYSPACE c WITH replication = {'class': 'NetworkTopologyStrategy'}");
        node.execute("CREATE KEYSPACE d WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 2}");
        node.execute("ALTER KEYSPACE d WITH replication = {'class': 'SimpleStrategy'}");
        assertThat(node.rows("SELECT keyspace_name, replication FROM system_schema.keyspaces WHERE keyspace_name IN "
                + "('a', 'b', 'c', 'd')")).containsExactlyInAnyOrder(
                row("'a'", "{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'datacenter1': '1', "
                        + "'dc2': '1'}"),
                row("'b'", "{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'datacenter1': '2', "
                        + "'dc2': '1'}"),
                row("'c'", "{'class': 'org.apache.cassandra.locator.NetworkTopologyStrategy', 'datacenter1': '3', "
                        + "'dc2': '3'}"),
                row("'d'", "{'class': 'org.apache.cassandra.locator.SimpleStrategy', 'replication_factor': '2'}"));
        assertThatThrownBy(() -> node.execute("CREATE KEYSPACE e WITH replication = "
                + "{'class': 'NetworkTopologyStrategy', 'datacenter1': 0}"))
                .hasMessage("Configuration for at least one datacenter must be present")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.CONFIG_ERROR);
    }

    @Test
    void droppingAMissingKeyspaceTableOrTypeIsInvalid() {
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        assertThatThrownBy(() -> node.execute("DROP KEYSPACE nope"))
                .hasMessage("Keyspace 'nope' doesn't exist")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> node.execute("DROP TABLE ks.nope"))
                .hasMessage("Table 'ks.nope' doesn't exist")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> node.execute("DROP TABLE nope.nope"))
                .hasMessage("Table 'nope.nope' doesn't exist")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> node.execute("DROP TYPE ks.nope"))
                .hasMessage("Type 'ks.nope' doesn't exist")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> node.execute("DROP TYPE nope.nope"))
                .hasMessage("Type 'nope.nope' doesn't exist")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> node.execute("ALTER TABLE nope.nope ADD x int"))
                .hasMessage("Table 'nope.nope' doesn't exist")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.INVALID);
        node.execute("DROP KEYSPACE IF EXISTS nope");
        node.execute("DROP TABLE IF EXISTS nope.nope");
        node.execute("DROP TYPE IF EXISTS nope.nope");
    }

    @Test
    void theSchemaAndTheDataSurviveARestart() {
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("CREATE TYPE ks.point (x int, y int)");
        node.execute("CREATE TABLE ks.t (k int, c int, p frozen<point>, PRIMARY KEY (k, c)) "
                + "WITH CLUSTERING ORDER BY (c DESC)");
        node.execute("INSERT INTO ks.t (k, c, p) VALUES (1, 1, {x: 1, y: 2})");
        node.execute("INSERT INTO ks.t (k, c, p) VALUES (1, 2, {x: 3, y: 4})");
        SchemaManager restarted = new SchemaManager(node.storage, node.clock, new SplittableRandom(3),
                new StatementParser());
        restarted.start();
        TableMetadata table = restarted.current().table("ks", "t");
        assertThat(table).isEqualTo(node.schema.current().table("ks", "t"));
        assertThat(restarted.current().version()).isEqualTo(node.schema.current().version());
        QueryProcessor processor = new QueryProcessor(node.storage, restarted, node.clock,
                new TimeUuids(new SplittableRandom(4)), new StatementParser());
        QueryResult.Rows rows = (QueryResult.Rows) Await.result(processor.execute("SELECT c, p FROM ks.t WHERE k = 1",
                QueryOptions.DEFAULT, new ClientSession()));
        assertThat(NodeFixture.render(rows)).containsExactly(row("2", "{x: 3, y: 4}"), row("1", "{x: 1, y: 2}"));
    }

    @Test
    void aTypeStillUsedByATypeOrATableCannotBeDropped() {
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("CREATE TYPE ks.inner (a int)");
        node.execute("CREATE TYPE ks.outer (b frozen<inner>)");
        node.execute("CREATE TYPE ks.a (x int)");
        node.execute("CREATE TABLE ks.t (k int PRIMARY KEY, m map<text, int>, l list<frozen<outer>>)");
        assertThatThrownBy(() -> node.execute("DROP TYPE ks.inner"))
                .hasMessage("Cannot drop user type 'ks.inner' as it is still used by user types outer")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.INVALID);
        assertThatThrownBy(() -> node.execute("DROP TYPE ks.outer"))
                .hasMessage("Cannot drop user type 'ks.outer' as it is still used by tables t");
        node.execute("DROP TYPE ks.a");
        node.execute("DROP TABLE ks.t");
        node.execute("DROP TYPE ks.outer");
        node.execute("DROP TYPE ks.inner");
        assertThat(node.rows("SELECT type_name FROM system_schema.types WHERE keyspace_name = 'ks'")).isEmpty();
    }
}
