package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.TupleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code (a, b) IN (...)} selects whole prefixes of the clustering key: in storage order (b is
 * descending), each tuple once, the same rows in pages of any size as unpaged, across several
 * partitions and in reverse; a list bound to {@code IN ?} is bounded like any IN.
 */
class MultiColumnInTest {

    private static final List<List<Integer>> TUPLES = List.of(List.of(3, 1), List.of(1, 2), List.of(1, 0),
            List.of(3, 1), List.of(2, 2), List.of(9, 9));

    private NodeFixture node;
    private final List<List<Integer>> rows = new ArrayList<>();

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, a int, b int, c int, v int, PRIMARY KEY (k, a, b, c)) "
                + "WITH CLUSTERING ORDER BY (a ASC, b DESC, c ASC)");
        for (int k = 1; k <= 2; k++) {
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 3; b++) {
                    for (int c = 0; c < 3; c++) {
                        int v = k * 1000 + a * 100 + b * 10 + c;
                        node.execute("INSERT INTO t (k, a, b, c, v) VALUES (" + k + ", " + a + ", " + b + ", " + c
                                + ", " + v + ")");
                        rows.add(List.of(k, a, b, c, v));
                    }
                }
            }
        }
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** The model: rows of partitions {@code keys} whose (a, b) is one of {@link #TUPLES}, in storage order. */
    private List<List<String>> expected(List<Integer> keys, boolean reversed) {
        Comparator<List<Integer>> storage = Comparator.<List<Integer>>comparingInt(r -> r.get(1))
                .thenComparing(r -> -r.get(2)).thenComparingInt(r -> r.get(3));
        List<List<String>> expected = new ArrayList<>();
        for (int k : keys) {
            rows.stream().filter(r -> r.get(0) == k && TUPLES.contains(List.of(r.get(1), r.get(2))))
                    .sorted(reversed ? storage.reversed() : storage)
                    .forEach(r -> expected.add(r.stream().map(String::valueOf).toList()));
        }
        return expected;
    }

    @Test
    void tuplesSelectTheirRowsInStorageOrderInPagesOfAnySize() {
        String tuples = "((3, 1), (1, 2), (1, 0), (3, 1), (2, 2), (9, 9))";
        for (int pageSize : new int[] {0, 1, 2, 3, 5, 100}) {
            assertThat(node.allPages("SELECT * FROM t WHERE k = 1 AND (a, b) IN " + tuples, pageSize))
                    .as("pages of %s", pageSize).containsExactlyElementsOf(expected(List.of(1), false));
            assertThat(node.allPages("SELECT * FROM t WHERE k IN (2, 1) AND (a, b) IN " + tuples, pageSize))
                    .as("two partitions, pages of %s", pageSize).containsExactlyElementsOf(expected(List.of(1, 2), false));
            assertThat(node.allPages("SELECT * FROM t WHERE k = 2 AND (a, b) IN " + tuples + " ORDER BY a DESC, b ASC",
                    pageSize)).as("reversed, pages of %s", pageSize)
                    .containsExactlyElementsOf(expected(List.of(2), true));
        }
    }

    @Test
    void aBoundListOfTuplesSelectsAsLiteralsDoAndIsBounded() {
        TupleType tuple = new TupleType(List.of(NativeType.INT, NativeType.INT));
        ListType list = new ListType(tuple, false);
        List<ByteBuffer> bound = new ArrayList<>();
        for (List<Integer> t : TUPLES) {
            bound.add(tuple.pack(List.of(NativeType.INT.decompose(t.get(0)), NativeType.INT.decompose(t.get(1)))));
        }
        assertThat(node.allPages("SELECT * FROM t WHERE k = 1 AND (a, b) IN ?", 4, list.pack(bound)))
                .containsExactlyElementsOf(expected(List.of(1), false));

        List<ByteBuffer> tooMany = new ArrayList<>();
        for (int i = 0; i <= BoundKeys.MAX_CARTESIAN_PRODUCT; i++) {
            tooMany.add(tuple.pack(List.of(NativeType.INT.decompose(i), NativeType.INT.decompose(i))));
        }
        assertThatThrownBy(() -> node.execute("SELECT * FROM t WHERE k = 1 AND (a, b) IN ?", list.pack(tooMany)))
                .isInstanceOf(CqlException.class).hasMessageContaining("too many keys");
        assertThat(node.rows("SELECT count(*) FROM t WHERE k = 1")).containsExactly(List.of("36"));
    }
}
