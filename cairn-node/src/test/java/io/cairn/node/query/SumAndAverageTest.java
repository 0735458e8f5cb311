package io.cairn.node.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sum() and avg() give Cassandra 5.0's answers to the last digit, overflow and rounding included;
 * the expected values are what a Cassandra 5.0.9 node answered to the same statements.
 */
class SumAndAverageTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE agg (k int, c int, i int, bi bigint, si smallint, ti tinyint, vi varint, de decimal,"
                + " f float, db double, PRIMARY KEY (k, c))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void integerSumsWrapAroundWhileAveragesDoNotOverflow() {
        insert(1, "2147483647, 9223372036854775807, 32767, 127");
        insert(2, "1, 1, 1, 1");
        insert(3, "2, 3, 2, 2");

        assertThat(node.rows("SELECT sum(i), avg(i), sum(bi), avg(bi), sum(si), avg(si), sum(ti), avg(ti) FROM agg WHERE k = 1"))
                .containsExactly(List.of("-2147483646", "715827883", "-9223372036854775805", "3074457345618258603",
                        "-32766", "10923", "-126", "43"));
    }

    @Test
    void integerAveragesTruncateTowardZero() {
        node.execute("INSERT INTO agg (k, c, i, vi) VALUES (1, 1, -7, -7)");
        node.execute("INSERT INTO agg (k, c, i, vi) VALUES (1, 2, 2, 2)");
        node.execute("INSERT INTO agg (k, c, i, vi) VALUES (1, 3, 0, 0)");

        assertThat(node.rows("SELECT avg(i), avg(vi), sum(vi) FROM agg WHERE k = 1")).containsExactly(List.of("-1", "-1", "-5"));
    }

    @Test
    void decimalAverageIsARunningMeanRoundedHalfEvenAtTheScaleOfEachStep() {
        for (String row : List.of("1, 1.0", "2, 2.00", "3, 0.5")) {
            node.execute("INSERT INTO agg (k, c, de) VALUES (1, " + row + ")");
        }
        for (String row : List.of("1, 1", "2, 2", "3, 2")) {
            node.execute("INSERT INTO agg (k, c, de) VALUES (2, " + row + ")");
        }
        for (String row : List.of("1, 1.00", "2, 0.333", "3, 10", "4, 1E+2")) {
            node.execute("INSERT INTO agg (k, c, de) VALUES (3, " + row + ")");
        }

        assertThat(node.rows("SELECT sum(de), avg(de) FROM agg WHERE k = 1")).containsExactly(List.of("3.50", "1.17"));
        assertThat(node.rows("SELECT sum(de), avg(de) FROM agg WHERE k = 2")).containsExactly(List.of("5", "1"));
        assertThat(node.rows("SELECT sum(de), avg(de) FROM agg WHERE k = 3")).containsExactly(List.of("111.333", "27.833"));
    }

    @Test
    void floatingSumsAreCompensatedAndAveragesSurviveOverflow() {
        node.execute("INSERT INTO agg (k, c, f, db) VALUES (1, 1, 0.1, 0.1)");
        node.execute("INSERT INTO agg (k, c, f, db) VALUES (1, 2, 0.2, 0.2)");
        node.execute("INSERT INTO agg (k, c, f, db) VALUES (1, 3, 0.3, 0.3)");
        node.execute("INSERT INTO agg (k, c, f, db) VALUES (2, 1, 3.4028235E38, 1.7976931348623157E308)");
        node.execute("INSERT INTO agg (k, c, f, db) VALUES (2, 2, 3.4028235E38, 1.7976931348623157E308)");
        node.execute("INSERT INTO agg (k, c, f, db) VALUES (2, 3, 1.0, 1.0)");

        assertThat(node.rows("SELECT sum(f), avg(f), sum(db), avg(db) FROM agg WHERE k = 1"))
                .containsExactly(List.of("0.6", "0.2", "0.6", "0.19999999999999998"));
        assertThat(node.rows("SELECT sum(f), avg(f), sum(db), avg(db) FROM agg WHERE k = 2"))
                .containsExactly(List.of("Infinity", "2.268549E38", "Infinity", "1.1984620899082105E308"));
    }

    @Test
    void noRowsSumAndAverageToZero() {
        assertThat(node.rows("SELECT sum(i), avg(i), sum(de), avg(de), sum(f), avg(f), avg(vi) FROM agg WHERE k = 3"))
                .containsExactly(List.of("0", "0", "0", "0", "0.0", "0.0", "0"));
    }

    private void insert(int c, String integers) {
        node.execute("INSERT INTO agg (k, c, i, bi, si, ti) VALUES (1, " + c + ", " + integers + ")");
    }
}
