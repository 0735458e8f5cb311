package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SELECT's restrictions, orderings, limits and selectors, compared on full result sets. */
class SelectTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, a int, b int, v text, s int STATIC, PRIMARY KEY (k, a, b))");
        for (int k = 1; k <= 3; k++) {
            for (int a = 1; a <= 3; a++) {
                for (int b = 1; b <= 2; b++) {
                    node.execute("INSERT INTO t (k, a, b, v) VALUES (" + k + ", " + a + ", " + b + ", 'v" + k + a + b
                            + "')");
                }
            }
            node.execute("UPDATE t SET s = " + (k * 10) + " WHERE k = " + k);
        }
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
    void partitionKeyEqualityReadsOnePartitionInClusteringOrder() {
        assertThat(rows("SELECT a, b FROM t WHERE k = 2")).containsExactly(row("1", "1"), row("1", "2"),
                row("2", "1"), row("2", "2"), row("3", "1"), row("3", "2"));
    }

    @Test
    void partitionKeyInReadsPartitionsInKeyOrder() {
        assertThat(rows("SELECT k, a, b FROM t WHERE k IN (3, 1) AND a = 1 AND b = 2"))
                .containsExactly(row("1", "1", "2"), row("3", "1", "2"));
    }

    @Test
    void clusteringEqualityInAndRanges() {
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND a = 2")).containsExactly(row("2", "1"), row("2", "2"));
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND a IN (3, 1) AND b = 2"))
                .containsExactly(row("1", "2"), row("3", "2"));
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND a > 1 AND a <= 2")).containsExactly(row("2", "1"),
                row("2", "2"));
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND a = 3 AND b < 2")).containsExactly(row("3", "1"));
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND a >= 3")).containsExactly(row("3", "1"), row("3", "2"));
    }

    @Test
    void multiColumnSlices() {
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND (a, b) > (2, 1)")).containsExactly(row("2", "2"),
                row("3", "1"), row("3", "2"));
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND (a, b) >= (1, 2) AND (a, b) < (2, 2)"))
                .containsExactly(row("1", "2"), row("2", "1"));
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND (a, b) = (3, 1)")).containsExactly(row("3", "1"));
    }

    @Test
    void orderByReversesAndLimitsCut() {
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 ORDER BY a DESC LIMIT 3")).containsExactly(row("3", "2"),
                row("3", "1"), row("2", "2"));
        assertThat(rows("SELECT a, b FROM t WHERE k = 1 AND a < 3 ORDER BY a DESC, b DESC")).containsExactly(
                row("2", "2"), row("2", "1"), row("1", "2"), row("1", "1"));
        assertThatThrownBy(() -> rows("SELECT a FROM t WHERE k = 1 ORDER BY a DESC, b ASC"))
                .hasMessage("Unsupported order by relation");
    }

    @Test
    void perPartitionLimitAndLimitOverAScan() {
        assertThat(rows("SELECT k, a, b FROM t PER PARTITION LIMIT 1")).hasSize(3)
                .allSatisfy(r -> assertThat(r.subList(1, 3)).isEqualTo(row("1", "1")));
        assertThat(rows("SELECT k FROM t LIMIT 4")).hasSize(4);
    }

    @Test
    void staticColumnsAppearInEveryRowAndDistinctReadsOnePerPartition() {
        assertThat(rows("SELECT s FROM t WHERE k = 2 AND a = 1")).containsExactly(row("20"), row("20"));
        assertThat(rows("SELECT DISTINCT k, s FROM t")).containsExactlyInAnyOrder(row("1", "10"), row("2", "20"),
                row("3", "30"));
    }

    @Test
    void filteringNeedsAllowFilteringAndThenFilters() {
        assertThatThrownBy(() -> rows("SELECT k FROM t WHERE v = 'v111'"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Cannot execute this query as it might involve data filtering and thus may have "
                        + "unpredictable performance. If you want to execute this query despite the performance "
                        + "unpredictability, use ALLOW FILTERING");
        assertThat(rows("SELECT k, a, b FROM t WHERE v = 'v212' ALLOW FILTERING")).containsExactly(row("2", "1", "2"));
        assertThat(rows("SELECT k, a, b FROM t WHERE k = 3 AND b = 2 AND a > 2 ALLOW FILTERING"))
                .containsExactly(row("3", "3", "2"));
    }

    @Test
    void tokenRangesSelectPartitionsByToken() {
        List<List<String>> all = rows("SELECT token(k), k FROM t PER PARTITION LIMIT 1");
        assertThat(all).hasSize(3);
        long first = Long.parseLong(all.get(0).get(0));
        long second = Long.parseLong(all.get(1).get(0));
        assertThat(first).isLessThan(second);
        assertThat(rows("SELECT k FROM t WHERE token(k) > " + first + " PER PARTITION LIMIT 1")).hasSize(2);
        assertThat(rows("SELECT k FROM t WHERE token(k) >= " + first + " AND token(k) <= " + second
                + " PER PARTITION LIMIT 1")).hasSize(2);
    }

    @Test
    void aggregates() {
        assertThat(rows("SELECT count(*) FROM t")).containsExactly(row("18"));
        assertThat(rows("SELECT count(*), min(a), max(b), sum(a), avg(b) FROM t WHERE k = 1"))
                .containsExactly(row("6", "1", "2", "12", "1"));
        assertThat(rows("SELECT count(v) FROM t WHERE k = 1 AND a = 1")).containsExactly(row("2"));
    }

    @Test
    void writetimeTtlAndFunctions() {
        node.execute("INSERT INTO t (k, a, b, v) VALUES (9, 1, 1, 'x') USING TIMESTAMP 1234 AND TTL 100");
        assertThat(rows("SELECT writetime(v), ttl(v) FROM t WHERE k = 9")).containsExactly(row("1234", "100"));
        assertThat(rows("SELECT CAST(a AS text), blobAsInt(intAsBlob(b)) FROM t WHERE k = 1 AND a = 1 AND b = 2"))
                .containsExactly(row("'1'", "2"));
        assertThat(rows("SELECT toUnixTimestamp(toTimestamp(now())) FROM t WHERE k = 1 LIMIT 1"))
                .containsExactly(row(Long.toString(NodeFixture.START_MICROS / 1000)));
    }

    @Test
    void nativeFunctionsInSelectionsAndTerms() {
        node.execute("CREATE TABLE fn (k int PRIMARY KEY, u uuid, tu timeuuid, ts timestamp, d date, b blob)");
        node.execute("INSERT INTO fn (k, u, tu, ts, d, b) VALUES (1, uuid(), now(), currentTimestamp(), currentDate(), "
                + "textAsBlob('hi'))");
        long millis = NodeFixture.START_MICROS / 1000;
        assertThat(rows("SELECT toUnixTimestamp(ts), toUnixTimestamp(tu), toUnixTimestamp(d), blobAsText(b) FROM fn"))
                .containsExactly(row(Long.toString(millis), Long.toString(millis),
                        Long.toString(millis - millis % 86_400_000L), "'hi'"));
        assertThat(rows("SELECT toDate(ts), toTimestamp(d) FROM fn")).containsExactly(
                row("'2023-11-14'", "'2023-11-14 00:00:00.000+0000'"));
        assertThat(rows("SELECT k FROM fn WHERE k = 1 AND tu > minTimeuuid('2020-01-01') AND "
                + "tu < maxTimeuuid('2030-01-01') ALLOW FILTERING")).containsExactly(row("1"));
        assertThat(rows("SELECT CAST(ts AS date), CAST(k AS double), CAST(k AS varint) FROM fn"))
                .containsExactly(row("'2023-11-14'", "1.0", "1"));
        List<List<String>> uuids = rows("SELECT u FROM fn");
        assertThat(uuids.get(0).get(0)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void truncateEmptiesTheTable() {
        node.execute("TRUNCATE t");
        assertThat(rows("SELECT * FROM t")).isEmpty();
        assertThat(rows("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ks'"))
                .contains(row("'t'"));
    }

    @Test
    void aliasesNameResultColumns() {
        QueryResult.Rows result = (QueryResult.Rows) node.execute("SELECT a AS first, count(*) AS n FROM t WHERE k = 1");
        assertThat(result.columns()).extracting(ResultColumn::name).containsExactly("first", "n");
    }

    @Test
    void aTokenRelationKeepsOnlyTheNamedPartitionsWhoseTokensAreInItsRange() {
        // token(1) < token(2) < 0 < token(3) for ints under Murmur3.
        assertThat(rows("SELECT DISTINCT k FROM t WHERE k IN (1, 2, 3) AND token(k) > 0")).containsExactly(row("3"));
        assertThat(rows("SELECT DISTINCT k FROM t WHERE k IN (1, 2, 3) AND token(k) <= token(2)"))
                .containsExactlyInAnyOrder(row("1"), row("2"));
        assertThat(rows("SELECT DISTINCT k FROM t WHERE k = 3 AND token(k) > 0 AND token(k) < 0")).isEmpty();
    }

    @Test
    void aMapElementRestrictionFiltersRowsByTheValueAtAKey() {
        node.execute("CREATE TABLE m (k int PRIMARY KEY, m map<text, int>, fm frozen<map<text, int>>)");
        node.execute("INSERT INTO m (k, m, fm) VALUES (1, {'a': 1, 'b': 5}, {'a': 1})");
        node.execute("INSERT INTO m (k, m, fm) VALUES (2, {'a': 3}, {'a': 3})");
        node.execute("INSERT INTO m (k, m) VALUES (3, {'b': 9})");
        assertThat(rows("SELECT k FROM m WHERE m['a'] >= 1 ALLOW FILTERING")).containsExactlyInAnyOrder(row("1"),
                row("2"));
        assertThat(rows("SELECT k FROM m WHERE m['b'] = 9 AND fm['a'] < 5 ALLOW FILTERING")).isEmpty();
        assertThat(rows("SELECT k FROM m WHERE fm['a'] = 3 ALLOW FILTERING")).containsExactly(row("2"));
        assertThat(node.rows("SELECT k FROM m WHERE m[?] = ? ALLOW FILTERING",
                io.cairn.cql.type.NativeType.TEXT.decompose("b"), io.cairn.cql.type.NativeType.INT.decompose(5)))
                .containsExactly(row("1"));
        assertThatThrownBy(() -> rows("SELECT k FROM m WHERE m['a'] = 1")).hasMessageContaining("ALLOW FILTERING");
        assertThatThrownBy(() -> rows("SELECT k FROM t WHERE v['a'] = 1 ALLOW FILTERING"))
                .hasMessageContaining("only the elements of a map can be restricted");
    }

    @Test
    void cassandraMessagesForBadSelects() {
        assertThatThrownBy(() -> rows("SELECT nope FROM t WHERE k = 1"))
                .hasMessage("Undefined column name nope in table ks.t");
        assertThatThrownBy(() -> rows("SELECT * FROM missing")).hasMessage("table missing does not exist");
        assertThatThrownBy(() -> rows("SELECT * FROM nokeyspace.t")).hasMessage("keyspace nokeyspace does not exist");
        assertThatThrownBy(() -> rows("SELECT * FROM t WHERE k = 1 AND b = 1"))
                .hasMessage("PRIMARY KEY column \"b\" cannot be restricted as preceding column \"a\" is not restricted");
        assertThat(rows("SELECT count(*) FROM t WHERE k > 2 ALLOW FILTERING")).containsExactly(row("6"));
        assertThatThrownBy(() -> rows("SELECT * FROM t WHERE k > 2")).hasMessageContaining("use ALLOW FILTERING");
        assertThatThrownBy(() -> rows("SELECT * FROM t WHERE k = 'x'"))
                .hasMessage("Invalid STRING constant (x) for \"k\" of type int");
    }
}
