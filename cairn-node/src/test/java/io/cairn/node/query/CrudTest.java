package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CrudTest {

    private final NodeFixture node = NodeFixture.withKeyspace("ks");

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void insertedRowsReadBackInClusteringOrder() {
        node.execute("CREATE TABLE t (k int, c int, v text, PRIMARY KEY (k, c))");
        node.execute("INSERT INTO t (k, c, v) VALUES (1, 2, 'b')");
        node.execute("INSERT INTO t (k, c, v) VALUES (1, 1, 'a')");
        assertThat(node.rows("SELECT c, v FROM t WHERE k = 1")).containsExactly(List.of("1", "'a'"),
                List.of("2", "'b'"));
    }

    @Test
    void missingPartitionKeyIsRefusedLikeCassandra() {
        node.execute("CREATE TABLE t (k int, c int, v text, PRIMARY KEY (k, c))");
        assertThatThrownBy(() -> node.execute("INSERT INTO t (c, v) VALUES (1, 'a')"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Some partition key parts are missing: k")
                .extracting(e -> ((CqlException) e).code()).isEqualTo(ErrorCode.INVALID);
    }

    @Test
    void setColumnsHoldTheirElementsSorted() {
        node.execute("CREATE TABLE items (id int, seq int, name text, tags set<text>, PRIMARY KEY (id, seq))");
        node.execute("INSERT INTO items (id, seq, name, tags) VALUES (1, 1, 'one', {'b', 'a'})");
        assertThat(node.rows("SELECT tags FROM items WHERE id = 1 AND seq = 1")).containsExactly(
                List.of("{'a', 'b'}"));
    }
}
