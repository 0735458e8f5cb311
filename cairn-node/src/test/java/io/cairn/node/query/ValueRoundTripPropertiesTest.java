package io.cairn.node.query;

import io.cairn.cql.type.CqlType;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever valid bytes a driver sends for a value of any CQL type come back byte for byte, as
 * partition key, as ASC and DESC clustering column and as regular column, and rows come back in
 * the type's order, through CQL statements with bound values. Seeds are fixed so that runs are
 * reproducible.
 */
class ValueRoundTripPropertiesTest {

    private static final String SEED = "1313";

    private final NodeFixture node = NodeFixture.withKeyspace("ks");

    ValueRoundTripPropertiesTest() {
        node.execute(SerializedValues.PAIR);
        for (String type : SerializedValues.TYPES) {
            String table = SerializedValues.tableName(type);
            node.execute("CREATE TABLE " + table + " (k " + type + ", asc_c " + type + ", desc_c " + type + ", v " + type
                    + ", PRIMARY KEY (k, asc_c, desc_c)) WITH CLUSTERING ORDER BY (asc_c ASC, desc_c DESC)");
            node.execute("CREATE TABLE " + table + "_asc (k int, c " + type + ", PRIMARY KEY (k, c))");
            node.execute("CREATE TABLE " + table + "_desc (k int, c " + type + ", PRIMARY KEY (k, c))"
                    + " WITH CLUSTERING ORDER BY (c DESC)");
        }
        node.execute("CREATE TABLE durations (k int PRIMARY KEY, v duration)");
    }

    @AfterProperty
    void stop() {
        node.close();
    }

    @Property(tries = 1500, seed = SEED)
    void everyValueComesBackByteForByteInEveryPlace(@ForAll("typedValues") TypedValue value) {
        String table = SerializedValues.tableName(value.type());
        ByteBuffer bytes = value.bytes();
        node.execute("INSERT INTO " + table + " (k, asc_c, desc_c, v) VALUES (?, ?, ?, ?)", bytes, bytes, bytes, bytes);

        QueryResult.Rows rows = (QueryResult.Rows) node.execute(
                "SELECT k, asc_c, desc_c, v FROM " + table + " WHERE k = ?", bytes);

        assertThat(rows.rows()).as("rows of %s %s", value.type(), hex(bytes)).hasSize(1);
        assertThat(rows.rows().get(0)).as("%s %s", value.type(), hex(bytes)).containsExactly(bytes, bytes, bytes, bytes);
        node.execute("DELETE FROM " + table + " WHERE k = ?", bytes);
    }

    @Property(tries = 1500, seed = SEED)
    void clusteringRowsComeBackInTheTypesOrderAscendingAndDescending(@ForAll("typedPairs") TypedPair pair) {
        for (String order : List.of("_asc", "_desc")) {
            String table = SerializedValues.tableName(pair.type()) + order;
            node.execute("INSERT INTO " + table + " (k, c) VALUES (1, ?)", pair.left());
            node.execute("INSERT INTO " + table + " (k, c) VALUES (1, ?)", pair.right());

            QueryResult.Rows rows = (QueryResult.Rows) node.execute("SELECT c FROM " + table + " WHERE k = 1");
            CqlType type = rows.columns().get(0).type();
            List<ByteBuffer> values = rows.rows().stream().map(row -> row.get(0)).toList();
            int comparison = type.compare(pair.left(), pair.right());
            if (pair.left().equals(pair.right())) {
                assertThat(values).containsExactly(pair.left());
            } else if (comparison != 0) {
                ByteBuffer first = (comparison < 0) == order.equals("_asc") ? pair.left() : pair.right();
                ByteBuffer second = first == pair.left() ? pair.right() : pair.left();
                assertThat(values).as("%s %s, %s", table, hex(pair.left()), hex(pair.right())).containsExactly(first, second);
            } else {
                // Equal by value, written differently (1.0 and 1.00): each form is its own row.
                assertThat(values).containsExactlyInAnyOrder(pair.left(), pair.right());
            }
            node.execute("DELETE FROM " + table + " WHERE k = 1");
        }
    }

    @Property(tries = 200, seed = SEED)
    void durationsComeBackExactlyAsRegularValues(@ForAll("durations") String duration) {
        node.execute("INSERT INTO durations (k, v) VALUES (1, " + duration + ")");
        ByteBuffer written = (ByteBuffer) ((QueryResult.Rows) node.execute("SELECT v FROM durations WHERE k = 1")).rows().get(0).get(0);
        node.execute("INSERT INTO durations (k, v) VALUES (2, ?)", written);

        assertThat(((QueryResult.Rows) node.execute("SELECT v FROM durations WHERE k = 2")).rows().get(0).get(0))
                .isEqualTo(written);
    }

    record TypedValue(String type, ByteBuffer bytes) {
    }

    record TypedPair(String type, ByteBuffer left, ByteBuffer right) {
    }

    @Provide
    Arbitrary<TypedValue> typedValues() {
        return net.jqwik.api.Arbitraries.of(SerializedValues.TYPES)
                .flatMap(type -> SerializedValues.of(type).map(bytes -> new TypedValue(type, bytes)));
    }

    @Provide
    Arbitrary<TypedPair> typedPairs() {
        return net.jqwik.api.Arbitraries.of(SerializedValues.TYPES).flatMap(type -> {
            Arbitrary<ByteBuffer> values = SerializedValues.of(type);
            return Combinators.combine(values, values).as((left, right) -> new TypedPair(type, left, right));
        });
    }

    @Provide
    Arbitrary<String> durations() {
        Arbitrary<Integer> part = net.jqwik.api.Arbitraries.integers().between(0, 1000);
        return Combinators.combine(net.jqwik.api.Arbitraries.of("", "-"), part, part, part)
                .as((sign, months, days, nanos) -> sign + months + "mo" + days + "d" + nanos + "ns");
    }

    private static String hex(ByteBuffer bytes) {
        return "0x" + HexFormat.of().formatHex(bytes.array(), bytes.arrayOffset() + bytes.position(),
                bytes.arrayOffset() + bytes.limit());
    }
}
