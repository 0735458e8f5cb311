package io.cairn.cql.type;

import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Timestamp text forms and the instants Cassandra 5.0.9 stores for them (measured on a UTC node). */
class TimestampLiteralsTest {

    private static final Map<String, Long> CASSANDRA_MILLIS = Map.ofEntries(
            Map.entry("2020-01-02", 1577923200000L),
            Map.entry("2020-01-02 03:04", 1577934240000L),
            Map.entry("2020-01-02T03:04:05", 1577934245000L),
            Map.entry("2020-1-2 3:4:5", 1577934245000L),
            Map.entry("2020-01-02 03:04:05.5", 1577934245500L),
            Map.entry("2020-01-02 03:04:05.1234", 1577934245123L),
            Map.entry("2020-01-02 03:04:05.", 1577934245000L),
            Map.entry("2020-01-02T03:04:05.123Z", 1577934245123L),
            Map.entry("2020-01-02 03:04:05 UTC", 1577934245000L),
            Map.entry("2020-01-02 03:04:05 UT", 1577934245000L),
            Map.entry("2020-01-02 03:04:05 GMT", 1577934245000L),
            Map.entry("2020-01-02 03:04:05 Coordinated Universal Time", 1577934245000L),
            Map.entry("2020-01-02 03:04:05 Z", 1577934245000L),
            Map.entry("2020-01-02 03:04:05Z", 1577934245000L),
            Map.entry("2020-01-02 03:04:05 +0100", 1577930645000L),
            Map.entry("2020-01-02 03:04:05 +01:00", 1577930645000L),
            Map.entry("2020-01-02 03:04:05 +01", 1577930645000L),
            Map.entry("2020-01-02 03:04:05+0100", 1577930645000L),
            Map.entry("2020-01-02 03:04:05+01:00", 1577930645000L),
            Map.entry("2020-01-02 03:04:05+01", 1577930645000L),
            Map.entry("2020-01-02 03:04:05.5+0100", 1577930645500L),
            Map.entry("2020-01-02 03:04:05 -0130", 1577939645000L),
            Map.entry("2020-01-02 03:04:05 GMT+01:00", 1577930645000L),
            Map.entry("2020-01-02 03:04:05 CET", 1577930645000L),
            Map.entry("2020-07-02 03:04:05 CET", 1593651845000L),
            Map.entry("2020-07-02 03:04:05 CEST", 1593651845000L),
            Map.entry("2020-01-02 03:04:05 Europe/Paris", 1577930645000L),
            Map.entry("2020-01-02 03:04:05 PST", 1577963045000L),
            Map.entry("2020-01-02 03:04:05 PDT", 1577963045000L),
            Map.entry("2020-01-02 03:04:05 Pacific Standard Time", 1577963045000L),
            Map.entry("2020-01-02 03:04:05 EST", 1577952245000L),
            Map.entry("2020-01-02Z", 1577923200000L),
            Map.entry("2020-01-02 +0100", 1577919600000L),
            Map.entry("2020-01-02+01:00", 1577919600000L),
            Map.entry("2020-01-02 24:00", 1578009600000L),
            Map.entry("2020-02-30", 1582934400000L),
            Map.entry("1500-01-02", -14831683200000L),
            Map.entry("0000-01-02", -62167132800000L),
            Map.entry("-2020-01-02", -125912188800000L),
            Map.entry("-42", -42L));

    private static long stored(String text) {
        ByteBuffer value = NativeType.TIMESTAMP.fromString(text);
        return value.getLong(value.position());
    }

    @Test
    void everyTextFormCassandraAcceptsGivesTheInstantCassandraStores() {
        CASSANDRA_MILLIS.forEach((text, millis) -> assertThat(stored(text)).as(text).isEqualTo(millis));
    }

    @Test
    void aTimestampWithoutZoneIsInUtcWhateverTheDefaultZone() {
        assertThat(stored("1970-01-01 00:00")).isZero();
        assertThat(stored("1970-01-01")).isZero();
    }

    @Test
    void theEmptyStringIsTheEmptyValue() {
        assertThat(NativeType.TIMESTAMP.fromString("").remaining()).isZero();
    }

    @Test
    void textCassandraRefusesIsRefusedWithItsMessage() {
        for (String text : List.of("2020-01-02 03:04:05 utc", "2020-01-02 03:04:05 gmt", "20-01-02", "12020-01-02",
                " 2020-01-02", "2020-01-02 ", "2020-01-02 03: 04", "2020-01-02 03:04:05 GMT+1:00",
                "2020-01-02 03:04:05 GMT+0100", "2020-01-02 03:04.5", " now", " 123")) {
            assertThatThrownBy(() -> NativeType.TIMESTAMP.fromString(text)).as(text)
                    .isInstanceOf(CqlException.class).hasMessage("Unable to parse a date/time from '" + text + "'");
        }
        assertThatThrownBy(() -> NativeType.TIMESTAMP.fromString("99999999999999999999"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Unable to make long (for date) from: '99999999999999999999'");
    }
}
