package io.cairn.node.coordinator;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.coordinator.InJvmCluster.Node;
import io.cairn.node.index.VectorSimilarity;
import io.cairn.node.query.Await;
import io.cairn.node.query.ClientSession;
import io.cairn.node.query.QueryOptions;
import io.cairn.node.query.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nearest-neighbour searches among three nodes of an in-JVM network, through each node's CQL
 * layer: at RF 3 and at RF 1 (each replica answering for its ranges, the coordinator merging
 * them), at every consistency level, rows written before the index and after it; and a replica
 * that missed updates of vectors never puts a row in an answer at QUORUM or ALL by its old vector.
 */
class VectorSearchClusterTest {

    private static final List<ConsistencyLevel> LEVELS = List.of(ConsistencyLevel.ONE, ConsistencyLevel.QUORUM,
            ConsistencyLevel.ALL);

    private final InJvmCluster fixture = new InJvmCluster();
    private final List<Node> nodes = fixture.nodes;
    /** Each row's vector, by key, as written last. */
    private final Map<Integer, float[]> model = new TreeMap<>();
    /** The timestamp of the next write: the nodes' clocks may differ, the order of writes may not. */
    private long timestamp = 1_000;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static String literal(float[] vector) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < vector.length; i++) {
            text.append(i == 0 ? "" : ", ").append(vector[i]);
        }
        return text.append(']').toString();
    }

    private static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES);
        for (float component : vector) {
            buffer.putFloat(component);
        }
        return buffer.array();
    }

    /** A vector of its own for each key, spread over the sphere's quarter where all are positive. */
    private static float[] vectorOf(int key) {
        double a = key * 0.37;
        double b = key * 0.11;
        return new float[] {(float) Math.abs(Math.cos(a)), (float) Math.abs(Math.sin(a) * Math.cos(b)),
                (float) Math.abs(Math.sin(a) * Math.sin(b)), 0.1f + key % 7 * 0.05f};
    }

    private void write(Node node, String table, int key, float[] vector, ConsistencyLevel level) {
        InJvmCluster.run(node, "INSERT INTO " + table + " (k, v) VALUES (" + key + ", " + literal(vector)
                + ") USING TIMESTAMP " + timestamp++, level);
        model.put(key, vector);
    }

    /** The keys an ANN query answers, nearest first. */
    private static List<Integer> nearest(Node node, String table, float[] query, int limit, ConsistencyLevel level) {
        QueryOptions options = QueryOptions.DEFAULT.withConsistency(level).withPaging(2, null);
        QueryResult.Rows rows = (QueryResult.Rows) Await.result(node.processor().execute("SELECT k FROM " + table
                + " ORDER BY v ANN OF " + literal(query) + " LIMIT " + limit, options, new ClientSession()));
        assertThat(rows.pagingState()).as("the nearest rows come in one page").isNull();
        List<Integer> keys = new ArrayList<>();
        for (List<ByteBuffer> row : rows.rows()) {
            keys.add((Integer) NativeType.INT.compose(row.get(0)));
        }
        return keys;
    }

    /** The model's {@code limit} keys nearest {@code query} by cosine similarity, nearest first. */
    private List<Integer> exact(float[] query, int limit) {
        List<Integer> keys = new ArrayList<>(model.keySet());
        keys.sort(Comparator.comparingDouble((Integer key) -> VectorSimilarity.compare("COSINE",
                bytes(model.get(key)), bytes(query))).reversed());
        return keys.subList(0, Math.min(limit, keys.size()));
    }

    private void checkSearches(String when, String table) {
        for (int target = 0; target < 6; target++) {
            float[] query = vectorOf(1000 + target * 13);
            int limit = 1 + target * 3;
            List<Integer> expected = exact(query, limit);
            for (Node node : nodes) {
                for (ConsistencyLevel level : LEVELS) {
                    assertThat(nearest(node, table, query, limit, level))
                            .as("%s: %d nearest through %s at %s", when, limit, node.address(), level)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void theNearestRowsAreFoundThroughEveryNodeAtEveryLevelAtReplicationFactorsThreeAndOne() {
        fixture.start("dc1", "dc1", "dc1");
        for (int replicas : new int[] {3, 1}) {
            model.clear();
            String keyspace = "vectors_rf" + replicas;
            String table = keyspace + ".t";
            InJvmCluster.run(nodes.get(0), "CREATE KEYSPACE " + keyspace + " WITH replication = {'class': "
                    + "'SimpleStrategy', 'replication_factor': " + replicas + "}", ConsistencyLevel.ONE);
            InJvmCluster.run(nodes.get(0), "CREATE TABLE " + table + " (k int PRIMARY KEY, v vector<float, 4>)",
                    ConsistencyLevel.ONE);
            fixture.awaitSchemaAgreement();
            for (int key = 0; key < 40; key++) {
                write(nodes.get(key % 3), table, key, vectorOf(key), ConsistencyLevel.ALL);
            }
            InJvmCluster.run(nodes.get(0), "CREATE CUSTOM INDEX ON " + table + " (v) USING 'StorageAttachedIndex'",
                    ConsistencyLevel.ONE);
            fixture.awaitSchemaAgreement();
            // Right away, the graphs filled or not, the answers are whole.
            checkSearches("RF " + replicas + ", the index new", table);
            for (int key = 40; key < 80; key++) {
                write(nodes.get(key % 3), table, key, vectorOf(key), ConsistencyLevel.ALL);
            }
            for (int key = 0; key < 80; key += 3) {
                write(nodes.get(key % 3), table, key, vectorOf(key + 500), ConsistencyLevel.ALL);
            }
            for (int key = 1; key < 80; key += 10) {
                InJvmCluster.run(nodes.get(1), "DELETE FROM " + table + " USING TIMESTAMP " + timestamp++
                        + " WHERE k = " + key, ConsistencyLevel.ALL);
                model.remove(key);
            }
            checkSearches("RF " + replicas + ", after updates and deletions", table);
        }
    }

    @Test
    void aReplicaHoldingOlderVectorsNeverPutsARowInAnAnswerAtQuorumOrAllByThem() {
        fixture.start("dc1", "dc1", "dc1");
        InJvmCluster.run(nodes.get(0), "CREATE TABLE ks.vectors (k int PRIMARY KEY, v vector<float, 2>)",
                ConsistencyLevel.ONE);
        InJvmCluster.run(nodes.get(0), "CREATE CUSTOM INDEX ON ks.vectors (v) USING 'sai' WITH OPTIONS = "
                + "{'similarity_function': 'euclidean'}", ConsistencyLevel.ONE);
        fixture.awaitSchemaAgreement();
        // Keys 1 to 5 lie near the query, keys 6 to 20 far from it.
        for (int key = 1; key <= 20; key++) {
            float distance = key <= 5 ? key * 0.01f : 10 + key;
            InJvmCluster.run(nodes.get(0), "INSERT INTO ks.vectors (k, v) VALUES (" + key + ", [" + distance
                    + ", 0.0])", ConsistencyLevel.ALL);
        }
        Node missed = nodes.get(2);
        fixture.takeDown(missed);
        // Keys 1 to 5 move far away, keys 16 to 20 come near: the third replica does not hear of it.
        for (int key = 1; key <= 5; key++) {
            InJvmCluster.run(nodes.get(0), "UPDATE ks.vectors SET v = [" + (100 + key) + ", 0.0] WHERE k = " + key,
                    ConsistencyLevel.QUORUM);
        }
        for (int key = 16; key <= 20; key++) {
            InJvmCluster.run(nodes.get(0), "UPDATE ks.vectors SET v = [" + (key - 15) * 0.02f + ", 0.0] WHERE k = "
                    + key, ConsistencyLevel.QUORUM);
        }
        fixture.down.remove(missed.address());
        fixture.network.healAll();
        String query = "SELECT k FROM ks.vectors ORDER BY v ANN OF [0.0, 0.0] LIMIT 5";
        assertThat(keys(missed, query, ConsistencyLevel.ONE)).as("the stale replica alone")
                .containsExactly(1, 2, 3, 4, 5);
        for (ConsistencyLevel level : List.of(ConsistencyLevel.QUORUM, ConsistencyLevel.ALL)) {
            for (Node node : nodes) {
                assertThat(keys(node, query, level)).as("through %s at %s", node.address(), level)
                        .containsExactly(16, 17, 18, 19, 20);
            }
        }
    }

    private static List<Integer> keys(Node node, String query, ConsistencyLevel level) {
        QueryResult.Rows rows = (QueryResult.Rows) InJvmCluster.run(node, query, level);
        List<Integer> keys = new ArrayList<>();
        for (List<ByteBuffer> row : rows.rows()) {
            keys.add((Integer) NativeType.INT.compose(row.get(0)));
        }
        return keys;
    }
}
