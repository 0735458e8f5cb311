package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CAST and the conversion functions take what Cassandra 5.0 takes: a value its parameter can
 * read as its own type (an int as a date, a bigint as a timestamp, anything as a blob), and
 * name their result columns as it does. Expected values were measured on Cassandra 5.0.9.
 */
class CastAndConversionTest {

    /** The int 1000 read as a date's raw day number, at midnight, in milliseconds. */
    private static final String INT_1000_AS_DATE_MILLIS = "-185542500787200000";

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = new NodeFixture();
        node.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        node.execute("USE ks");
        node.execute("CREATE TABLE t (k int PRIMARY KEY, i int, b bigint, ts timestamp, d date, s text, a ascii, "
                + "u uuid, tu timeuuid)");
        node.execute("INSERT INTO t (k, i, b, ts, d, s, a, u, tu) VALUES (1, 1000, 2000, '2020-01-02 03:04:05.678', "
                + "'2020-01-02', 'hello', 'abc', 50554d6e-29bb-41e5-b345-feff819cdc9f, "
                + "50554d6e-29bb-11e5-b345-feff819cdc9f)");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private List<String> row(String selection) {
        return node.rows("SELECT " + selection + " FROM t WHERE k = 1").get(0);
    }

    private List<String> columnNames(String selection) {
        QueryResult.Rows rows = (QueryResult.Rows) node.execute("SELECT " + selection + " FROM t WHERE k = 1");
        return rows.columns().stream().map(ResultColumn::name).toList();
    }

    private void refused(String selection, String message) {
        assertThatThrownBy(() -> node.execute("SELECT " + selection + " FROM t WHERE k = 1")).as(selection)
                .isInstanceOf(CqlException.class).hasMessage(message);
    }

    @Test
    void anIntCastsToATimestampAsTheDateItsBytesAreAndABigintToADateAsATimestamp() {
        assertThat(row("CAST(CAST(i AS timestamp) AS bigint), CAST(b AS date)"))
                .containsExactly(INT_1000_AS_DATE_MILLIS, "'1970-01-01'");
        assertThat(row("CAST(ts AS varint), CAST(ts AS bigint)")).containsExactly("1577934245678", "1577934245678");
        refused("CAST(b AS timestamp)", "Invalid call to function system.cast_as_timestamp, none of its type "
                + "signatures match (known type signatures: system.cast_as_timestamp : (date) -> timestamp, "
                + "system.cast_as_timestamp : (timeuuid) -> timestamp)");
        refused("CAST(ts AS int)", "Ambiguous call to function system.cast_as_int (can be matched by following "
                + "signatures: system.cast_as_int : (varint) -> int, system.cast_as_int : (bigint) -> int): use type "
                + "casts to disambiguate");
    }

    @Test
    void castsToTypesWithoutCastFunctionsNameTheValueAndTheTypeAsWritten() {
        refused("CAST(i AS varchar)", "i cannot be cast to varchar");
        refused("CAST(tu AS uuid)", "tu cannot be cast to uuid");
        refused("CAST(i AS time)", "i cannot be cast to time");
        assertThatThrownBy(() -> node.execute("SELECT CAST(s AS ascii) FROM t"))
                .hasMessageStartingWith("Invalid call to function system.cast_as_ascii, none of its type signatures");
    }

    @Test
    void aCastToTheValuesOwnTypeIsNoCastAndKeepsTheColumnsName() {
        assertThat(columnNames("CAST(i AS int), CAST(s AS varchar), CAST(a AS ascii), CAST(i AS text), "
                + "CAST(a AS text), CAST(CAST(i AS bigint) AS int)"))
                .containsExactly("i", "s", "a", "cast(i as text)", "cast(a as text)", "cast(cast(i as bigint) as int)");
        assertThat(row("CAST(i AS int), CAST(a AS text)")).containsExactly("1000", "'abc'");
    }

    @Test
    void blobAsAnyTypeReadsTheBytesOfAnyValueAndRefusesBytesThatAreNoSuchValue() {
        assertThat(row("blobAsInt(i), blobAsBigint(ts), blobAsText(s)"))
                .containsExactly("1000", "1577934245678", "'hello'");
        assertThat(columnNames("blobAsInt(i)")).containsExactly("system.blobasint(i)");
        refused("blobAsInt(b)", "In call to function system.blobasint, value 0x00000000000007d0 is not a valid "
                + "binary representation for type int");
        refused("blobAsBigint(i)", "In call to function system.blobasbigint, value 0x000003e8 is not a valid "
                + "binary representation for type bigint");
    }

    @Test
    void typeAsBlobTakesOnlyValuesItsTypeCanRead() {
        assertThat(row("intAsBlob(i), textAsBlob(a), bigintAsBlob(ts), timestampAsBlob(b), dateAsBlob(i), "
                + "uuidAsBlob(tu)")).containsExactly("0x000003e8", "0x616263", "0x0000016f6435cf2e",
                "0x00000000000007d0", "0x000003e8", "0x50554d6e29bb11e5b345feff819cdc9f");
        refused("intAsBlob(b)", "Type error: b cannot be passed as argument 0 of function system.intasblob of type int");
        refused("textAsBlob(i)", "Type error: i cannot be passed as argument 0 of function system.textasblob of type "
                + "text");
        refused("timeuuidAsBlob(u)", "Type error: u cannot be passed as argument 0 of function system.timeuuidasblob "
                + "of type timeuuid");
        refused("intAsBlob(i, i)", "Invalid number of arguments in call to function system.intasblob: 1 required but "
                + "2 provided");
        refused("blobAsBlob(i)", "Unknown function 'blobasblob'");
        assertThat(row("varcharAsBlob(s), blobAsVarchar(textAsBlob(s))")).containsExactly("0x68656c6c6f", "'hello'");
        refused("blobAsVarchar(i)", "In call to function system.blobasvarchar, value 0x000003e8 is not a valid "
                + "binary representation for type varchar");
    }

    @Test
    void timeFunctionsTakeABigintAsATimestampAndAnIntAsADate() {
        assertThat(row("toUnixTimestamp(b), toUnixTimestamp(i), toUnixTimestamp(toTimestamp(i)), toDate(b), "
                + "minTimeuuid(b)")).containsExactly("2000", INT_1000_AS_DATE_MILLIS, INT_1000_AS_DATE_MILLIS,
                "'1970-01-01'", "14b26d00-1dd2-11b2-8080-808080808080");
        refused("toDate(i)", "Invalid call to function todate, none of its type signatures match (known type "
                + "signatures: system.todate : (timestamp) -> date, system.todate : (timeuuid) -> date)");
        refused("minTimeuuid(d)", "Type error: d cannot be passed as argument 0 of function system.mintimeuuid of "
                + "type timestamp");
        refused("dateOf(tu)", "Unknown function 'dateof'");
    }

    @Test
    void constantsGivenToFunctionsInTheSelectionTakeTheTypeOfTheOverloadTheyFit() {
        assertThat(row("toTimestamp('2020-01-02'), toDate('2020-01-02'), intAsBlob(5), textAsBlob('é'), "
                + "bigintAsBlob(5), toUnixTimestamp(toDate('2024-02-29')), toDate(5)")).containsExactly(
                "'2020-01-02 00:00:00.000+0000'", "'2020-01-02'", "0x00000005", "0xc3a9", "0x0000000000000005",
                "1709164800000", "'1970-01-01'");
        assertThat(columnNames("toTimestamp('2020-01-02'), textAsBlob('it''s'), blobAsInt(0x00000005)"))
                .containsExactly("system.totimestamp('2020-01-02')", "system.textasblob('it's')",
                        "system.blobasint(0x00000005)");
        refused("blobAsText(5)", "Type error: 5 cannot be passed as argument 0 of function system.blobastext of type "
                + "blob");
        refused("intAsBlob('a')", "Type error: 'a' cannot be passed as argument 0 of function system.intasblob of "
                + "type int");
        refused("toDate(null)", "Ambiguous call to function todate (can be matched by following signatures: "
                + "system.todate : (timestamp) -> date, system.todate : (timeuuid) -> date): use type casts to "
                + "disambiguate");
        refused("blobAsInt(0x01)", "In call to function system.blobasint, value 0x01 is not a valid binary "
                + "representation for type int");
    }

    @Test
    void aConstantInTheSelectionNeedsATypeHintAndCountOfAConstantCountsRows() {
        assertThat(columnNames("(int) 42, (text) 'constant', count(1)"))
                .containsExactly("(int)42", "(text)'constant'", "count");
        assertThat(row("(int) 42, (text) 'constant', count(1)")).containsExactly("42", "'constant'", "1");
        refused("'constant', 42", "Cannot infer type for term 'constant' in selection clause (try using a cast to "
                + "force a type)");
    }

    @Test
    void aStringConstantPicksTheOneOverloadThatTakesStringsInWrittenValuesToo() {
        node.execute("INSERT INTO t (k, ts, d) VALUES (2, toTimestamp('2020-01-02'), toDate('2020-01-03 04:05'))");
        assertThat(node.rows("SELECT ts, d FROM t WHERE k = 2"))
                .containsExactly(List.of("'2020-01-02 00:00:00.000+0000'", "'2020-01-03'"));
    }
}
