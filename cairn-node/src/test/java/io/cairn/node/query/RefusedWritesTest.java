package io.cairn.node.query;

import io.cairn.cql.ast.BatchStatement;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes Cassandra refuses are refused, with its error kind and message, and write nothing. */
class RefusedWritesTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE t (k int, c int, v text, n int, l list<int>, m map<text, int>, "
                + "PRIMARY KEY (k, c))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> refused(String cql, ErrorCode code) {
        return assertThatThrownBy(() -> node.execute(cql)).isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(code));
    }

    private void assertNothingWritten() {
        assertThat(node.rows("SELECT * FROM t")).isEmpty();
    }

    @Test
    void batchTimestampAndAStatementTimestampTogetherAreRefused() {
        refused("BEGIN BATCH USING TIMESTAMP 10 INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TIMESTAMP 5; "
                + "APPLY BATCH", ErrorCode.INVALID)
                .hasMessage("Timestamp must be set either on BATCH or individual statements");
        refused("BEGIN UNLOGGED BATCH USING TIMESTAMP 10 UPDATE t USING TIMESTAMP 5 SET v = 'a' "
                + "WHERE k = 1 AND c = 1 APPLY BATCH", ErrorCode.INVALID)
                .hasMessage("Timestamp must be set either on BATCH or individual statements");
        refused("BEGIN BATCH USING TIMESTAMP 10 INSERT INTO t (k, c, v) VALUES (1, 2, 'a'); "
                + "DELETE FROM t USING TIMESTAMP 5 WHERE k = 1 AND c = 1; APPLY BATCH", ErrorCode.INVALID)
                .hasMessage("Timestamp must be set either on BATCH or individual statements");
        assertNothingWritten();
        node.execute("BEGIN BATCH USING TIMESTAMP 10 INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL 5; "
                + "APPLY BATCH");
        assertThat(node.rows("SELECT WRITETIME(v) FROM t")).containsExactly(List.of("10"));
    }

    @Test
    void aTtlForAWholeBatchIsRefused() {
        refused("BEGIN BATCH USING TTL 10 INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); APPLY BATCH", ErrorCode.INVALID)
                .hasMessage("Global TTL on the BATCH statement is not supported.");
        assertNothingWritten();
    }

    @Test
    void aCounterBatchRefusesNonCounterStatements() {
        refused("BEGIN COUNTER BATCH INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); APPLY BATCH", ErrorCode.INVALID)
                .hasMessage("Cannot include non-counter statement in a counter batch");
        refused("BEGIN COUNTER BATCH UPDATE t SET v = 'a' WHERE k = 1 AND c = 1; APPLY BATCH", ErrorCode.INVALID)
                .hasMessage("Cannot include non-counter statement in a counter batch");
        refused("BEGIN COUNTER BATCH DELETE FROM t WHERE k = 1 AND c = 1; APPLY BATCH", ErrorCode.INVALID)
                .hasMessage("Cannot include non-counter statement in a counter batch");
        refused("BEGIN COUNTER BATCH USING TIMESTAMP 5 INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); APPLY BATCH",
                ErrorCode.INVALID).hasMessage("Cannot provide custom timestamp for counter BATCH");
        assertThatThrownBy(() -> Await.result(node.processor.batch(BatchStatement.Type.COUNTER,
                List.of(new QueryProcessor.BatchEntry("INSERT INTO t (k, c, v) VALUES (1, 1, 'a')", null, List.of())),
                QueryOptions.of(), node.session)))
                .hasMessage("Cannot include non-counter statement in a counter batch");
        assertNothingWritten();
    }

    @Test
    void theMinimumTimestampIsRefused() {
        refused("INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TIMESTAMP -9223372036854775808", ErrorCode.INVALID)
                .hasMessage("Out of bound timestamp, must be in [-9223372036854775807, 9223372036854775807]");
        refused("BEGIN BATCH USING TIMESTAMP -9223372036854775808 INSERT INTO t (k, c, v) VALUES (1, 1, 'a'); "
                + "APPLY BATCH", ErrorCode.INVALID)
                .hasMessage("Out of bound timestamp, must be in [-9223372036854775807, 9223372036854775807]");
        assertNothingWritten();
    }

    @Test
    void ttlsBeyondTwentyYearsOrNegativeAreRefused() {
        refused("INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL 630720001", ErrorCode.INVALID)
                .hasMessage("ttl is too large. requested (630720001) maximum (630720000)");
        refused("UPDATE t USING TTL 630720001 SET v = 'a' WHERE k = 1 AND c = 1", ErrorCode.INVALID)
                .hasMessage("ttl is too large. requested (630720001) maximum (630720000)");
        refused("INSERT INTO t (k, c, v) VALUES (1, 1, 'a') USING TTL -1", ErrorCode.INVALID)
                .hasMessage("A TTL must be greater or equal to 0, but was -1");
        assertNothingWritten();
        refused("CREATE TABLE t2 (k int PRIMARY KEY) WITH default_time_to_live = 630720001", ErrorCode.CONFIG_ERROR)
                .hasMessage("default_time_to_live must be less than or equal to 630720000 (got 630720001)");
        refused("CREATE TABLE t2 (k int PRIMARY KEY) WITH default_time_to_live = -1", ErrorCode.CONFIG_ERROR)
                .hasMessage("default_time_to_live must be greater than or equal to 0 (got -1)");
        refused("ALTER TABLE t WITH default_time_to_live = 630720001", ErrorCode.CONFIG_ERROR)
                .hasMessage("default_time_to_live must be less than or equal to 630720000 (got 630720001)");
        refused("ALTER TABLE t WITH default_time_to_live = -2", ErrorCode.CONFIG_ERROR)
                .hasMessage("default_time_to_live must be greater than or equal to 0 (got -2)");
        node.execute("CREATE TABLE t2 (k int PRIMARY KEY) WITH default_time_to_live = 630720000");
    }

    @Test
    void aColumnSetTwiceInOneUpdateIsRefusedUnlessBothOperationsCombine() {
        refused("UPDATE t SET v = 'a', v = 'b' WHERE k = 1 AND c = 1", ErrorCode.SYNTAX_ERROR)
                .hasMessage("Multiple incompatible setting of column v");
        refused("UPDATE t SET l = l + [1], l = [2] WHERE k = 1 AND c = 1", ErrorCode.SYNTAX_ERROR)
                .hasMessage("Multiple incompatible setting of column l");
        refused("UPDATE t SET m['a'] = 1, m = {'b': 2} WHERE k = 1 AND c = 1", ErrorCode.SYNTAX_ERROR)
                .hasMessage("Multiple incompatible setting of column m");
        refused("UPDATE t SET n = 1, n = n + 1 WHERE k = 1 AND c = 1", ErrorCode.SYNTAX_ERROR)
                .hasMessage("Multiple incompatible setting of column n");
        assertNothingWritten();
        node.execute("UPDATE t SET l = l + [1], l = l + [2], m['a'] = 1, m['b'] = 2 WHERE k = 1 AND c = 1");
        assertThat(node.rows("SELECT l, m FROM t")).containsExactly(List.of("[1, 2]", "{'a': 1, 'b': 2}"));
    }

    @Test
    void aColumnNamedTwiceInOneInsertIsRefused() {
        refused("INSERT INTO t (k, c, v, v) VALUES (1, 1, 'a', 'b')", ErrorCode.INVALID)
                .hasMessage("The column names contains duplicates");
        refused("INSERT INTO t (k, c, c, v) VALUES (1, 1, 2, 'a')", ErrorCode.INVALID)
                .hasMessage("The column names contains duplicates");
        assertNothingWritten();
    }
}
