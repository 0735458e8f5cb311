package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.IndexKind;
import com.datastax.oss.driver.api.core.metadata.schema.IndexMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secondary indexes through the Java driver 4 on three nodes at RF 3: a legacy and a
 * storage-attached index created on rows already written, read by equality (prepared, paged by the
 * driver, at QUORUM through each node), by a range and by CONTAINS; the driver's schema metadata
 * lists them with their kind and target, and forgets one dropped; a query an index does not serve
 * is refused as Cassandra refuses it. Vector search: a storage-attached index of a vector column,
 * prepared inserts and ANN queries bound to the driver's {@code CqlVector}, through each node at
 * QUORUM, the nearest rows in order with their similarity, and a restriction by another index.
 */
class SecondaryIndexDriverTest {

    @TempDir
    Path directory;

    @Test
    void indexesAreCreatedQueriedAndDescribedThroughTheDriverOnThreeNodes() throws Exception {
        List<CairnNode> nodes = TestNodes.startCluster(directory, "indexes", 3);
        try {
            int nativePort = nodes.get(0).nativeAddress().getPort();
            try (CqlSession session = TestNodes.session(nodes.get(0).nativeAddress(), 3)) {
                session.execute("CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', "
                        + "'replication_factor': 3}");
                session.execute("CREATE TABLE shop.orders (customer int, id int, status text, total int, "
                        + "tags set<text>, PRIMARY KEY (customer, id))");
                PreparedStatement insert = session.prepare(
                        "INSERT INTO shop.orders (customer, id, status, total, tags) VALUES (?, ?, ?, ?, ?)");
                Map<Integer, List<Integer>> shippedByCustomer = new TreeMap<>();
                for (int customer = 0; customer < 25; customer++) {
                    for (int id = 0; id < 4; id++) {
                        String status = (customer + id) % 3 == 0 ? "shipped" : "open";
                        if (status.equals("shipped")) {
                            shippedByCustomer.computeIfAbsent(customer, c -> new ArrayList<>()).add(id);
                        }
                        session.execute(insert.bind(customer, id, status, customer * 10 + id,
                                java.util.Set.of("t" + (id % 2))).setConsistencyLevel(DefaultConsistencyLevel.ALL));
                    }
                }
                assertThat(session.execute("CREATE INDEX orders_status ON shop.orders (status)").getExecutionInfo()
                        .isSchemaInAgreement()).isTrue();
                session.execute("CREATE CUSTOM INDEX orders_total ON shop.orders (total) USING 'StorageAttachedIndex'");
                session.execute("CREATE INDEX ON shop.orders (tags)");

                TableMetadata orders = session.getMetadata().getKeyspace("shop").orElseThrow()
                        .getTable("orders").orElseThrow();
                Map<String, String> targets = orders.getIndexes().values().stream().collect(Collectors.toMap(
                        index -> index.getName().asInternal(), IndexMetadata::getTarget));
                assertThat(targets).isEqualTo(Map.of("orders_status", "status", "orders_total", "total",
                        "orders_tags_idx", "values(tags)"));
                assertThat(orders.getIndexes().values().stream().collect(Collectors.toMap(
                        index -> index.getName().asInternal(), IndexMetadata::getKind)))
                        .isEqualTo(Map.of("orders_status", IndexKind.COMPOSITES, "orders_total", IndexKind.CUSTOM,
                                "orders_tags_idx", IndexKind.COMPOSITES));
                assertThat(orders.getIndexes().get(com.datastax.oss.driver.api.core.CqlIdentifier
                        .fromInternal("orders_total")).getClassName()).contains("StorageAttachedIndex");

                for (int i = 1; i <= 3; i++) {
                    try (CqlSession via = CqlSession.builder()
                            .addContactPoint(new InetSocketAddress("127.0.0." + i, nativePort))
                            .withLocalDatacenter("datacenter1").build()) {
                        PreparedStatement byStatus = via.prepare("SELECT customer, id FROM shop.orders WHERE status = ?");
                        Map<Integer, List<Integer>> found = new TreeMap<>();
                        for (Row row : via.execute(byStatus.bind("shipped").setPageSize(7)
                                .setConsistencyLevel(DefaultConsistencyLevel.QUORUM))) {
                            found.computeIfAbsent(row.getInt(0), c -> new ArrayList<>()).add(row.getInt(1));
                        }
                        assertThat(found).as("shipped orders through node %d", i).isEqualTo(shippedByCustomer);
                    }
                }
                List<Integer> totals = new ArrayList<>();
                for (Row row : session.execute(SimpleStatement.newInstance(
                        "SELECT total FROM shop.orders WHERE total >= ? AND total < ?", 95, 120).setPageSize(4))) {
                    totals.add(row.getInt(0));
                }
                assertThat(totals).containsExactlyInAnyOrder(100, 101, 102, 103, 110, 111, 112, 113);
                assertThat(session.execute("SELECT count(*) FROM shop.orders WHERE tags CONTAINS 't1'").one()
                        .getLong(0)).isEqualTo(50);

                session.execute("UPDATE shop.orders SET status = 'shipped' WHERE customer = 1 AND id = 3");
                assertThat(session.execute("SELECT status FROM shop.orders WHERE status = 'shipped' AND customer = 1")
                        .all()).hasSize(shippedByCustomer.getOrDefault(1, List.of()).size() + 1);

                assertThatThrownBy(() -> session.execute("SELECT id FROM shop.orders WHERE status = 'open' AND total > 5"))
                        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("ALLOW FILTERING");
                assertThat(session.execute("DROP INDEX shop.orders_status").getExecutionInfo().isSchemaInAgreement())
                        .isTrue();
                assertThat(session.getMetadata().getKeyspace("shop").orElseThrow().getTable("orders").orElseThrow()
                        .getIndexes()).hasSize(2);
                assertThatThrownBy(() -> session.execute("SELECT id FROM shop.orders WHERE status = 'open'"))
                        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("ALLOW FILTERING");
                searchNeighbours(session, nativePort);
            }
        } finally {
            TestNodes.close(nodes);
        }
    }

    /** 200 products on a circle: the nearest of an angle are those of the angles beside it. */
    private static void searchNeighbours(CqlSession session, int nativePort) {
        session.execute("CREATE TABLE shop.products (id int PRIMARY KEY, shelf int, embedding vector<float, 2>)");
        PreparedStatement insert = session.prepare("INSERT INTO shop.products (id, shelf, embedding) VALUES (?, ?, ?)");
        for (int id = 0; id < 200; id++) {
            session.execute(insert.bind(id, id % 4, angle(id)).setConsistencyLevel(DefaultConsistencyLevel.ALL));
        }
        session.execute("CREATE CUSTOM INDEX products_embedding ON shop.products (embedding) USING 'sai'");
        session.execute("CREATE CUSTOM INDEX products_shelf ON shop.products (shelf) USING 'sai'");
        for (int i = 1; i <= 3; i++) {
            try (CqlSession via = CqlSession.builder()
                    .addContactPoint(new InetSocketAddress("127.0.0." + i, nativePort))
                    .withLocalDatacenter("datacenter1").build()) {
                PreparedStatement nearest = via.prepare("SELECT id, similarity_cosine(embedding, ?) FROM shop.products "
                        + "ORDER BY embedding ANN OF ? LIMIT ?");
                List<Integer> ids = new ArrayList<>();
                List<Float> similarities = new ArrayList<>();
                // Between products 50 and 51, nearer 50.
                com.datastax.oss.driver.api.core.data.CqlVector<Float> query = vector(Math.PI * 2 * 50.3 / 200);
                for (Row row : via.execute(nearest.bind(query, query, 4).setPageSize(2)
                        .setConsistencyLevel(DefaultConsistencyLevel.QUORUM))) {
                    ids.add(row.getInt(0));
                    similarities.add(row.getFloat(1));
                }
                assertThat(ids).as("the nearest through node %d", i).containsExactly(50, 51, 49, 52);
                assertThat(similarities).isSortedAccordingTo(java.util.Comparator.reverseOrder());
                PreparedStatement onShelf = via.prepare("SELECT id FROM shop.products WHERE shelf = ? "
                        + "ORDER BY embedding ANN OF ? LIMIT 2");
                assertThat(via.execute(onShelf.bind(3, query)).all().stream().map(row -> row.getInt(0)).toList())
                        .as("on shelf 3 through node %d", i).containsExactly(51, 47);
            }
        }
        assertThatThrownBy(() -> session.execute("SELECT id FROM shop.products ORDER BY embedding ANN OF [1.0, 0.0]"))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("must have a limit");
    }

    private static com.datastax.oss.driver.api.core.data.CqlVector<Float> angle(int id) {
        return vector(Math.PI * 2 * id / 200);
    }

    private static com.datastax.oss.driver.api.core.data.CqlVector<Float> vector(double angle) {
        return com.datastax.oss.driver.api.core.data.CqlVector.newInstance((float) Math.cos(angle),
                (float) Math.sin(angle));
    }
}
