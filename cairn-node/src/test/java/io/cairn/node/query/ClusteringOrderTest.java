package io.cairn.node.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows come back in Cassandra's order of their clustering values, for every type that can
 * cluster, ascending and descending: values are inserted shuffled and read in order.
 */
class ClusteringOrderTest {

    private final NodeFixture node = NodeFixture.withKeyspace("ks");

    @AfterEach
    void stop() {
        node.close();
    }

    /** Each type with literals in Cassandra's ascending order, as CQL prints them back. */
    static Stream<Arguments> orderedValues() {
        return Stream.of(
                Arguments.of("int", List.of("-2147483648", "-1", "0", "7", "2147483647")),
                Arguments.of("bigint", List.of("-9223372036854775808", "-5", "0", "5", "9223372036854775807")),
                Arguments.of("smallint", List.of("-32768", "-1", "0", "32767")),
                Arguments.of("tinyint", List.of("-128", "-1", "0", "127")),
                Arguments.of("varint", List.of("-100000000000000000000", "-1", "0", "1", "100000000000000000000")),
                Arguments.of("decimal", List.of("-1.5", "-0.001", "0", "0.5", "12.25")),
                Arguments.of("float", List.of("-Infinity", "-1.5", "0.0", "2.25", "Infinity", "NaN")),
                Arguments.of("double", List.of("-Infinity", "-1.0E10", "0.0", "3.5", "Infinity", "NaN")),
                Arguments.of("text", List.of("''", "'A'", "'a'", "'ab'", "'b'", "'é'")),
                Arguments.of("ascii", List.of("''", "'A'", "'Z'", "'a'", "'abc'")),
                Arguments.of("blob", List.of("0x", "0x00", "0x0001", "0x01", "0xff")),
                Arguments.of("boolean", List.of("false", "true")),
                Arguments.of("uuid", List.of("00000000-0000-1000-8000-000000000000",
                        "00000001-0000-1000-8000-000000000000", "00000000-0000-4000-8000-000000000000",
                        "ffffffff-0000-4000-8000-000000000000")),
                Arguments.of("timeuuid", List.of("8e0c5c00-0000-1000-8000-000000000000",
                        "00000000-0001-1000-8000-000000000000", "00000000-0000-1001-8000-000000000000")),
                Arguments.of("timestamp", List.of("'1969-12-31 23:59:59.000+0000'", "'1970-01-01 00:00:00.000+0000'",
                        "'2024-02-29 12:00:00.000+0000'")),
                Arguments.of("date", List.of("'-5877641-06-23'", "'1969-12-31'", "'1970-01-01'", "'2024-02-29'")),
                Arguments.of("time", List.of("'00:00:00.000000000'", "'00:00:00.000000001'", "'12:30:00.000000000'",
                        "'23:59:59.999999999'")),
                // inet compares the address bytes unsigned, so ::1 (0x00…01) sorts before 1.2.3.4.
                Arguments.of("inet", List.of("'0:0:0:0:0:0:0:1'", "'1.2.3.4'", "'10.0.0.1'", "'255.255.255.255'")),
                Arguments.of("frozen<list<int>>", List.of("[]", "[1]", "[1, 2]", "[2]")),
                Arguments.of("frozen<set<text>>", List.of("{}", "{'a'}", "{'a', 'b'}", "{'b'}")),
                Arguments.of("frozen<map<int, text>>", List.of("{}", "{1: 'a'}", "{1: 'b'}", "{2: 'a'}")),
                Arguments.of("tuple<int, text>", List.of("(1, 'a')", "(1, 'b')", "(2, 'a')")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orderedValues")
    void ascendingAndDescendingClusteringOrder(String type, List<String> ordered) {
        String name = "t_" + Math.abs(type.hashCode());
        node.execute("CREATE TABLE " + name + "_asc (k int, c " + type + ", PRIMARY KEY (k, c))");
        node.execute("CREATE TABLE " + name + "_desc (k int, c " + type + ", PRIMARY KEY (k, c)) "
                + "WITH CLUSTERING ORDER BY (c DESC)");
        List<String> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(7));
        for (String value : shuffled) {
            node.execute("INSERT INTO " + name + "_asc (k, c) VALUES (1, " + value + ")");
            node.execute("INSERT INTO " + name + "_desc (k, c) VALUES (1, " + value + ")");
        }
        List<String> reversed = new ArrayList<>(ordered);
        Collections.reverse(reversed);
        assertThat(column(name + "_asc", "")).containsExactlyElementsOf(ordered);
        assertThat(column(name + "_desc", "")).containsExactlyElementsOf(reversed);
        assertThat(column(name + "_asc", " ORDER BY c DESC")).containsExactlyElementsOf(reversed);
        assertThat(column(name + "_desc", " ORDER BY c ASC")).containsExactlyElementsOf(ordered);
        // A range on the clustering column selects by value, whatever the storage order.
        String low = ordered.get(1);
        assertThat(column(name + "_desc", " AND c > " + low + " ORDER BY c ASC"))
                .containsExactlyElementsOf(ordered.subList(2, ordered.size()));
        assertThat(column(name + "_asc", " AND c <= " + low)).containsExactlyElementsOf(ordered.subList(0, 2));
    }

    private List<String> column(String table, String clauses) {
        List<String> values = new ArrayList<>();
        for (List<String> row : node.rows("SELECT c FROM " + table + " WHERE k = 1" + clauses)) {
            values.add(row.get(0));
        }
        return values;
    }
}
