package io.cairn.common.encoding;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clustering is stored as the plain concatenation of its components' encodings, each
 * ascending or complemented for DESC. Because each encoding is prefix-free, the concatenation
 * sorts like the clustering (component by component, each in its direction, by Cassandra's
 * comparators) and splits back into its components with one {@link KeyReader}.
 */
class ClusteringConcatenationPropertiesTest {

    static final String SEED = "2718";

    /** {@code PRIMARY KEY (pk, a, b, c, d) WITH CLUSTERING ORDER BY (a ASC, b DESC, c ASC, d DESC)}. */
    static final List<KeyType> TYPES = List.of(
            NativeKeyType.TINYINT,
            NativeKeyType.TEXT,
            KeyType.tuple(List.of(NativeKeyType.BOOLEAN, NativeKeyType.BLOB)),
            KeyType.frozenList(NativeKeyType.VARINT));
    static final List<KeyOrder> ORDERS = List.of(KeyOrder.ASCENDING, KeyOrder.DESCENDING, KeyOrder.ASCENDING, KeyOrder.DESCENDING);

    @Property(tries = 1000, seed = SEED)
    void concatenatedComponentsSortLikeTheClustering(@ForAll("clusterings") List<Object> left, @ForAll("clusterings") List<Object> right) {
        int expected = 0;
        for (int i = 0; i < TYPES.size() && expected == 0; i++) {
            int order = Integer.signum(CassandraOracle.compare(TYPES.get(i), left.get(i), right.get(i)));
            expected = ORDERS.get(i) == KeyOrder.ASCENDING ? order : -order;
        }

        assertThat(Integer.signum(Arrays.compareUnsigned(encode(left), encode(right))))
                .as("order of %s and %s", left, right)
                .isEqualTo(expected);
    }

    @Property(tries = 500, seed = SEED)
    void concatenatedComponentsSplitBackIntoTheClustering(@ForAll("clusterings") List<Object> clustering) {
        byte[] key = encode(clustering);
        KeyReader reader = new KeyReader(key);

        for (int i = 0; i < TYPES.size(); i++) {
            Object decoded = KeyCodec.decode(TYPES.get(i), ORDERS.get(i), reader);
            assertThat(CanonicalValues.canonical(TYPES.get(i), decoded))
                    .as("component %d of %s", i, clustering)
                    .isEqualTo(CanonicalValues.canonical(TYPES.get(i), clustering.get(i)));
        }
        assertThat(reader.hasRemaining()).isFalse();
    }

    private static byte[] encode(List<Object> clustering) {
        ByteSink key = new ByteSink();
        for (int i = 0; i < TYPES.size(); i++) {
            KeyCodec.encode(TYPES.get(i), clustering.get(i), ORDERS.get(i), key);
        }
        return key.toByteArray();
    }

    @Provide
    Arbitrary<List<Object>> clusterings() {
        List<Arbitrary<Object>> components = new ArrayList<>();
        for (KeyType type : TYPES) {
            components.add(type == NativeKeyType.TINYINT
                    ? net.jqwik.api.Arbitraries.bytes().between((byte) -1, (byte) 1).map(b -> b)
                    : KeyValueArbitraries.valuesOf(type));
        }
        return Combinators.combine(components).as(ArrayList::new);
    }
}
