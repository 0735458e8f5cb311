package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GROUP BY: one row per group with aggregates over the group and the first row's other values;
 * LIMIT, PER PARTITION LIMIT and pages count groups, so that every group comes exactly once,
 * whole, whatever the page size, also when a group spans storage read chunks.
 */
class GroupByTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, a int, b int, v int, s int STATIC, PRIMARY KEY (k, a, b))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** Every page of {@code cql} at {@code pageSize} (0: unpaged), rendered, in order. */
    private List<List<String>> allPages(String cql, int pageSize) {
        List<List<String>> rows = new ArrayList<>();
        ByteBuffer pagingState = null;
        int pages = 0;
        do {
            QueryOptions options = pageSize <= 0 ? QueryOptions.DEFAULT
                    : QueryOptions.DEFAULT.withPaging(pageSize, pagingState);
            QueryResult.Rows page = (QueryResult.Rows) node.execute(cql, options);
            if (pageSize > 0) {
                assertThat(page.rows().size()).as("groups in a page of %s", pageSize).isLessThanOrEqualTo(pageSize);
            }
            rows.addAll(NodeFixture.render(page));
            pagingState = page.pagingState();
            assertThat(++pages).as("pages of %s", cql).isLessThan(10_000);
        } while (pagingState != null);
        return rows;
    }

    /** Rows of partition k, in clustering order: a, b, v. */
    private final Map<Integer, TreeMap<List<Integer>, Integer>> data = new TreeMap<>();

    private void insert(int k, int a, int b, int v) {
        node.execute("INSERT INTO t (k, a, b, v) VALUES (" + k + ", " + a + ", " + b + ", " + v + ")");
        data.computeIfAbsent(k, key -> new TreeMap<>(GroupByTest::compareLists)).put(List.of(a, b), v);
    }

    private static int compareLists(List<Integer> x, List<Integer> y) {
        int c = Integer.compare(x.get(0), y.get(0));
        return c != 0 ? c : Integer.compare(x.get(1), y.get(1));
    }

    /**
     * What {@code SELECT k, a, b, count(*), max(v), v ... GROUP BY k[, a]} returns for the
     * partitions {@code keys} in the order given, under the limits.
     */
    private List<List<String>> expected(List<Integer> keys, boolean byA, int perPartition, int limit) {
        List<List<String>> rows = new ArrayList<>();
        for (int k : keys) {
            TreeMap<List<Integer>, Integer> partition = data.get(k);
            if (partition == null) {
                continue;
            }
            Map<Integer, List<Map.Entry<List<Integer>, Integer>>> groups = new LinkedHashMap<>();
            for (Map.Entry<List<Integer>, Integer> row : partition.entrySet()) {
                groups.computeIfAbsent(byA ? row.getKey().get(0) : 0, g -> new ArrayList<>()).add(row);
            }
            int inPartition = 0;
            for (List<Map.Entry<List<Integer>, Integer>> group : groups.values()) {
                if (inPartition++ == perPartition || rows.size() == limit) {
                    break;
                }
                Map.Entry<List<Integer>, Integer> first = group.get(0);
                int max = group.stream().mapToInt(Map.Entry::getValue).max().orElseThrow();
                rows.add(List.of(String.valueOf(k), String.valueOf(first.getKey().get(0)),
                        String.valueOf(first.getKey().get(1)), String.valueOf(group.size()), String.valueOf(max),
                        String.valueOf(first.getValue())));
            }
        }
        return rows;
    }

    @Test
    void everyGroupComesOnceAndWholeWhateverThePageSize() {
        Random random = new Random(42);
        for (int k = 0; k < 6; k++) {
            int groups = 1 + random.nextInt(5);
            for (int a = 0; a < groups; a++) {
                // Some groups span storage read chunks (READ_CHUNK_ROWS rows each).
                int rows = random.nextInt(4) == 0 ? SelectPlan.READ_CHUNK_ROWS + random.nextInt(50)
                        : 1 + random.nextInt(4);
                for (int b = 0; b < rows; b++) {
                    insert(k, a * 10, b, random.nextInt(1000));
                }
            }
        }
        List<Integer> tokenOrder = new ArrayList<>();
        for (List<String> row : node.rows("SELECT DISTINCT k FROM t")) {
            tokenOrder.add(Integer.parseInt(row.get(0)));
        }
        String select = "SELECT k, a, b, count(*), max(v), v FROM t";
        for (int pageSize : new int[] {0, 1, 2, 3, 7, 100}) {
            assertThat(allPages(select + " GROUP BY k, a", pageSize)).as("by k, a, pages of %s", pageSize)
                    .containsExactlyElementsOf(expected(tokenOrder, true, Integer.MAX_VALUE, Integer.MAX_VALUE));
            assertThat(allPages(select + " GROUP BY k", pageSize)).as("by k, pages of %s", pageSize)
                    .containsExactlyElementsOf(expected(tokenOrder, false, Integer.MAX_VALUE, Integer.MAX_VALUE));
            assertThat(allPages(select + " GROUP BY k, a PER PARTITION LIMIT 2 LIMIT 7", pageSize))
                    .as("limits, pages of %s", pageSize)
                    .containsExactlyElementsOf(expected(tokenOrder, true, 2, 7));
            // An IN reads its partitions in key order.
            assertThat(allPages(select + " WHERE k IN (4, 1, 3) GROUP BY k, a PER PARTITION LIMIT 3", pageSize))
                    .as("IN, pages of %s", pageSize)
                    .containsExactlyElementsOf(expected(List.of(1, 3, 4), true, 3, Integer.MAX_VALUE));
            assertThat(allPages(select + " WHERE k = 2 GROUP BY a LIMIT 4", pageSize))
                    .as("one partition, the partition key left out, pages of %s", pageSize)
                    .containsExactlyElementsOf(expected(List.of(2), true, Integer.MAX_VALUE, 4));
        }
    }

    @Test
    void pagesGiveWhatOneUnpagedAnswerGivesForBackwardReadsFilteringStaticOnlyPartitionsAndDistinct() {
        Random random = new Random(7);
        for (int k = 0; k < 8; k++) {
            if (k % 3 == 0) {
                node.execute("UPDATE t SET s = " + k + " WHERE k = " + k);   // some partitions hold only s
                continue;
            }
            for (int a = 0; a < 1 + random.nextInt(4); a++) {
                for (int b = 0; b < 1 + random.nextInt(3); b++) {
                    insert(k, a, b, random.nextInt(10));
                }
            }
        }
        List<String> queries = List.of(
                "SELECT k, a, b, count(*), min(v) FROM t WHERE k = 2 GROUP BY a ORDER BY a DESC, b DESC",
                "SELECT k, a, count(*), sum(v) FROM t WHERE v > 3 GROUP BY k, a ALLOW FILTERING",
                "SELECT k, a, s, count(*), count(a) FROM t GROUP BY k, a",
                "SELECT k, a, s, count(*) FROM t GROUP BY k, a PER PARTITION LIMIT 2",
                "SELECT DISTINCT k, s, count(k) FROM t GROUP BY k",
                "SELECT k, a, b FROM t WHERE k IN (0, 1, 3, 5) GROUP BY k, a");
        for (String query : queries) {
            List<List<String>> unpaged = allPages(query, 0);
            assertThat(unpaged).as(query).isNotEmpty();
            for (int pageSize : new int[] {1, 2, 5}) {
                assertThat(allPages(query, pageSize)).as("%s in pages of %s", query, pageSize)
                        .containsExactlyElementsOf(unpaged);
            }
        }
    }

    @Test
    void withoutAggregatesEachGroupGivesItsFirstRowAndOrderByDescReadsGroupsBackwards() {
        insert(1, 1, 1, 11);
        insert(1, 1, 2, 12);
        insert(1, 2, 1, 21);
        insert(2, 1, 5, 15);
        assertThat(node.rows("SELECT * FROM t WHERE k = 1 GROUP BY k, a")).containsExactly(
                List.of("1", "1", "1", "null", "11"), List.of("1", "2", "1", "null", "21"));
        // Reading backwards, a group's first row is its last in clustering order.
        assertThat(node.rows("SELECT a, b, count(*) FROM t WHERE k = 1 GROUP BY a ORDER BY a DESC")).containsExactly(
                List.of("2", "1", "1"), List.of("1", "2", "2"));
        // Across partitions, groups are sorted by their first row, then cut at LIMIT.
        assertThat(node.rows("SELECT k, a, b FROM t WHERE k IN (1, 2) GROUP BY k, a ORDER BY a DESC LIMIT 2"))
                .containsExactly(List.of("1", "2", "1"), List.of("1", "1", "2"));
        assertThat(node.rows("SELECT k, count(*) FROM t WHERE k = 3 GROUP BY k")).isEmpty();
        assertThat(node.rows("SELECT count(*) FROM t WHERE k = 3")).containsExactly(List.of("0"));
    }

    @Test
    void aPartitionWithOnlyStaticValuesIsOneGroupAndDistinctGroupsByPartition() {
        node.execute("UPDATE t SET s = 7 WHERE k = 9");
        insert(1, 1, 1, 11);
        node.execute("UPDATE t SET s = 3 WHERE k = 1");
        assertThat(node.rows("SELECT k, a, s, count(a), count(s) FROM t WHERE k IN (1, 9) GROUP BY k, a"))
                .containsExactly(List.of("1", "1", "3", "1", "1"), List.of("9", "null", "7", "0", "1"));
        assertThat(node.rows("SELECT DISTINCT k, s, count(s) FROM t WHERE k IN (1, 9) GROUP BY k"))
                .containsExactly(List.of("1", "3", "1"), List.of("9", "7", "1"));
    }

    @Test
    void groupsFollowThePrimaryKeyAsCassandraRequires() {
        refused("SELECT count(*) FROM t GROUP BY a", "Group by currently only support groups of columns following "
                + "their declared order in the PRIMARY KEY");
        refused("SELECT count(*) FROM t WHERE k = 1 GROUP BY k, b", "Group by currently only support groups of "
                + "columns following their declared order in the PRIMARY KEY");
        refused("SELECT count(*) FROM t WHERE k IN (1, 2) GROUP BY a", "Group by currently only support groups of "
                + "columns following their declared order in the PRIMARY KEY");
        refused("SELECT count(*) FROM t GROUP BY k, k", "Group by currently only support groups of columns following "
                + "their declared order in the PRIMARY KEY");
        refused("SELECT count(*) FROM t GROUP BY k, v", "Group by is currently only supported on the columns of the "
                + "PRIMARY KEY, got v");
        refused("SELECT count(*) FROM t GROUP BY k, z", "Undefined column name z");
        refused("SELECT DISTINCT k, count(*) FROM t GROUP BY k, a", "Grouping on clustering columns is not allowed "
                + "for SELECT DISTINCT queries");
        refused("SELECT count(*) FROM t PER PARTITION LIMIT 2", "PER PARTITION LIMIT is not allowed with aggregate "
                + "queries.");
        refused("SELECT DISTINCT k, v FROM t", "SELECT DISTINCT queries must only request partition key columns "
                + "and/or static columns (not v)");
        refused("SELECT DISTINCT v AS k FROM t", "(not v)");
        node.execute("CREATE TABLE two (k1 int, k2 int, c int, PRIMARY KEY ((k1, k2), c))");
        refused("SELECT count(*) FROM two GROUP BY k1", "Group by is not supported on only a part of the partition key");
        assertThat(node.rows("SELECT count(*) FROM two WHERE k1 = 1 AND k2 = 2 GROUP BY c")).isEmpty();
        // A clustering column restricted by = may be left out.
        insert(1, 1, 1, 11);
        insert(1, 1, 2, 12);
        assertThat(node.rows("SELECT b, count(*) FROM t WHERE k = 1 AND a = 1 GROUP BY k, b"))
                .containsExactly(List.of("1", "1"), List.of("2", "1"));
    }

    private void refused(String cql, String message) {
        assertThatThrownBy(() -> node.execute(cql)).as(cql).isInstanceOf(CqlException.class)
                .hasMessageContaining(message);
    }
}
