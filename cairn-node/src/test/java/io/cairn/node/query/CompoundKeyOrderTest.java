package io.cairn.node.query;

import io.cairn.cql.type.NativeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements may name the columns of a compound partition key, and of the clustering key, in
 * any order: INSERT's column list, INSERT JSON's fields and WHERE's relations. The stored key
 * is the same as when they come in the table's order, so the row is found by its key and a
 * full scan returns the key's values in their columns.
 */
class CompoundKeyOrderTest {

    private static final List<String> ROW = List.of("1", "'b'", "3", "4", "'x'", "5");

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (p1 int, p2 text, p3 int, c1 int, c2 text, v int, "
                + "PRIMARY KEY ((p1, p2, p3), c1, c2))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void assertStoredUnderItsKey() {
        assertThat(node.rows("SELECT * FROM t")).containsExactly(ROW);
        assertThat(node.rows("SELECT * FROM t WHERE p1 = 1 AND p2 = 'b' AND p3 = 3")).containsExactly(ROW);
        assertThat(node.rows("SELECT * FROM t WHERE p1 = 1 AND p2 = 'b' AND p3 = 3 AND c1 = 4 AND c2 = 'x'"))
                .containsExactly(ROW);
        assertThat(node.rows("SELECT p1, p2, p3 FROM t WHERE token(p1, p2, p3) = token(1, 'b', 3)"))
                .containsExactly(List.of("1", "'b'", "3"));
    }

    private QueryResult executePrepared(String cql, ByteBuffer... values) {
        PreparedStatement prepared = node.processor.prepare(cql, node.session, null);
        return Await.result(node.processor.execute(prepared.id(), QueryOptions.of(values), node.session));
    }

    private static ByteBuffer integer(int value) {
        return NativeType.INT.decompose(value);
    }

    private static ByteBuffer text(String value) {
        return NativeType.TEXT.decompose(value);
    }

    @Test
    void insertListingKeyColumnsOutOfOrderStoresTheKeyInTableOrder() {
        node.execute("INSERT INTO t (v, c2, c1, p3, p2, p1) VALUES (5, 'x', 4, 3, 'b', 1)");

        assertStoredUnderItsKey();
    }

    @Test
    void preparedInsertListingKeyColumnsOutOfOrderStoresTheKeyInTableOrder() {
        executePrepared("INSERT INTO t (v, c2, c1, p3, p2, p1) VALUES (?, ?, ?, ?, ?, ?)",
                integer(5), text("x"), integer(4), integer(3), text("b"), integer(1));

        assertStoredUnderItsKey();
        PreparedStatement prepared = node.processor.prepare(
                "INSERT INTO t (v, c2, c1, p3, p2, p1) VALUES (?, ?, ?, ?, ?, ?)", node.session, null);
        assertThat(prepared.partitionKeyIndexes()).containsExactly(5, 4, 3);
    }

    @Test
    void insertJsonWithFieldsOutOfOrderStoresTheKeyInTableOrder() {
        node.execute("INSERT INTO t JSON '{\"v\": 5, \"c2\": \"x\", \"c1\": 4, \"p3\": 3, \"p2\": \"b\", \"p1\": 1}'");

        assertStoredUnderItsKey();
    }

    @Test
    void updateAndDeleteWithRelationsOutOfOrderWriteTheRowOfTheKey() {
        node.execute("UPDATE t SET v = 5 WHERE c2 = 'x' AND p3 = 3 AND c1 = 4 AND p2 = 'b' AND p1 = 1");
        assertStoredUnderItsKey();

        executePrepared("UPDATE t SET v = ? WHERE c2 = ? AND p3 = ? AND c1 = ? AND p2 = ? AND p1 = ?",
                integer(6), text("x"), integer(3), integer(4), text("b"), integer(1));
        assertThat(node.rows("SELECT v FROM t WHERE p1 = 1 AND p2 = 'b' AND p3 = 3")).containsExactly(List.of("6"));

        node.execute("DELETE FROM t WHERE c2 = 'x' AND p3 = 3 AND c1 = 4 AND p2 = 'b' AND p1 = 1");
        assertThat(node.rows("SELECT * FROM t")).isEmpty();
    }

    @Test
    void selectWithKeyRelationsOutOfOrderFindsTheRow() {
        node.execute("INSERT INTO t (p1, p2, p3, c1, c2, v) VALUES (1, 'b', 3, 4, 'x', 5)");
        node.execute("INSERT INTO t (p1, p2, p3, c1, c2, v) VALUES (2, 'b', 4, 4, 'y', 6)");

        assertThat(node.rows("SELECT * FROM t WHERE p3 = 3 AND p2 = 'b' AND p1 = 1")).containsExactly(ROW);
        assertThat(node.rows("SELECT * FROM t WHERE c2 = 'x' AND p3 = 3 AND c1 = 4 AND p2 = 'b' AND p1 = 1"))
                .containsExactly(ROW);
        assertThat(node.rows("SELECT p1, c2 FROM t WHERE p3 IN (3, 4) AND p2 = 'b' AND p1 IN (2, 1)"))
                .containsExactlyInAnyOrder(List.of("1", "'x'"), List.of("2", "'y'"));
        QueryResult.Rows prepared = (QueryResult.Rows) executePrepared(
                "SELECT * FROM t WHERE p3 = ? AND p2 = ? AND p1 = ?", integer(3), text("b"), integer(1));
        assertThat(NodeFixture.render(prepared)).containsExactly(ROW);
    }
}
