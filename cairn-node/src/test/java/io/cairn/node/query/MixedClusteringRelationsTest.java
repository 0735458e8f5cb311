package io.cairn.node.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clustering relations as Cassandra 5.0 mixes them (a prefix by equality or IN, then a
 * multi-column slice, equality or IN, then a single-column relation), on clustering columns of
 * mixed order {@code (a ASC, b DESC, c ASC)}: seeded random queries against a model that filters
 * every row by the relations (tuples compared in their types' order) and sorts in storage order,
 * forward and reversed, unpaged and in pages of 1 and 4.
 */
class MixedClusteringRelationsTest {

    private static final int VALUES = 3;
    private static final Comparator<List<Integer>> STORAGE = Comparator.<List<Integer>>comparingInt(r -> r.get(0))
            .thenComparing(r -> -r.get(1)).thenComparingInt(r -> r.get(2));

    private NodeFixture node;
    private final List<List<Integer>> rows = new ArrayList<>();

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, a int, b int, c int, v int, PRIMARY KEY (k, a, b, c)) "
                + "WITH CLUSTERING ORDER BY (a ASC, b DESC, c ASC)");
        for (int a = 0; a < VALUES; a++) {
            for (int b = 0; b < VALUES; b++) {
                for (int c = 0; c < VALUES; c++) {
                    node.execute("INSERT INTO t (k, a, b, c, v) VALUES (1, " + a + ", " + b + ", " + c + ", "
                            + (a * 100 + b * 10 + c) + ")");
                    rows.add(List.of(a, b, c));
                }
            }
        }
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** One query: its WHERE clause after {@code k = 1}, and which rows it selects. */
    private record Query(String where, Predicate<List<Integer>> selects) {
    }

    private static int value(SplittableRandom random) {
        // Sometimes just outside the values stored, to bound past either end.
        return random.nextInt(-1, VALUES + 1);
    }

    private static int compareTuples(List<Integer> row, int from, List<Integer> bound) {
        for (int i = 0; i < bound.size(); i++) {
            int order = Integer.compare(row.get(from + i), bound.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private static String tuple(List<Integer> values) {
        return "(" + String.join(", ", values.stream().map(String::valueOf).toList()) + ")";
    }

    private static final String[] NAMES = {"a", "b", "c"};

    /**
     * A multi-column slice on the columns from {@code from}: a start bound, an end bound or both,
     * each of one to all of those columns' values.
     */
    private static Query slice(SplittableRandom random, int from) {
        int width = random.nextInt(1, 3 - from + 1);
        List<String> columns = List.of(NAMES).subList(from, from + width);
        String names = "(" + String.join(", ", columns) + ")";
        List<String> relations = new ArrayList<>();
        Predicate<List<Integer>> selects = row -> true;
        boolean hasStart = random.nextBoolean();
        boolean hasEnd = !hasStart || random.nextBoolean();
        if (hasStart) {
            List<Integer> bound = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                bound.add(value(random));
            }
            boolean inclusive = random.nextBoolean();
            relations.add(names + (inclusive ? " >= " : " > ") + tuple(bound));
            selects = selects.and(row -> inclusive ? compareTuples(row, from, bound) >= 0
                    : compareTuples(row, from, bound) > 0);
        }
        if (hasEnd) {
            List<Integer> bound = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                bound.add(value(random));
            }
            boolean inclusive = random.nextBoolean();
            relations.add(names + (inclusive ? " <= " : " < ") + tuple(bound));
            selects = selects.and(row -> inclusive ? compareTuples(row, from, bound) <= 0
                    : compareTuples(row, from, bound) < 0);
        }
        return new Query(String.join(" AND ", relations), selects);
    }

    /** A random query: an optional prefix on a, then a multi-column relation, maybe a single-column one after. */
    private static Query query(SplittableRandom random) {
        List<String> relations = new ArrayList<>();
        Predicate<List<Integer>> selects = row -> true;
        int from = 0;
        if (random.nextBoolean()) {
            List<Integer> as = List.of(value(random), value(random));
            boolean in = random.nextBoolean();
            relations.add(in ? "a IN " + tuple(as) : "a = " + as.get(0));
            selects = selects.and(row -> in ? as.contains(row.get(0)) : row.get(0).equals(as.get(0)));
            from = 1;
        }
        int kind = random.nextInt(3);
        if (kind == 0) {
            Query slice = slice(random, from);
            relations.add(slice.where());
            selects = selects.and(slice.selects());
        } else {
            int start = from;
            String names = start == 0 ? "(a, b)" : "(b, c)";
            List<Integer> first = List.of(value(random), value(random));
            List<Integer> second = List.of(value(random), value(random));
            boolean in = kind == 2;
            relations.add(names + (in ? " IN (" + tuple(first) + ", " + tuple(second) + ")" : " = " + tuple(first)));
            selects = selects.and(row -> {
                List<Integer> pair = row.subList(start, start + 2);
                return pair.equals(first) || in && pair.equals(second);
            });
            if (start == 0 && random.nextBoolean()) {
                int c = value(random);
                int operator = random.nextInt(3);
                relations.add(operator == 0 ? "c = " + c : operator == 1 ? "c > " + c : "c <= " + c);
                selects = selects.and(row -> operator == 0 ? row.get(2) == c : operator == 1 ? row.get(2) > c
                        : row.get(2) <= c);
            }
        }
        return new Query(String.join(" AND ", relations), selects);
    }

    @Test
    void randomMixedRelationsSelectTheModelsRowsInStorageOrder() {
        SplittableRandom random = new SplittableRandom(20261206);
        int selecting = 0;
        int mixedOrderSlices = 0;
        for (int i = 0; i < 300; i++) {
            Query query = query(random);
            boolean reversed = random.nextBoolean();
            List<List<String>> expected = rows.stream().filter(query.selects())
                    .sorted(reversed ? STORAGE.reversed() : STORAGE)
                    .map(row -> List.of("1", String.valueOf(row.get(0)), String.valueOf(row.get(1)),
                            String.valueOf(row.get(2)), String.valueOf(row.get(0) * 100 + row.get(1) * 10 + row.get(2))))
                    .toList();
            String cql = "SELECT * FROM t WHERE k = 1 AND " + query.where() + (reversed ? " ORDER BY a DESC" : "");
            selecting += expected.isEmpty() || expected.size() == rows.size() ? 0 : 1;
            mixedOrderSlices += query.where().matches(".*\\((a|b), (b|c).*[<>].*") ? 1 : 0;
            for (int pageSize : new int[] {0, 1, 4}) {
                assertThat(node.allPages(cql, pageSize)).as("%s in pages of %s", cql, pageSize)
                        .containsExactlyElementsOf(expected);
            }
        }
        assertThat(selecting).as("queries that select some rows but not all").isGreaterThan(100);
        assertThat(mixedOrderSlices).as("multi-column slices over a and b or b and c").isGreaterThan(30);
    }
}
