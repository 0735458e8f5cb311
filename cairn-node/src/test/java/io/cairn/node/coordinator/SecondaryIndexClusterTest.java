package io.cairn.node.coordinator;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.coordinator.InJvmCluster.Node;
import io.cairn.node.query.Await;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secondary indexes among three nodes of an in-JVM network at RF 3, through each node's CQL layer:
 * rows written before an index (found while it builds, and once built) and after it, at every
 * consistency level and page size, after updates and deletions; and a replica that missed an
 * update, whose index still holds the old value, never puts that row in an answer at QUORUM or ALL.
 */
class SecondaryIndexClusterTest {

    private static final List<ConsistencyLevel> LEVELS = List.of(ConsistencyLevel.ONE, ConsistencyLevel.QUORUM,
            ConsistencyLevel.ALL);
    private static final int[] PAGE_SIZES = {1, 2, 5, 1000, 0};

    private final InJvmCluster fixture = new InJvmCluster();
    private final List<Node> nodes = fixture.nodes;

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Every page of a query, each row's columns as ints. */
    private static List<List<Integer>> allPages(Node node, String cql, ConsistencyLevel level, int pageSize) {
        List<List<Integer>> rows = new ArrayList<>();
        ByteBuffer state = null;
        int pages = 0;
        do {
            QueryOptions options = QueryOptions.DEFAULT.withConsistency(level);
            if (pageSize > 0) {
                options = options.withPaging(pageSize, state);
            }
            QueryResult.Rows page = (QueryResult.Rows) Await.result(node.processor().execute(cql, options,
                    new ClientSession()));
            for (List<ByteBuffer> row : page.rows()) {
                List<Integer> values = new ArrayList<>();
                for (ByteBuffer value : row) {
                    values.add(value == null ? null : (Integer) NativeType.INT.compose(value));
                }
                rows.add(values);
            }
            state = page.pagingState();
            assertThat(++pages).as("pages of %s", cql).isLessThan(10_000);
        } while (state != null);
        return rows;
    }

    /** What the model holds: each row's v and w by (k, c). */
    private final Map<List<Integer>, int[]> model = new HashMap<>();

    private void write(Node node, int k, int c, int v, int w, ConsistencyLevel level) {
        InJvmCluster.run(node, "INSERT INTO ks.u (k, c, v, w) VALUES (" + k + ", " + c + ", " + v + ", " + w + ")",
                level);
        model.put(List.of(k, c), new int[] {v, w});
    }

    /** The rows of the model that hold {@code predicate}, in the order a scan of the table returns them. */
    private List<List<Integer>> expected(Predicate<int[]> predicate) {
        List<List<Integer>> rows = new ArrayList<>();
        for (List<Integer> key : allPages(nodes.get(0), "SELECT k, c FROM ks.u", ConsistencyLevel.ALL, 0)) {
            int[] values = model.get(key);
            assertThat(values).as("row %s in the model", key).isNotNull();
            if (predicate.test(values)) {
                rows.add(key);
            }
        }
        return rows;
    }

    private void checkQueries(String when) {
        for (int value = 0; value < 7; value++) {
            int v = value;
            List<List<Integer>> byV = expected(row -> row[0] == v);
            for (Node node : nodes) {
                for (ConsistencyLevel level : LEVELS) {
                    for (int pageSize : PAGE_SIZES) {
                        assertThat(allPages(node, "SELECT k, c FROM ks.u WHERE v = " + v, level, pageSize))
                                .as("%s: v = %d through %s at %s in pages of %d", when, v, node.address(), level,
                                        pageSize)
                                .isEqualTo(byV);
                    }
                }
            }
        }
        List<List<Integer>> byW = expected(row -> row[1] >= 100 && row[1] < 250);
        for (Node node : nodes) {
            for (ConsistencyLevel level : LEVELS) {
                for (int pageSize : PAGE_SIZES) {
                    assertThat(allPages(node, "SELECT k, c FROM ks.u WHERE w >= 100 AND w < 250", level, pageSize))
                            .as("%s: a range of w through %s at %s in pages of %d", when, node.address(), level,
                                    pageSize)
                            .isEqualTo(byW);
                }
            }
        }
    }

    private void awaitBuilt(int indexes) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (Node node : nodes) {
            while (true) {
                QueryResult.Rows rows = (QueryResult.Rows) InJvmCluster.run(node,
                        "SELECT index_name, is_queryable FROM system_views.indexes WHERE keyspace_name = 'ks'",
                        ConsistencyLevel.ONE);
                long built = rows.rows().stream()
                        .filter(row -> (Boolean) NativeType.BOOLEAN.compose(row.get(1))).count();
                if (built == indexes) {
                    break;
                }
                assertThat(System.nanoTime()).as("indexes built on %s: %s", node.address(), built)
                        .isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void rowsWrittenBeforeAndAfterTheIndexesAreFoundAtEveryLevelAndPageSizeAfterUpdatesAndDeletions() {
        fixture.start("dc1", "dc1", "dc1");
        InJvmCluster.run(nodes.get(0), "CREATE TABLE ks.u (k int, c int, v int, w int, PRIMARY KEY (k, c))",
                ConsistencyLevel.ONE);
        fixture.awaitSchemaAgreement();
        for (int k = 0; k < 30; k++) {
            for (int c = 0; c < 3; c++) {
                write(nodes.get(k % 3), k, c, (k * 3 + c) % 7, k * 10 + c, ConsistencyLevel.ALL);
            }
        }
        InJvmCluster.run(nodes.get(0), "CREATE INDEX ON ks.u (v)", ConsistencyLevel.ONE);
        InJvmCluster.run(nodes.get(0), "CREATE INDEX ON ks.u (w) USING 'sai'", ConsistencyLevel.ONE);
        fixture.awaitSchemaAgreement();
        // Right away, built or not, the answers are whole.
        checkQueries("while the indexes build");
        awaitBuilt(2);
        checkQueries("once built");

        for (int k = 30; k < 40; k++) {
            write(nodes.get(k % 3), k, 0, k % 7, k * 10, ConsistencyLevel.QUORUM);
        }
        for (int k = 0; k < 30; k += 2) {
            write(nodes.get(k % 3), k, 1, (k + 1) % 7, 1000 + k, ConsistencyLevel.QUORUM);
        }
        for (int k = 0; k < 30; k += 5) {
            InJvmCluster.run(nodes.get(1), "DELETE FROM ks.u WHERE k = " + k + " AND c = 2", ConsistencyLevel.ALL);
            model.remove(List.of(k, 2));
        }
        InJvmCluster.run(nodes.get(2), "DELETE FROM ks.u WHERE k = 7", ConsistencyLevel.ALL);
        model.keySet().removeIf(key -> key.get(0) == 7);
        InJvmCluster.run(nodes.get(0), "DELETE v FROM ks.u WHERE k = 9 AND c = 0", ConsistencyLevel.ALL);
        model.get(List.of(9, 0))[0] = -1;
        // An older write changes nothing the index finds.
        InJvmCluster.run(nodes.get(0), "INSERT INTO ks.u (k, c, v, w) VALUES (3, 0, 6, 6) USING TIMESTAMP 1",
                ConsistencyLevel.ALL);
        checkQueries("after updates and deletions");
    }

    @Test
    void aReplicaHoldingAnOlderValueNeverPutsItsRowInAnAnswerAtQuorumOrAll() {
        fixture.start("dc1", "dc1", "dc1");
        InJvmCluster.run(nodes.get(0), "CREATE INDEX ON ks.t (v)", ConsistencyLevel.ONE);
        fixture.awaitSchemaAgreement();
        for (int k = 1; k <= 20; k++) {
            InJvmCluster.run(nodes.get(0), "INSERT INTO ks.t (k, v) VALUES (" + k + ", 1)", ConsistencyLevel.ALL);
        }
        Node missed = nodes.get(2);
        fixture.takeDown(missed);
        for (int k = 1; k <= 10; k++) {
            InJvmCluster.run(nodes.get(0), "UPDATE ks.t SET v = 2 WHERE k = " + k, ConsistencyLevel.QUORUM);
        }
        fixture.down.remove(missed.address());
        fixture.network.healAll();
        // The third replica still says v = 1 for keys 1 to 10 (no hint was replayed).
        assertThat(keys(missed, "v = 1", ConsistencyLevel.ONE)).as("the stale replica alone").hasSize(20);

        for (ConsistencyLevel level : List.of(ConsistencyLevel.QUORUM, ConsistencyLevel.ALL)) {
            for (Node node : nodes) {
                assertThat(keys(node, "v = 1", level)).as("v = 1 through %s at %s", node.address(), level)
                        .containsExactlyInAnyOrderElementsOf(range(11, 20));
                assertThat(keys(node, "v = 2", level)).as("v = 2 through %s at %s", node.address(), level)
                        .containsExactlyInAnyOrderElementsOf(range(1, 10));
            }
        }
        // The reads repaired it: alone, it now answers as the others do.
        assertThat(keys(missed, "v = 1", ConsistencyLevel.ONE)).containsExactlyInAnyOrderElementsOf(range(11, 20));
        assertThat(keys(missed, "v = 2", ConsistencyLevel.ONE)).containsExactlyInAnyOrderElementsOf(range(1, 10));
    }

    private static List<Integer> keys(Node node, String restriction, ConsistencyLevel level) {
        List<Integer> keys = new ArrayList<>();
        for (List<Integer> row : allPages(node, "SELECT k FROM ks.t WHERE " + restriction, level, 3)) {
            keys.add(row.get(0));
        }
        return keys;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }
}
