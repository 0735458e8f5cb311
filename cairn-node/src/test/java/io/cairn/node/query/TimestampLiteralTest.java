package io.cairn.node.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Timestamp literals Cassandra 5.0 accepts beyond plain ISO text: 'now', the empty string, zone suffixes. */
class TimestampLiteralTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = new NodeFixture();
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("USE ks");
        node.execute("CREATE TABLE t (k int PRIMARY KEY, ts timestamp)");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private List<String> millisOf(String literal) {
        node.execute("INSERT INTO t (k, ts) VALUES (1, " + literal + ")");
        return node.rows("SELECT CAST(ts AS bigint) FROM t WHERE k = 1").get(0);
    }

    @Test
    void nowInAnyCaseIsTheNodesClockInMilliseconds() {
        long nowMillis = node.clock.currentTimeMillis();
        assertThat(millisOf("'now'")).containsExactly(Long.toString(nowMillis));
        assertThat(millisOf("'NoW'")).containsExactly(Long.toString(nowMillis));
    }

    @Test
    void nowInJsonIsTheNodesClockToo() {
        node.execute("INSERT INTO t JSON '{\"k\": 1, \"ts\": \"now\"}'");
        assertThat(node.rows("SELECT CAST(ts AS bigint) FROM t WHERE k = 1").get(0))
                .containsExactly(Long.toString(node.clock.currentTimeMillis()));
        node.execute("INSERT INTO t JSON '{\"k\": 2, \"ts\": \"2020-01-02 03:04:05 UTC\"}'");
        assertThat(node.rows("SELECT CAST(ts AS bigint) FROM t WHERE k = 2").get(0)).containsExactly("1577934245000");
    }

    @Test
    void theEmptyStringStoresAnEmptyValueReadAsNull() {
        node.execute("INSERT INTO t (k, ts) VALUES (1, '')");
        assertThat(node.rows("SELECT k, ts FROM t")).containsExactly(List.of("1", "null"));
    }

    @Test
    void zoneNamesAndOffsetsAfterTheTimeAreAccepted() {
        assertThat(millisOf("'2020-01-02 03:04:05 UTC'")).containsExactly("1577934245000");
        assertThat(millisOf("'2020-01-02 03:04:05 +0100'")).containsExactly("1577930645000");
        assertThat(millisOf("'2020-01-02 03:04:05 GMT+01:00'")).containsExactly("1577930645000");
        assertThat(millisOf("'2020-01-02 03:04:05 Europe/Paris'")).containsExactly("1577930645000");
        assertThat(millisOf("'2020-01-02Z'")).containsExactly("1577923200000");
    }
}
