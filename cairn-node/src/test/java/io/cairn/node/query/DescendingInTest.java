package io.cairn.node.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IN on clustering columns stored in descending order: every selected row is returned, in
 * the table's clustering order (or its reverse with ORDER BY), whole or page by page, alone
 * or followed by a slice on the next column.
 */
class DescendingInTest {

    private final NodeFixture node = NodeFixture.withKeyspace("ks");

    @AfterEach
    void stop() {
        node.close();
    }

    /** Every page of {@code cql} read with pages of {@code pageSize} rows. */
    private List<List<String>> pages(String cql, int pageSize) {
        List<List<String>> rows = new ArrayList<>();
        ByteBuffer pagingState = null;
        do {
            QueryResult.Rows page = (QueryResult.Rows) Await.result(node.processor.execute(cql,
                    QueryOptions.DEFAULT.withPaging(pageSize, pagingState), node.session));
            assertThat(page.rows().size()).isLessThanOrEqualTo(pageSize);
            rows.addAll(NodeFixture.render(page));
            pagingState = page.pagingState();
        } while (pagingState != null);
        return rows;
    }

    private void assertRows(String cql, List<List<String>> expected) {
        assertThat(node.rows(cql)).as(cql).containsExactlyElementsOf(expected);
        for (int pageSize = 1; pageSize <= 3; pageSize++) {
            assertThat(pages(cql, pageSize)).as(cql + " in pages of " + pageSize).containsExactlyElementsOf(expected);
        }
    }

    private void createTwoColumnTable(String clusteringOrder) {
        node.execute("CREATE TABLE d (k int, c1 int, c2 int, v int, PRIMARY KEY (k, c1, c2)) "
                + "WITH CLUSTERING ORDER BY (" + clusteringOrder + ")");
        for (int c1 = 1; c1 <= 3; c1++) {
            for (int c2 = 1; c2 <= 2; c2++) {
                node.execute("INSERT INTO d (k, c1, c2, v) VALUES (1, " + c1 + ", " + c2 + ", 0)");
            }
        }
    }

    private static List<String> row(int c1, int c2) {
        return List.of(String.valueOf(c1), String.valueOf(c2));
    }

    @Test
    void inOnTheOnlyDescendingClusteringColumnReturnsEveryRow() {
        node.execute("CREATE TABLE d (k int, c int, v int, PRIMARY KEY (k, c)) WITH CLUSTERING ORDER BY (c DESC)");
        for (int c = 1; c <= 5; c++) {
            node.execute("INSERT INTO d (k, c, v) VALUES (1, " + c + ", " + c * 10 + ")");
        }

        assertRows("SELECT c, v FROM d WHERE k = 1 AND c IN (1, 3, 5)",
                List.of(List.of("5", "50"), List.of("3", "30"), List.of("1", "10")));
        assertRows("SELECT c, v FROM d WHERE k = 1 AND c IN (5, 1, 3) ORDER BY c ASC",
                List.of(List.of("1", "10"), List.of("3", "30"), List.of("5", "50")));
        assertRows("SELECT c FROM d WHERE k = 1 AND c IN (4, 2, 9)", List.of(List.of("4"), List.of("2")));
    }

    @Test
    void inOnALeadingDescendingColumnReturnsEveryRowInClusteringOrder() {
        createTwoColumnTable("c1 DESC, c2 ASC");

        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (1, 3)",
                List.of(row(3, 1), row(3, 2), row(1, 1), row(1, 2)));
        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (3, 1, 2) ORDER BY c1 ASC",
                List.of(row(1, 2), row(1, 1), row(2, 2), row(2, 1), row(3, 2), row(3, 1)));
        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (1, 3) AND c2 IN (2, 1)",
                List.of(row(3, 1), row(3, 2), row(1, 1), row(1, 2)));
    }

    @Test
    void inOnADescendingColumnFollowedByASliceReturnsEveryRow() {
        createTwoColumnTable("c1 DESC, c2 ASC");

        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (1, 3) AND c2 > 1", List.of(row(3, 2), row(1, 2)));
        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (1, 3) AND c2 < 2 ORDER BY c1 ASC",
                List.of(row(1, 1), row(3, 1)));
        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (1, 2, 3) AND c2 >= 1",
                List.of(row(3, 1), row(3, 2), row(2, 1), row(2, 2), row(1, 1), row(1, 2)));
    }

    @Test
    void inOnADescendingSecondColumnReturnsEveryRow() {
        createTwoColumnTable("c1 ASC, c2 DESC");

        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 = 2 AND c2 IN (1, 2)", List.of(row(2, 2), row(2, 1)));
        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (3, 1) AND c2 IN (1, 2)",
                List.of(row(1, 2), row(1, 1), row(3, 2), row(3, 1)));
        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (3, 1) AND c2 IN (1, 2) ORDER BY c1 DESC, c2 ASC",
                List.of(row(3, 1), row(3, 2), row(1, 1), row(1, 2)));
    }

    @Test
    void inOnBothDescendingColumnsReturnsEveryRow() {
        createTwoColumnTable("c1 DESC, c2 DESC");

        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (1, 2) AND c2 IN (2, 1)",
                List.of(row(2, 2), row(2, 1), row(1, 2), row(1, 1)));
        assertRows("SELECT c1, c2 FROM d WHERE k = 1 AND c1 IN (1, 2) ORDER BY c1 ASC",
                List.of(row(1, 1), row(1, 2), row(2, 1), row(2, 2)));
    }
}
