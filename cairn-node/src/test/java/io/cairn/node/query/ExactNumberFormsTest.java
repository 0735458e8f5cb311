package io.cairn.node.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decimal keeps its scale and a varint its bytes wherever it is stored: partition key,
 * clustering column (ASC and DESC) and regular column, as in Cassandra. Restrictions compare by
 * value, so any form of a number finds it.
 */
class ExactNumberFormsTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        for (String order : List.of("ASC", "DESC")) {
            node.execute("CREATE TABLE decimals_" + order + " (k decimal, c decimal, v decimal, PRIMARY KEY (k, c))"
                    + " WITH CLUSTERING ORDER BY (c " + order + ")");
            for (String row : List.of("1.0, 0.10", "2.50, 1E+3", "10, 0.000", "1E+2, 100")) {
                node.execute("INSERT INTO decimals_" + order + " (k, c, v) VALUES (1.0, " + row + ")");
            }
        }
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void decimalsKeepTheirScaleAsPartitionKeyClusteringAndRegularValues() {
        assertThat(node.rows("SELECT k, c, v FROM decimals_asc")).containsExactly(
                List.of("1.0", "1.0", "0.10"),
                List.of("1.0", "2.50", "1E+3"),
                List.of("1.0", "10", "0.000"),
                List.of("1.0", "1E+2", "100"));
        assertThat(node.rows("SELECT k, c, v FROM decimals_desc")).containsExactly(
                List.of("1.0", "1E+2", "100"),
                List.of("1.0", "10", "0.000"),
                List.of("1.0", "2.50", "1E+3"),
                List.of("1.0", "1.0", "0.10"));
    }

    @Test
    void anyFormOfADecimalFindsTheClusteringRowLikeCassandra() {
        for (String table : List.of("decimals_asc", "decimals_desc")) {
            assertThat(node.rows("SELECT c FROM " + table + " WHERE k = 1.0 AND c = 2.5")).containsExactly(List.of("2.50"));
            assertThat(node.rows("SELECT c FROM " + table + " WHERE k = 1.0 AND c = 100.00")).containsExactly(List.of("1E+2"));
        }
        assertThat(node.rows("SELECT c FROM decimals_asc WHERE k = 1.0 AND c IN (1E+1, 100.00)"))
                .containsExactly(List.of("10"), List.of("1E+2"));
        assertThat(node.rows("SELECT c FROM decimals_asc WHERE k = 1.0 AND c > 1")).containsExactly(
                List.of("2.50"), List.of("10"), List.of("1E+2"));
        assertThat(node.rows("SELECT c FROM decimals_desc WHERE k = 1.0 AND c <= 1E+1")).containsExactly(
                List.of("10"), List.of("2.50"), List.of("1.0"));
        assertThat(node.rows("SELECT c FROM decimals_asc WHERE k = 1.0 AND c >= 10.000 AND c < 100")).containsExactly(List.of("10"));
    }

    @Test
    void aPartitionKeyDecimalIsFoundOnlyInTheFormItWasWritten() {
        assertThat(node.rows("SELECT c FROM decimals_asc WHERE k = 1")).isEmpty();
        assertThat(node.rows("SELECT c FROM decimals_asc WHERE k = 1.0")).hasSize(4);
    }

    @Test
    void varintsKeepTheirBytesEvenWithRedundantSignBytes() {
        for (String order : List.of("ASC", "DESC")) {
            String table = "varints_" + order;
            node.execute("CREATE TABLE " + table + " (k varint, c varint, v varint, PRIMARY KEY (k, c))"
                    + " WITH CLUSTERING ORDER BY (c " + order + ")");
            ByteBuffer padded = ByteBuffer.wrap(HexFormat.of().parseHex("000080"));
            ByteBuffer negativePadded = ByteBuffer.wrap(HexFormat.of().parseHex("ffff7f"));
            node.execute("INSERT INTO " + table + " (k, c, v) VALUES (?, ?, ?)", negativePadded, padded, padded);
            node.execute("INSERT INTO " + table + " (k, c, v) VALUES (-129, -18446744073709551616, 18446744073709551616)");

            assertThat(node.rows("SELECT varintAsBlob(k), varintAsBlob(c), varintAsBlob(v) FROM " + table + " WHERE k = -129"))
                    .containsExactly(List.of("0xff7f", "0xff0000000000000000", "0x010000000000000000"));
            assertThat(node.rows("SELECT varintAsBlob(k), varintAsBlob(c), varintAsBlob(v) FROM " + table + " WHERE k = ?",
                    negativePadded)).containsExactly(List.of("0xffff7f", "0x000080", "0x000080"));
            assertThat(node.rows("SELECT c FROM " + table + " WHERE k = ? AND c = 128", negativePadded))
                    .containsExactly(List.of("128"));
            assertThat(node.rows("SELECT c FROM " + table + " WHERE k = ? AND c > 128", negativePadded)).isEmpty();
        }
    }

    @Test
    void signedZerosAndNaNAreDistinctClusteringValuesAsInCassandra() {
        node.execute("CREATE TABLE doubles (k int, c double, v int, PRIMARY KEY (k, c))");
        node.execute("INSERT INTO doubles (k, c, v) VALUES (1, -0.0, 1)");
        node.execute("INSERT INTO doubles (k, c, v) VALUES (1, 0.0, 2)");
        node.execute("INSERT INTO doubles (k, c, v) VALUES (1, NaN, 3)");
        node.execute("INSERT INTO doubles (k, c, v) VALUES (1, Infinity, 4)");
        ByteBuffer otherNaN = ByteBuffer.wrap(HexFormat.of().parseHex("7ff8000000000001"));
        node.execute("INSERT INTO doubles (k, c, v) VALUES (2, ?, 5)", otherNaN);

        assertThat(node.rows("SELECT c, v FROM doubles WHERE k = 1")).containsExactly(
                List.of("-0.0", "1"), List.of("0.0", "2"), List.of("Infinity", "4"), List.of("NaN", "3"));
        assertThat(node.rows("SELECT v FROM doubles WHERE k = 1 AND c > 0.0")).containsExactly(List.of("4"), List.of("3"));
        assertThat(node.rows("SELECT v FROM doubles WHERE k = 1 AND c = NaN")).containsExactly(List.of("3"));
        assertThat(node.rows("SELECT doubleAsBlob(c) FROM doubles WHERE k = 2 AND c = NaN")).containsExactly(List.of("0x7ff8000000000001"));
    }
}
