package io.cairn.node.query;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.cql.type.NativeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conditional statements and batches over one node's LocalDataCoordinator: which conditions
 * hold, what is written, and the [applied] rows Cassandra answers with.
 */
class LightweightTransactionTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE a (k int PRIMARY KEY, v int, t text, l list<int>, m map<text, int>, "
                + "s set<int>, fl frozen<list<int>>)");
        node.execute("CREATE TYPE address (street text, zip int)");
        node.execute("CREATE TABLE p (k int PRIMARY KEY, a address, fa frozen<address>)");
        node.execute("CREATE TABLE e (k int, c int, v int, s int static, PRIMARY KEY (k, c))");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private QueryResult.Rows run(String cql) {
        return (QueryResult.Rows) node.execute(cql);
    }

    private static List<String> names(QueryResult.Rows rows) {
        return rows.columns().stream().map(ResultColumn::name).toList();
    }

    private boolean applied(String cql) {
        QueryResult.Rows rows = run(cql);
        assertThat(rows.columns().get(0).name()).isEqualTo("[applied]");
        assertThat(rows.columns().get(0).type()).isEqualTo(NativeType.BOOLEAN);
        return (Boolean) NativeType.BOOLEAN.compose(rows.rows().get(0).get(0));
    }

    private void refused(String cql, ErrorCode code, String message) {
        assertThatThrownBy(() -> node.execute(cql)).isInstanceOf(CqlException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(code));
    }

    @Test
    void insertIfNotExistsWritesOnceAndOtherwiseAnswersTheWholeRow() {
        QueryResult.Rows first = run("INSERT INTO a (k, v, t) VALUES (1, 10, 'x') IF NOT EXISTS");
        assertThat(names(first)).containsExactly("[applied]");
        assertThat(first.columns().get(0).keyspace()).isEqualTo("ks");
        assertThat(first.columns().get(0).table()).isEqualTo("a");
        assertThat(NodeFixture.render(first)).containsExactly(List.of("true"));

        QueryResult.Rows second = run("INSERT INTO a (k, v, t) VALUES (1, 20, 'y') IF NOT EXISTS");
        assertThat(names(second)).containsExactly("[applied]", "k", "fl", "l", "m", "s", "t", "v");
        assertThat(NodeFixture.render(second)).containsExactly(
                List.of("false", "1", "null", "null", "null", "null", "'x'", "10"));
        assertThat(node.rows("SELECT v, t FROM a WHERE k = 1")).containsExactly(List.of("10", "'x'"));

        assertThat(applied("INSERT INTO a JSON '{\"k\": 2, \"v\": 5}' IF NOT EXISTS")).isTrue();
        assertThat(applied("INSERT INTO a JSON '{\"k\": 2, \"v\": 6}' IF NOT EXISTS")).isFalse();
        assertThat(node.rows("SELECT v FROM a WHERE k = 2")).containsExactly(List.of("5"));
    }

    @Test
    void ifExistsOnAMissingRowAnswersOnlyAppliedFalseAndWritesNothing() {
        QueryResult.Rows rows = run("UPDATE a SET v = 1 WHERE k = 9 IF EXISTS");
        assertThat(names(rows)).containsExactly("[applied]");
        assertThat(NodeFixture.render(rows)).containsExactly(List.of("false"));
        assertThat(node.rows("SELECT * FROM a WHERE k = 9")).isEmpty();

        node.execute("INSERT INTO a (k, v) VALUES (9, 1)");
        assertThat(applied("UPDATE a SET v = 2 WHERE k = 9 IF EXISTS")).isTrue();
        assertThat(applied("DELETE FROM a WHERE k = 9 IF EXISTS")).isTrue();
        assertThat(node.rows("SELECT * FROM a WHERE k = 9")).isEmpty();
    }

    @Test
    void everyOperatorComparesTheCurrentValueWithTheGivenOne() {
        node.execute("INSERT INTO a (k, v, t) VALUES (1, 5, 'm')");
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v = 5")).isTrue();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v = 4")).isFalse();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v != 4")).isTrue();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v != 5")).isFalse();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v < 6")).isTrue();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v < 5")).isFalse();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v <= 5")).isTrue();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v > 5")).isFalse();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v >= 5")).isTrue();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v IN (1, 5)")).isTrue();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF v IN (1, 2)")).isFalse();
        assertThat(applied("UPDATE a SET t = 'm' WHERE k = 1 IF t > 'a' AND t < 'z'")).isTrue();

        ByteBuffer list = new io.cairn.cql.type.ListType(NativeType.INT, false)
                .pack(List.of(NativeType.INT.decompose(4), NativeType.INT.decompose(5)));
        QueryResult result = node.execute("UPDATE a SET v = 6 WHERE k = 1 IF v IN ?", QueryOptions.of(list));
        assertThat(NodeFixture.render((QueryResult.Rows) result)).containsExactly(List.of("true"));
        assertThat(node.rows("SELECT v FROM a WHERE k = 1")).containsExactly(List.of("6"));
    }

    @Test
    void aFailedConditionAnswersTheConditionColumnsInTheOrderOfTheIfClause() {
        node.execute("INSERT INTO a (k, v, t) VALUES (1, 5, 'm')");
        QueryResult.Rows rows = run("UPDATE a SET v = 6 WHERE k = 1 IF t = 'x' AND v = 5 AND t != 'y'");
        assertThat(names(rows)).containsExactly("[applied]", "t", "v");
        assertThat(NodeFixture.render(rows)).containsExactly(List.of("false", "'m'", "5"));
        assertThat(node.rows("SELECT v FROM a WHERE k = 1")).containsExactly(List.of("5"));
    }

    @Test
    void nullEqualsOnlyAMissingValueAndCannotBeOrdered() {
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 3 IF v = null")).isTrue();
        assertThat(applied("UPDATE a SET v = 2 WHERE k = 3 IF t = null AND v != null")).isTrue();
        assertThat(applied("UPDATE a SET v = 3 WHERE k = 3 IF t != 'x'")).isTrue();
        assertThat(applied("UPDATE a SET v = 4 WHERE k = 3 IF t = 'x'")).isFalse();
        refused("UPDATE a SET v = 1 WHERE k = 3 IF v < null", ErrorCode.INVALID,
                "Invalid comparison with null for operator \"<\"");
        QueryResult.Rows missing = run("UPDATE a SET v = 1 WHERE k = 77 IF v = 3");
        assertThat(names(missing)).containsExactly("[applied]");
    }

    @Test
    void collectionElementsWholeCollectionsAndContainsAreConditions() {
        node.execute("UPDATE a SET l = [1, 2, 3], m = {'a': 1, 'b': 2}, s = {5, 6}, fl = [7] WHERE k = 4");
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF l[1] = 2")).isTrue();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF l[1] = 3")).isFalse();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF l[7] = null")).isTrue();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF m['a'] = 1 AND m['z'] = null")).isTrue();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF m['b'] > 2")).isFalse();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF l = [1, 2, 3] AND s = {5, 6}")).isTrue();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF l > [1, 2] AND l < [1, 3]")).isTrue();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF fl = [7] AND fl[0] = 7")).isTrue();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF l CONTAINS 3 AND m CONTAINS KEY 'b'")).isTrue();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 4 IF m CONTAINS 9")).isFalse();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 5 IF l = [] AND l = null")).isTrue();
        assertThat(applied("UPDATE a SET v = 1 WHERE k = 5 IF l < [1]")).isFalse();

        QueryResult.Rows failed = run("UPDATE a SET v = 2 WHERE k = 4 IF m['a'] = 5");
        assertThat(names(failed)).containsExactly("[applied]", "m");
        assertThat(NodeFixture.render(failed)).containsExactly(List.of("false", "{'a': 1, 'b': 2}"));

        assertThat(applied("UPDATE a SET l[0] = 9 WHERE k = 4 IF v = 1")).isTrue();
        assertThat(node.rows("SELECT l FROM a WHERE k = 4")).containsExactly(List.of("[9, 2, 3]"));

        refused("UPDATE a SET v = 1 WHERE k = 4 IF s[1] = 1", ErrorCode.INVALID,
                "Invalid element access syntax for set column s");
        refused("UPDATE a SET v = 1 WHERE k = 4 IF v[1] = 1", ErrorCode.INVALID,
                "Invalid element access syntax for non-collection column v");
        refused("UPDATE a SET v = 1 WHERE k = 4 IF v CONTAINS 1", ErrorCode.INVALID,
                "Cannot use CONTAINS on non-collection column v");
    }

    @Test
    void udtFieldsOfFrozenAndNonFrozenValuesAreConditions() {
        node.execute("INSERT INTO p (k, a, fa) VALUES (1, {street: 'Main', zip: 100}, {street: 'Elm', zip: 200})");
        assertThat(applied("UPDATE p SET a.zip = 101 WHERE k = 1 IF a.zip = 100")).isTrue();
        assertThat(applied("UPDATE p SET a.zip = 102 WHERE k = 1 IF a.zip = 100")).isFalse();
        assertThat(applied("UPDATE p SET a.street = 'High' WHERE k = 1 IF fa.street = 'Elm' AND a.zip > 100"))
                .isTrue();
        assertThat(node.rows("SELECT a FROM p WHERE k = 1")).containsExactly(List.of("{street: 'High', zip: 101}"));
        refused("UPDATE p SET a.zip = 1 WHERE k = 1 IF a.nope = 1", ErrorCode.INVALID,
                "Unknown field nope for column a");
    }

    @Test
    void staticConditionsAreAboutThePartitionAndAnswerTheStaticValue() {
        assertThat(applied("INSERT INTO e (k, s) VALUES (1, 1) IF NOT EXISTS")).isTrue();
        assertThat(applied("INSERT INTO e (k, s) VALUES (1, 2) IF NOT EXISTS")).isFalse();
        assertThat(applied("INSERT INTO e (k, c, v) VALUES (1, 1, 10) IF NOT EXISTS")).isTrue();
        // A statement that neither writes nor tests the static row does not read it: Cassandra answers null.
        assertThat(NodeFixture.render(run("INSERT INTO e (k, c, v) VALUES (1, 1, 11) IF NOT EXISTS")))
                .containsExactly(List.of("false", "1", "1", "null", "10"));
        assertThat(applied("UPDATE e SET s = 3 WHERE k = 1 IF s = 1")).isTrue();

        QueryResult.Rows failed = run("UPDATE e SET s = 4 WHERE k = 1 IF s = 1");
        assertThat(names(failed)).containsExactly("[applied]", "s");
        assertThat(NodeFixture.render(failed)).containsExactly(List.of("false", "3"));

        assertThat(applied("UPDATE e SET v = 12 WHERE k = 1 AND c = 1 IF s = 3 AND v = 10")).isTrue();
        assertThat(applied("UPDATE e SET s = 5 WHERE k = 2 IF s = null")).isTrue();
        assertThat(node.rows("SELECT k, c, v, s FROM e")).containsExactly(List.of("1", "1", "12", "3"),
                List.of("2", "null", "null", "5"));
        refused("DELETE FROM e WHERE k = 1 IF v = 1", ErrorCode.INVALID, "DELETE statements must restrict all "
                + "PRIMARY KEY columns with equality relations in order to delete non static columns");
        refused("DELETE s FROM e WHERE k = 1 IF v = 1", ErrorCode.INVALID, "DELETE statements must restrict all "
                + "PRIMARY KEY columns with equality relations in order to use IF condition on non static columns");
    }

    @Test
    void aConditionalBatchAppliesAllOrNothingAndAnswersEachConditionRowWithItsKey() {
        assertThat(applied("BEGIN BATCH INSERT INTO e (k, c, v) VALUES (3, 1, 1) IF NOT EXISTS; "
                + "INSERT INTO e (k, c, v) VALUES (3, 2, 2) IF NOT EXISTS; UPDATE e SET s = 9 WHERE k = 3; "
                + "APPLY BATCH")).isTrue();
        assertThat(node.rows("SELECT c, v, s FROM e WHERE k = 3")).containsExactly(List.of("1", "1", "9"),
                List.of("2", "2", "9"));

        QueryResult.Rows failed = run("BEGIN BATCH UPDATE e SET v = 10 WHERE k = 3 AND c = 1 IF v = 1; "
                + "UPDATE e SET v = 20 WHERE k = 3 AND c = 2 IF v = 3; APPLY BATCH");
        assertThat(names(failed)).containsExactly("[applied]", "k", "c", "v");
        assertThat(NodeFixture.render(failed)).containsExactly(List.of("false", "3", "1", "1"),
                List.of("false", "3", "2", "2"));
        assertThat(node.rows("SELECT c, v FROM e WHERE k = 3")).containsExactly(List.of("1", "1"),
                List.of("2", "2"));

        refused("BEGIN BATCH INSERT INTO e (k, c, v) VALUES (4, 1, 1) IF NOT EXISTS; "
                + "INSERT INTO e (k, c, v) VALUES (5, 1, 1); APPLY BATCH", ErrorCode.INVALID,
                "Batch with conditions cannot span multiple partitions");
        refused("BEGIN BATCH INSERT INTO e (k, c, v) VALUES (4, 1, 1) IF NOT EXISTS; "
                + "INSERT INTO a (k, v) VALUES (4, 1); APPLY BATCH", ErrorCode.INVALID,
                "Batch with conditions cannot span multiple tables");
        refused("BEGIN BATCH USING TIMESTAMP 5 INSERT INTO e (k, c, v) VALUES (4, 1, 1) IF NOT EXISTS; APPLY BATCH",
                ErrorCode.INVALID, "Cannot provide custom timestamp for conditional BATCH");
        refused("BEGIN BATCH INSERT INTO e (k, c, v) VALUES (4, 1, 1) IF NOT EXISTS; "
                + "UPDATE e SET v = 2 WHERE k = 4 AND c = 1 IF v = 1; APPLY BATCH", ErrorCode.INVALID,
                "Cannot mix IF conditions and IF NOT EXISTS for the same row");
        assertThat(node.rows("SELECT * FROM e WHERE k IN (4, 5)")).isEmpty();
    }

    @Test
    void aTransactionWritesEveryCellAtOneTimestamp() {
        assertThat(applied("INSERT INTO a (k, v, t) VALUES (6, 1, 'x') IF NOT EXISTS")).isTrue();
        List<List<String>> times = node.rows("SELECT writetime(v), writetime(t) FROM a WHERE k = 6");
        assertThat(times.get(0).get(0)).isEqualTo(times.get(0).get(1));
        assertThat(applied("UPDATE a SET v = 2 WHERE k = 6 IF v = 1")).isTrue();
        assertThat(Long.parseLong(node.rows("SELECT writetime(v) FROM a WHERE k = 6").get(0).get(0)))
                .isGreaterThan(Long.parseLong(times.get(0).get(0)));
    }

    @Test
    void cassandraRefusalsOfConditionalStatements() {
        refused("INSERT INTO a (k, v) VALUES (1, 1) IF NOT EXISTS USING TIMESTAMP 5", ErrorCode.INVALID,
                "Cannot provide custom timestamp for conditional updates");
        refused("UPDATE a USING TIMESTAMP 5 SET v = 1 WHERE k = 1 IF v = 1", ErrorCode.INVALID,
                "Cannot provide custom timestamp for conditional updates");
        refused("UPDATE a SET v = 1 WHERE k = 1 IF k = 1", ErrorCode.INVALID,
                "PRIMARY KEY column 'k' cannot have IF conditions");
        refused("UPDATE a SET v = 1 WHERE k IN (1, 2) IF v = 1", ErrorCode.INVALID,
                "IN on the partition key is not supported with conditional updates");
        refused("DELETE FROM a WHERE k IN (1, 2) IF EXISTS", ErrorCode.INVALID,
                "IN on the partition key is not supported with conditional deletions");
        refused("UPDATE e SET v = 1 WHERE k = 1 AND c IN (1, 2) IF v = 1", ErrorCode.INVALID,
                "IN on the clustering key columns is not supported with conditional updates");
        assertThatThrownBy(() -> node.execute("UPDATE a SET v = 1 WHERE k = 1 IF NOT EXISTS"))
                .isInstanceOf(CqlException.class)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(ErrorCode.SYNTAX_ERROR));
        assertThat(node.rows("SELECT * FROM a")).isEmpty();
    }

    @Test
    void theSerialLevelMustBeSerialAndTheCommitLevelMustNot() {
        QueryOptions serialCommit = QueryOptions.DEFAULT.withConsistency(ConsistencyLevel.SERIAL);
        assertThatThrownBy(() -> node.execute("INSERT INTO a (k) VALUES (1) IF NOT EXISTS", serialCommit))
                .hasMessageStartingWith("SERIAL is not supported as conditional update commit consistency");
        QueryOptions oneSerial = QueryOptions.DEFAULT.withSerialConsistency(ConsistencyLevel.ONE);
        assertThatThrownBy(() -> node.execute("INSERT INTO a (k) VALUES (1) IF NOT EXISTS", oneSerial))
                .hasMessage("Invalid consistency for conditional update. Must be one of SERIAL or LOCAL_SERIAL");
        QueryOptions localSerial = QueryOptions.DEFAULT.withSerialConsistency(ConsistencyLevel.LOCAL_SERIAL);
        QueryResult result = node.execute("INSERT INTO a (k) VALUES (1) IF NOT EXISTS", localSerial);
        assertThat(NodeFixture.render((QueryResult.Rows) result)).containsExactly(List.of("true"));
    }

    @Test
    void aSerialReadReadsOnePartitionAndRefusesSeveral() {
        node.execute("INSERT INTO e (k, c, v) VALUES (1, 1, 1)");
        QueryOptions serial = QueryOptions.DEFAULT.withConsistency(ConsistencyLevel.SERIAL);
        QueryResult rows = node.execute("SELECT c, v FROM e WHERE k = 1", serial);
        assertThat(NodeFixture.render((QueryResult.Rows) rows)).containsExactly(List.of("1", "1"));
        assertThatThrownBy(() -> node.execute("SELECT * FROM e WHERE k IN (1, 2)", serial))
                .hasMessage("SERIAL/LOCAL_SERIAL consistency may only be requested for one partition at a time");
        // Cassandra 5.0 scans a range at SERIAL as a read of that level.
        QueryResult scanned = node.execute("SELECT c FROM e", serial);
        assertThat(NodeFixture.render((QueryResult.Rows) scanned)).containsExactly(List.of("1"));
        assertThatThrownBy(() -> node.execute("INSERT INTO e (k, c) VALUES (1, 2)", serial))
                .hasMessage("You must use conditional updates for serializable writes");
    }

    @Test
    void aPreparedConditionalStatementHasNoResultColumnsUntilItRuns() {
        PreparedStatement prepared = node.processor.prepare("UPDATE a SET v = ? WHERE k = ? IF v = ?",
                node.session(), null);
        assertThat(prepared.resultColumns()).isEmpty();
        QueryResult result = Await.result(node.processor.execute(prepared.id(), QueryOptions.of(
                NativeType.INT.decompose(1), NativeType.INT.decompose(1), NativeType.INT.decompose(9)),
                node.session()));
        assertThat(names((QueryResult.Rows) result)).containsExactly("[applied]");
    }
}
