package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.NativeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ORDER BY with an IN on the partition key: the rows of all the partitions come merged in the
 * requested clustering order, as Cassandra returns them. Cassandra sorts them after reading,
 * which it cannot do page by page: a paged query is refused with its message.
 */
class OrderByAcrossPartitionsTest {

    private static final String PAGED_REFUSAL = "Cannot page queries with both ORDER BY and a IN restriction on "
            + "the partition key; you must either remove the ORDER BY or the IN and sort client side, or disable "
            + "paging for this query";

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE o (k int, c int, v int, PRIMARY KEY (k, c))");
        node.execute("INSERT INTO o (k, c, v) VALUES (1, 1, 11)");
        node.execute("INSERT INTO o (k, c, v) VALUES (1, 4, 14)");
        node.execute("INSERT INTO o (k, c, v) VALUES (2, 2, 22)");
        node.execute("INSERT INTO o (k, c, v) VALUES (2, 3, 23)");
        node.execute("INSERT INTO o (k, c, v) VALUES (3, 0, 30)");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private List<List<String>> paged(String cql, int pageSize) {
        return NodeFixture.render((QueryResult.Rows) Await.result(node.processor.execute(cql,
                QueryOptions.DEFAULT.withPaging(pageSize, null), node.session)));
    }

    private static ByteBuffer intList(Integer... values) {
        List<ByteBuffer> elements = new java.util.ArrayList<>();
        for (Integer value : values) {
            elements.add(NativeType.INT.decompose(value));
        }
        return new ListType(NativeType.INT, false).pack(elements);
    }

    private static List<String> row(String... values) {
        return List.of(values);
    }

    @Test
    void rowsOfSeveralPartitionsAreMergedInClusteringOrder() {
        assertThat(node.rows("SELECT * FROM o WHERE k IN (1, 2, 3) ORDER BY c ASC")).containsExactly(
                row("3", "0", "30"), row("1", "1", "11"), row("2", "2", "22"), row("2", "3", "23"),
                row("1", "4", "14"));
        assertThat(node.rows("SELECT * FROM o WHERE k IN (1, 2, 3) ORDER BY c DESC")).containsExactly(
                row("1", "4", "14"), row("2", "3", "23"), row("2", "2", "22"), row("1", "1", "11"),
                row("3", "0", "30"));
        assertThat(node.rows("SELECT * FROM o WHERE k IN (1, 2) AND c IN (4, 2, 3) ORDER BY c DESC")).containsExactly(
                row("1", "4", "14"), row("2", "3", "23"), row("2", "2", "22"));
        assertThat(node.rows("SELECT * FROM o WHERE k IN (1, 2) AND c > 1 ORDER BY c DESC")).containsExactly(
                row("1", "4", "14"), row("2", "3", "23"), row("2", "2", "22"));
    }

    @Test
    void orderByColumnNeedNotBeSelected() {
        assertThat(node.rows("SELECT k, v FROM o WHERE k IN (1, 2, 3) ORDER BY c DESC")).containsExactly(
                row("1", "14"), row("2", "23"), row("2", "22"), row("1", "11"), row("3", "30"));
        assertThat(node.rows("SELECT JSON v FROM o WHERE k IN (1, 2) ORDER BY c ASC")).containsExactly(
                row("'{\"v\": 11}'"), row("'{\"v\": 22}'"), row("'{\"v\": 23}'"), row("'{\"v\": 14}'"));
    }

    @Test
    void limitKeepsTheFirstRowsOfTheMergedOrder() {
        assertThat(node.rows("SELECT * FROM o WHERE k IN (1, 2, 3) ORDER BY c DESC LIMIT 2")).containsExactly(
                row("1", "4", "14"), row("2", "3", "23"));
        assertThat(node.rows("SELECT k, v FROM o WHERE k IN (1, 2, 3) ORDER BY c ASC LIMIT 3")).containsExactly(
                row("3", "30"), row("1", "11"), row("2", "22"));
        assertThat(node.rows("SELECT * FROM o WHERE k IN (1, 2, 3) ORDER BY c DESC PER PARTITION LIMIT 1"))
                .containsExactly(row("1", "4", "14"), row("2", "3", "23"), row("3", "0", "30"));
        assertThat(node.rows("SELECT count(*) FROM o WHERE k IN (1, 2, 3) ORDER BY c DESC")).containsExactly(row("5"));
    }

    @Test
    void rowsEqualOnTheOrderByColumnsKeepTheirPartitionOrder() {
        node.execute("CREATE TABLE o2 (k int, c1 int, c2 int, PRIMARY KEY (k, c1, c2)) "
                + "WITH CLUSTERING ORDER BY (c1 DESC, c2 ASC)");
        node.execute("INSERT INTO o2 (k, c1, c2) VALUES (1, 1, 1)");
        node.execute("INSERT INTO o2 (k, c1, c2) VALUES (1, 1, 3)");
        node.execute("INSERT INTO o2 (k, c1, c2) VALUES (2, 1, 2)");
        node.execute("INSERT INTO o2 (k, c1, c2) VALUES (2, 2, 1)");
        node.execute("INSERT INTO o2 (k, c1, c2) VALUES (1, 2, 5)");

        assertThat(node.rows("SELECT * FROM o2 WHERE k IN (1, 2) ORDER BY c1 ASC")).containsExactly(
                row("1", "1", "3"), row("1", "1", "1"), row("2", "1", "2"), row("1", "2", "5"), row("2", "2", "1"));
        assertThat(node.rows("SELECT * FROM o2 WHERE k IN (1, 2) ORDER BY c1 DESC, c2 ASC")).containsExactly(
                row("2", "2", "1"), row("1", "2", "5"), row("1", "1", "1"), row("2", "1", "2"), row("1", "1", "3"));
    }

    @Test
    void pagedOrderByWithAPartitionKeyInIsRefusedLikeCassandra() {
        for (String cql : List.of("SELECT * FROM o WHERE k IN (1, 2) ORDER BY c DESC",
                "SELECT * FROM o WHERE k IN (1, 2) ORDER BY c DESC LIMIT 1",
                "SELECT count(*) FROM o WHERE k IN (1, 2) ORDER BY c DESC")) {
            assertThatThrownBy(() -> paged(cql, 100)).as(cql)
                    .isInstanceOf(CqlException.class).hasMessage(PAGED_REFUSAL);
        }
        String preparedIn = "SELECT c FROM o WHERE k IN ? ORDER BY c DESC";
        PreparedStatement prepared = node.processor.prepare(preparedIn, node.session, null);
        assertThatThrownBy(() -> Await.result(node.processor.execute(prepared.id(), QueryOptions.of(intList(1))
                .withPaging(100, null), node.session))).as(preparedIn).hasMessage(PAGED_REFUSAL);
        assertThat(NodeFixture.render((QueryResult.Rows) Await.result(node.processor.execute(prepared.id(),
                QueryOptions.of(intList()).withPaging(100, null), node.session)))).isEmpty();
        assertThat(NodeFixture.render((QueryResult.Rows) Await.result(node.processor.execute(prepared.id(),
                QueryOptions.of(intList(2, 1)), node.session)))).containsExactly(row("4"), row("3"), row("2"), row("1"));
        assertThat(paged("SELECT c FROM o WHERE k IN (1) ORDER BY c DESC", 100)).containsExactly(row("4"), row("1"));
        assertThat(paged("SELECT k, c FROM o WHERE k IN (2, 1)", 100)).containsExactly(
                row("1", "1"), row("1", "4"), row("2", "2"), row("2", "3"));
    }

    @Test
    void distinctWithOrderByAcrossPartitionsIsRefusedLikeCassandra() {
        assertThatThrownBy(() -> node.execute("SELECT DISTINCT k FROM o WHERE k IN (1, 2, 3) ORDER BY c DESC"))
                .isInstanceOf(CqlException.class)
                .hasMessage("SELECT DISTINCT queries must only request partition key columns and/or static columns "
                        + "(not c)");
        assertThat(node.rows("SELECT DISTINCT k FROM o WHERE k = 1 ORDER BY c DESC")).containsExactly(row("1"));
    }
}
