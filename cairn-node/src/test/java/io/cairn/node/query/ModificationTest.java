package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.NativeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** INSERT, UPDATE, DELETE and BATCH: what a later read sees. */
class ModificationTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, c int, v text, n int, l list<int>, st set<text>, m map<text, int>, "
                + "PRIMARY KEY (k, c))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private List<List<String>> rows(String cql) {
        return node.rows(cql);
    }

    private static List<String> row(String... values) {
        return List.of(values);
    }

    @Test
    void insertWritesARowThatExistsEvenWithOnlyNullColumns() {
        node.execute("INSERT INTO t (k, c) VALUES (1, 1)");
        assertThat(rows("SELECT k, c, v FROM t WHERE k = 1")).containsExactly(row("1", "1", "null"));
    }

    @Test
    void updateOfAllColumnsToNullLeavesNoRowWithoutAnInsertMarker() {
        node.execute("UPDATE t SET v = 'x' WHERE k = 1 AND c = 1");
        node.execute("UPDATE t SET v = null WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT * FROM t WHERE k = 1")).isEmpty();
    }

    @Test
    void collectionOperations() {
        node.execute("INSERT INTO t (k, c, l, st, m) VALUES (1, 1, [3, 1], {'b', 'a'}, {'x': 1})");
        node.execute("UPDATE t SET l = l + [2], st = st + {'c'}, m = m + {'y': 2} WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT l, st, m FROM t WHERE k = 1")).containsExactly(
                row("[3, 1, 2]", "{'a', 'b', 'c'}", "{'x': 1, 'y': 2}"));
        node.execute("UPDATE t SET st = st - {'a'}, m['x'] = 10 WHERE k = 1 AND c = 1");
        node.execute("DELETE m['y'] FROM t WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT st, m FROM t WHERE k = 1")).containsExactly(row("{'b', 'c'}", "{'x': 10}"));
        node.execute("UPDATE t SET st = {'z'} WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT st FROM t WHERE k = 1")).containsExactly(row("{'z'}"));
        node.execute("DELETE st FROM t WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT st FROM t WHERE k = 1")).containsExactly(row("null"));
    }

    @Test
    void listPrependIndexAndValueOperations() {
        node.execute("INSERT INTO t (k, c, l) VALUES (1, 1, [3, 4])");
        node.execute("UPDATE t SET l = [1, 2] + l WHERE k = 1 AND c = 1");
        node.execute("UPDATE t SET l = [0] + l WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT l FROM t WHERE k = 1")).containsExactly(row("[0, 1, 2, 3, 4]"));
        node.execute("UPDATE t SET l[2] = 20 WHERE k = 1 AND c = 1");
        node.execute("DELETE l[0] FROM t WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT l FROM t WHERE k = 1")).containsExactly(row("[1, 20, 3, 4]"));
        node.execute("UPDATE t SET l = l - [3, 1] WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT l FROM t WHERE k = 1")).containsExactly(row("[20, 4]"));
        assertThatThrownBy(() -> node.execute("UPDATE t SET l[5] = 1 WHERE k = 1 AND c = 1"))
                .hasMessage("List index 5 out of bound, list has size 2");
    }

    @Test
    void insertJsonAndSelectJson() {
        node.execute("INSERT INTO t JSON '{\"k\": 1, \"c\": 2, \"v\": \"it''s\", \"l\": [1, 2], "
                + "\"m\": {\"a\": 1}, \"st\": [\"x\"]}'");
        assertThat(rows("SELECT JSON k, c, v, n, l, m, st FROM t WHERE k = 1")).containsExactly(row(
                "'{\"k\": 1, \"c\": 2, \"v\": \"it''s\", \"n\": null, \"l\": [1, 2], \"m\": {\"a\": 1}, "
                        + "\"st\": [\"x\"]}'"));
        node.execute("INSERT INTO t JSON '{\"k\": 1, \"c\": 2, \"n\": 5}' DEFAULT UNSET");
        assertThat(rows("SELECT v, n FROM t WHERE k = 1")).containsExactly(row("'it''s'", "5"));
        node.execute("INSERT INTO t JSON '{\"k\": 1, \"c\": 2}'");
        assertThat(rows("SELECT v, n FROM t WHERE k = 1")).containsExactly(row("null", "null"));
        assertThatThrownBy(() -> node.execute("INSERT INTO t JSON '{\"k\": 1, \"c\": 2, \"nope\": 1}'"))
                .hasMessage("JSON values map contains unrecognized column: nope");
        assertThatThrownBy(() -> node.execute("INSERT INTO t JSON '{\"k\": \"one\", \"c\": 2}'"))
                .isInstanceOf(CqlException.class);
    }

    @Test
    void userTypesFrozenAndNotAndTuples() {
        node.execute("CREATE TYPE address (street text, zip int)");
        node.execute("CREATE TABLE people (k int PRIMARY KEY, home address, work frozen<address>, "
                + "pair tuple<int, text>)");
        node.execute("INSERT INTO people (k, home, work, pair) VALUES (1, {street: 'Main', zip: 1}, "
                + "{street: 'Side', zip: 2}, (7, 'seven'))");
        node.execute("UPDATE people SET home.zip = 10 WHERE k = 1");
        assertThat(rows("SELECT home, home.street, work.zip, pair FROM people WHERE k = 1")).containsExactly(
                row("{street: 'Main', zip: 10}", "'Main'", "2", "(7, 'seven')"));
        node.execute("DELETE home.street FROM people WHERE k = 1");
        assertThat(rows("SELECT home FROM people WHERE k = 1")).containsExactly(row("{street: null, zip: 10}"));
        assertThatThrownBy(() -> node.execute("UPDATE people SET work.zip = 3 WHERE k = 1"))
                .hasMessageContaining("frozen UDT column work");
        assertThatThrownBy(() -> node.execute("INSERT INTO people (k, home) VALUES (2, {nope: 1})"))
                .hasMessage("Unknown field 'nope' in value of user defined type address");
    }

    @Test
    void deletesOfRowsRangesAndPartitions() {
        for (int c = 1; c <= 5; c++) {
            node.execute("INSERT INTO t (k, c, v) VALUES (1, " + c + ", 'v')");
            node.execute("INSERT INTO t (k, c, v) VALUES (2, " + c + ", 'v')");
        }
        node.execute("DELETE FROM t WHERE k = 1 AND c = 2");
        node.execute("DELETE FROM t WHERE k = 1 AND c >= 4");
        node.execute("DELETE v FROM t WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT c, v FROM t WHERE k = 1")).containsExactly(row("1", "null"), row("3", "'v'"));
        node.execute("DELETE FROM t WHERE k = 2");
        assertThat(rows("SELECT * FROM t WHERE k = 2")).isEmpty();
    }

    @Test
    void olderTimestampLosesEvenWhenAppliedLater() {
        node.execute("INSERT INTO t (k, c, v) VALUES (1, 1, 'new') USING TIMESTAMP 2000");
        node.execute("INSERT INTO t (k, c, v) VALUES (1, 1, 'old') USING TIMESTAMP 1000");
        assertThat(rows("SELECT v FROM t WHERE k = 1")).containsExactly(row("'new'"));
        node.execute("DELETE FROM t USING TIMESTAMP 1500 WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT v FROM t WHERE k = 1")).containsExactly(row("'new'"));
        node.execute("DELETE FROM t USING TIMESTAMP 2500 WHERE k = 1 AND c = 1");
        assertThat(rows("SELECT v FROM t WHERE k = 1")).isEmpty();
    }

    @Test
    void clientTimestampIsUsedWhenTheStatementHasNone() {
        Await.result(node.processor.execute("INSERT INTO t (k, c, v) VALUES (1, 1, 'x')",
                QueryOptions.DEFAULT.withTimestamp(777), node.session));
        assertThat(rows("SELECT writetime(v) FROM t WHERE k = 1")).containsExactly(row("777"));
    }

    @Test
    void ttlExpiresWithTheInjectedClock() {
        node.execute("INSERT INTO t (k, c, v) VALUES (1, 1, 'x') USING TTL 10");
        node.execute("UPDATE t USING TTL 100 SET n = 5 WHERE k = 1 AND c = 1");
        node.clock.advance(Duration.ofSeconds(9));
        assertThat(rows("SELECT v, ttl(v) FROM t WHERE k = 1")).containsExactly(row("'x'", "1"));
        node.clock.advance(Duration.ofSeconds(1));
        assertThat(rows("SELECT c, v, n FROM t WHERE k = 1")).containsExactly(row("1", "null", "5"));
        node.clock.advance(Duration.ofSeconds(100));
        assertThat(rows("SELECT * FROM t WHERE k = 1")).isEmpty();
    }

    @Test
    void tableDefaultTtlApplies() {
        node.execute("CREATE TABLE short (k int PRIMARY KEY, v int) WITH default_time_to_live = 5");
        node.execute("INSERT INTO short (k, v) VALUES (1, 1)");
        assertThat(rows("SELECT ttl(v) FROM short WHERE k = 1")).containsExactly(row("5"));
        node.clock.advance(Duration.ofSeconds(5));
        assertThat(rows("SELECT * FROM short")).isEmpty();
    }

    @Test
    void batchesApplyEveryStatementAtOneTimestamp() {
        node.execute("BEGIN BATCH USING TIMESTAMP 42 INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); "
                + "UPDATE t SET v = 'b' WHERE k = 2 AND c = 1; APPLY BATCH");
        assertThat(rows("SELECT k, v, writetime(v) FROM t")).containsExactlyInAnyOrder(row("1", "'a'", "42"),
                row("2", "'b'", "42"));
    }

    @Test
    void unsetBatchTimestampWritesAtTheCurrentTime() {
        node.execute("BEGIN BATCH USING TIMESTAMP ? INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); APPLY BATCH",
                QueryOptions.UNSET);
        assertThat(rows("SELECT v, writetime(v) FROM t WHERE k = 1"))
                .containsExactly(row("'a'", String.valueOf(node.clock.currentTimeMicros())));
        assertThatThrownBy(() -> node.execute(
                "BEGIN BATCH USING TIMESTAMP ? INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); APPLY BATCH",
                (ByteBuffer) null))
                .isInstanceOf(CqlException.class)
                .hasMessage("Invalid null value of timestamp");
    }

    @Test
    void boundValuesIncludingUnset() {
        node.execute("INSERT INTO t (k, c, v, n) VALUES (?, ?, ?, ?)", NativeType.INT.decompose(1),
                NativeType.INT.decompose(1), NativeType.TEXT.decompose("a"), NativeType.INT.decompose(7));
        node.execute("INSERT INTO t (k, c, v, n) VALUES (?, ?, ?, ?)", NativeType.INT.decompose(1),
                NativeType.INT.decompose(1), QueryOptions.UNSET, null);
        assertThat(rows("SELECT v, n FROM t WHERE k = 1")).containsExactly(row("'a'", "null"));
        assertThatThrownBy(() -> node.execute("INSERT INTO t (k, c, v) VALUES (?, ?, ?)", NativeType.INT.decompose(1)))
                .isInstanceOf(CqlException.class)
                .hasMessage("Invalid amount of bind variables");
    }

    @Test
    void consistencyNeedingMoreReplicasThanLiveIsUnavailable() {
        node.execute("CREATE KEYSPACE rf3 WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}");
        node.execute("CREATE TABLE rf3.t (k int PRIMARY KEY, v int)");
        QueryOptions quorum = QueryOptions.DEFAULT.withConsistency(io.cairn.cql.ConsistencyLevel.QUORUM);
        assertThatThrownBy(() -> Await.result(node.processor.execute("INSERT INTO rf3.t (k, v) VALUES (1, 1)", quorum, node.session)))
                .isInstanceOf(io.cairn.cql.error.UnavailableException.class)
                .hasMessage("Cannot achieve consistency level QUORUM: 2 required but only 1 alive");
        Await.result(node.processor.execute("INSERT INTO rf3.t (k, v) VALUES (1, 1)", QueryOptions.DEFAULT, node.session));
        assertThatThrownBy(() -> Await.result(node.processor.execute("SELECT * FROM rf3.t", QueryOptions.DEFAULT
                .withConsistency(io.cairn.cql.ConsistencyLevel.ANY), node.session)))
                .hasMessage("ANY ConsistencyLevel is only supported for writes");
        Await.result(node.processor.execute("SELECT * FROM t", quorum, node.session));
    }

    @Test
    void cassandraMessagesForBadWrites() {
        assertThatThrownBy(() -> node.execute("UPDATE t SET v = 'x' WHERE k = 1"))
                .hasMessage("Some clustering keys are missing: c");
        assertThatThrownBy(() -> node.execute("INSERT INTO t (k, c, nope) VALUES (1, 1, 1)"))
                .hasMessage("Undefined column name nope in table ks.t");
        assertThatThrownBy(() -> node.execute("UPDATE t SET k = 2 WHERE k = 1 AND c = 1"))
                .hasMessage("PRIMARY KEY part k found in SET part");
        assertThatThrownBy(() -> node.execute("INSERT INTO t (k, c) VALUES (1, 1) IF NOT EXISTS USING TIMESTAMP 1"))
                .hasMessage("Cannot provide custom timestamp for conditional updates");
        assertThatThrownBy(() -> node.execute("INSERT INTO system.local (key) VALUES ('x')"))
                .hasMessage("system keyspace is not user-modifiable.");
        assertThatThrownBy(() -> node.execute("BEGIN BATCH INSERT INTO t (k, c) VALUES (1, 1); "
                + "INSERT INTO system.local (key) VALUES ('x') APPLY BATCH"))
                .as("nor inside a BATCH").hasMessage("system keyspace is not user-modifiable.");
    }
}
