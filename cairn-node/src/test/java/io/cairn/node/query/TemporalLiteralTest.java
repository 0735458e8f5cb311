package io.cairn.node.query;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** time, date, timestamp and duration literals: accepted and refused as Cassandra 5.0 does, with its messages. */
class TemporalLiteralTest {

    private NodeFixture node;

    @BeforeEach
    void start() {
        node = NodeFixture.withKeyspace("ks");
        node.execute("CREATE TABLE tm (k int PRIMARY KEY, t time, d date, ts timestamp, du duration)");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private String stored(String column, String literal) {
        node.execute("INSERT INTO tm (k, " + column + ") VALUES (1, " + literal + ")");
        return node.rows("SELECT " + column + " FROM tm WHERE k = 1").get(0).get(0);
    }

    private void refused(String column, String literal, String message) {
        assertThatThrownBy(() -> node.execute("INSERT INTO tm (k, " + column + ") VALUES (1, " + literal + ")"))
                .as(literal).isInstanceOf(CqlException.class).hasMessage(message)
                .satisfies(e -> assertThat(((CqlException) e).code()).isEqualTo(ErrorCode.INVALID));
    }

    @Test
    void timeTakesClockTextWithUpToNineFractionDigitsOrNanosecondsBelowOneDay() {
        assertThat(stored("t", "'23:59:59.999999999'")).isEqualTo("'23:59:59.999999999'");
        assertThat(stored("t", "'1:2:3'")).isEqualTo("'01:02:03.000000000'");
        assertThat(stored("t", "' 12:00:00.5'")).isEqualTo("'12:00:00.500000000'");
        assertThat(stored("t", "'12345'")).isEqualTo("'00:00:00.000012345'");
        assertThat(stored("t", "86399999999999")).isEqualTo("'23:59:59.999999999'");
        for (String text : List.of("24:00:00", "25:00:00", "12:60:00", "12:00:60", "12:00", "12:00:00.",
                "-1:00:00", "23:59:59.9999999999", "abc", "")) {
            refused("t", "'" + text + "'", "(TimeType) Unable to coerce '" + text + "' to a formatted time (long)");
        }
        refused("t", "86400000000000", "Unable to make long (for time) from: '86400000000000'");
        refused("t", "-1", "Unable to make long (for time) from: '-1'");
    }

    @Test
    void dateTakesRealCalendarDaysOrUnsignedDayNumbers() {
        assertThat(stored("d", "'2020-02-29'")).isEqualTo("'2020-02-29'");
        assertThat(stored("d", "'2147483649'")).isEqualTo("'1970-01-02'");
        assertThat(stored("d", "0")).isEqualTo(stored("d", "'-5877641-06-23'"));
        for (String text : List.of("2020-02-30", "2021-02-29", "2020-13-01", "2020-1-1", "+2020-01-01",
                "5881580-07-11", "2020-01-01 00:00:00", "")) {
            refused("d", "'" + text + "'", "Unable to coerce '" + text + "' to a formatted date (long)");
        }
        refused("d", "'-5877641-06-22'",
                "Input date -5877641-06-22 is less than min supported date -5877641-06-23T00:00Z");
        refused("d", "4294967296", "Unable to make unsigned int (for date) from: '4294967296'");
        refused("d", "-1", "Unable to make unsigned int (for date) from: '-1'");
    }

    @Test
    void aTimestampThatIsNoDateTimeIsRefusedWithCassandrasMessage() {
        for (String text : List.of("2020-01-01 25:00:00", "2020-01", "10:00:00", "99999-01-01")) {
            refused("ts", "'" + text + "'", "Unable to parse a date/time from '" + text + "'");
        }
    }

    @Test
    void aDurationIsADurationLiteralNeverAString() {
        assertThat(stored("du", "1h2m")).isEqualTo("1h2m");
        refused("du", "'1h'", "Invalid STRING constant (1h) for \"du\" of type duration");
        refused("du", "'P1Y2M'", "Invalid STRING constant (P1Y2M) for \"du\" of type duration");
        refused("du", "5", "Unable to convert '5' to a duration");
        refused("du", "1h1h", "Invalid duration. The hours are specified multiple times");
        refused("du", "1m1h", "Invalid duration. The minutes should be after hours");
    }

    @Test
    void castsCassandraHasNoConversionForAreRefusedEvenOnAnEmptyTable() {
        for (String cast : List.of("CAST(du AS text)", "CAST(t AS bigint)", "CAST(d AS int)", "CAST(du AS bigint)")) {
            String target = cast.substring(cast.indexOf(" AS ") + 4, cast.length() - 1);
            assertThatThrownBy(() -> node.execute("SELECT " + cast + " FROM tm")).as(cast)
                    .isInstanceOf(CqlException.class).hasMessageStartingWith("Invalid call to function system.cast_as_"
                            + target + ", none of its type signatures match (known type signatures: system.cast_as_");
        }
        assertThatThrownBy(() -> node.execute("SELECT CAST(ts AS time) FROM tm"))
                .isInstanceOf(CqlException.class).hasMessage("ts cannot be cast to time");
        node.execute("INSERT INTO tm (k, d, ts) VALUES (1, '2020-02-29', '2020-02-29 12:34:56.789+0000')");
        assertThat(node.rows("SELECT CAST(ts AS bigint), CAST(ts AS date), CAST(d AS timestamp), CAST(ts AS text) "
                + "FROM tm")).containsExactly(List.of("1582979696789", "'2020-02-29'", "'2020-02-29 00:00:00.000+0000'",
                "'2020-02-29T12:34:56.789Z'"));
    }
}
