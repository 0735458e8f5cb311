package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A partition that holds only static columns, as Cassandra treats it: INSERT and UPDATE may
 * write the static columns alone, and until the partition has clustered rows every read
 * returns it as one row whose clustering and regular columns are null.
 */
class StaticOnlyPartitionTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, c int, s int static, v int, PRIMARY KEY (k, c))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    private void writeThreePartitions() {
        node.execute("INSERT INTO t (k, s) VALUES (1, 10)");
        node.execute("UPDATE t SET s = 20 WHERE k = 2");
        node.execute("INSERT INTO t (k, c, v) VALUES (3, 1, 1)");
    }

    private List<List<String>> pages(String cql, int pageSize) {
        List<List<String>> rows = new ArrayList<>();
        ByteBuffer pagingState = null;
        do {
            QueryResult.Rows page = (QueryResult.Rows) Await.result(node.processor.execute(cql,
                    QueryOptions.DEFAULT.withPaging(pageSize, pagingState), node.session));
            rows.addAll(NodeFixture.render(page));
            pagingState = page.pagingState();
        } while (pagingState != null);
        return rows;
    }

    @Test
    void staticOnlyPartitionIsReturnedBySelect() {
        writeThreePartitions();
        List<List<String>> expected = List.of(row("1", "null", "10", "null"), row("2", "null", "20", "null"),
                row("3", "1", "null", "1"));

        assertThat(node.rows("SELECT * FROM t")).containsExactlyElementsOf(expected);
        assertThat(node.rows("SELECT * FROM t WHERE token(k) > -9223372036854775808")).containsExactlyElementsOf(expected);
        assertThat(node.rows("SELECT * FROM t WHERE k IN (1, 2, 3)")).containsExactlyElementsOf(expected);
        assertThat(node.rows("SELECT * FROM t WHERE k = 1")).containsExactly(row("1", "null", "10", "null"));
        assertThat(node.rows("SELECT c FROM t WHERE k = 1")).containsExactly(row("null"));
        assertThat(node.rows("SELECT * FROM t WHERE s = 10 ALLOW FILTERING")).containsExactly(
                row("1", "null", "10", "null"));
        assertThat(node.rows("SELECT * FROM t WHERE k = 1 AND c = 1")).isEmpty();
        assertThat(node.rows("SELECT * FROM t WHERE k = 1 AND c > 0")).isEmpty();
    }

    @Test
    void staticOnlyPartitionIsCountedAndListedByDistinct() {
        writeThreePartitions();

        assertThat(node.rows("SELECT count(*) FROM t")).containsExactly(row("3"));
        assertThat(node.rows("SELECT count(*) FROM t WHERE k = 1")).containsExactly(row("1"));
        assertThat(node.rows("SELECT count(v) FROM t")).containsExactly(row("1"));
        assertThat(node.rows("SELECT DISTINCT k, s FROM t")).containsExactly(
                row("1", "10"), row("2", "20"), row("3", "null"));
        assertThat(node.rows("SELECT DISTINCT k FROM t")).containsExactly(row("1"), row("2"), row("3"));
    }

    @Test
    void staticOnlyPartitionsArePagedLikeOtherRows() {
        writeThreePartitions();
        node.execute("INSERT INTO t (k, c, v) VALUES (3, 2, 2)");

        for (int pageSize = 1; pageSize <= 3; pageSize++) {
            assertThat(pages("SELECT k, c, s FROM t", pageSize)).as("pages of " + pageSize).containsExactly(
                    row("1", "null", "10"), row("2", "null", "20"), row("3", "1", "null"), row("3", "2", "null"));
            assertThat(pages("SELECT DISTINCT k, s FROM t", pageSize)).as("pages of " + pageSize).containsExactly(
                    row("1", "10"), row("2", "20"), row("3", "null"));
        }
    }

    @Test
    void staticOnlyRowGivesWayToClusteredRowsAndReturnsWhenTheyAreDeleted() {
        node.execute("INSERT INTO t (k, s) VALUES (1, 10)");

        node.execute("INSERT INTO t (k, c, v) VALUES (1, 5, 5)");
        assertThat(node.rows("SELECT * FROM t WHERE k = 1")).containsExactly(row("1", "5", "10", "5"));
        node.execute("DELETE FROM t WHERE k = 1 AND c = 5");
        assertThat(node.rows("SELECT * FROM t WHERE k = 1")).containsExactly(row("1", "null", "10", "null"));
        assertThat(node.rows("SELECT count(*) FROM t")).containsExactly(row("1"));

        node.execute("DELETE s FROM t WHERE k = 1");
        assertThat(node.rows("SELECT * FROM t WHERE k = 1")).isEmpty();
        assertThat(node.rows("SELECT count(*) FROM t")).containsExactly(row("0"));
    }

    @Test
    void staticOnlyRowComesFirstInClusteringOrderWhenOrderByMergesPartitions() {
        writeThreePartitions();
        node.execute("INSERT INTO t (k, c, v) VALUES (3, 2, 2)");

        assertThat(node.rows("SELECT k, c FROM t WHERE k IN (1, 3) ORDER BY c ASC")).containsExactly(
                row("1", "null"), row("3", "1"), row("3", "2"));
        assertThat(node.rows("SELECT k, c FROM t WHERE k IN (1, 3) ORDER BY c DESC")).containsExactly(
                row("3", "2"), row("3", "1"), row("1", "null"));
        assertThat(node.rows("SELECT k, c FROM t WHERE k IN (3, 2, 1) ORDER BY c DESC LIMIT 2")).containsExactly(
                row("3", "2"), row("3", "1"));
    }

    @Test
    void insertOfNullStaticColumnsLeavesNoPartition() {
        node.execute("INSERT INTO t (k, s) VALUES (5, null)");

        assertThat(node.rows("SELECT * FROM t")).isEmpty();
    }

    @Test
    void staticOnlyWritesAreCheckedLikeCassandra() {
        node.execute("CREATE TABLE t2 (k int, c1 int, c2 int, s int static, v int, PRIMARY KEY (k, c1, c2))");

        assertInvalid("INSERT INTO t2 (k) VALUES (1)", "Some clustering keys are missing: c1, c2");
        assertInvalid("INSERT INTO t2 (k, s, v) VALUES (1, 1, 1)", "Some clustering keys are missing: c1, c2");
        assertInvalid("INSERT INTO t2 (k, c1, s) VALUES (1, 1, 1)", "Some clustering keys are missing: c2");
        assertInvalid("INSERT INTO t2 (k, c2, s) VALUES (1, 1, 1)", "Some clustering keys are missing: c1");
        assertInvalid("UPDATE t2 SET s = 1, v = 1 WHERE k = 1", "Some clustering keys are missing: c1, c2");
        assertInvalid("UPDATE t2 SET s = 1 WHERE k = 1 AND c1 = 1",
                "Invalid restrictions on clustering columns since the UPDATE statement modifies only static columns");
        assertInvalid("UPDATE t2 SET s = 1 WHERE k = 1 AND c1 = 1 AND c2 = 1",
                "Invalid restrictions on clustering columns since the UPDATE statement modifies only static columns");
        assertInvalid("DELETE s FROM t2 WHERE k = 1 AND c1 = 1",
                "Invalid restrictions on clustering columns since the DELETE statement modifies only static columns");
        assertInvalid("INSERT INTO t2 JSON '{\"k\": 1, \"s\": 1}'", "Invalid null value in condition for column c1");
        assertThat(node.rows("SELECT * FROM t2")).isEmpty();
    }

    private void assertInvalid(String cql, String message) {
        assertThatThrownBy(() -> node.execute(cql)).as(cql).isInstanceOf(CqlException.class).hasMessage(message);
    }

    @Test
    void staticOnlyInsertKeepsItsTtl() {
        node.execute("INSERT INTO t (k, s) VALUES (1, 10) USING TTL 100");

        assertThat(node.rows("SELECT k, s, ttl(s) FROM t WHERE k = 1")).containsExactly(row("1", "10", "100"));
    }
}
