package io.cairn.cql.type;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Date literals: the range a date holds, and Cassandra's messages for what lies outside it. */
class DateLiteralTest {

    private static String roundTrip(String literal) {
        return NativeType.DATE.toCqlLiteral(NativeType.DATE.fromString(literal));
    }

    @Test
    void theFirstAndLastDaysOfTheRangeAreAccepted() {
        assertThat(roundTrip("-5877641-06-23")).isEqualTo("'-5877641-06-23'");
        assertThat(roundTrip("+5881580-07-11")).isEqualTo("'+5881580-07-11'");
        assertThat(roundTrip("0")).isEqualTo("'-5877641-06-23'");
        assertThat(roundTrip("4294967295")).isEqualTo("'+5881580-07-11'");
        assertThat(roundTrip("2147483648")).isEqualTo("'1970-01-01'");
    }

    @Test
    void datesOutsideTheRangeAreRefusedInsteadOfWrappingAround() {
        assertThatThrownBy(() -> NativeType.DATE.fromString("-5877641-06-22"))
                .isInstanceOf(CqlException.class)
                .hasMessage("Input date -5877641-06-22 is less than min supported date -5877641-06-23T00:00Z");
        assertThatThrownBy(() -> NativeType.DATE.fromString("+5881580-07-12"))
                .hasMessage("Input date +5881580-07-12 is greater than max supported date +5881580-07-11T00:00Z");
    }

    @Test
    void dayNumbersOutsideAnUnsignedIntAreRefused() {
        assertThatThrownBy(() -> NativeType.DATE.fromString("4294967296"))
                .hasMessage("Unable to make unsigned int (for date) from: '4294967296'");
        assertThatThrownBy(() -> NativeType.DATE.fromString("-1"))
                .hasMessage("Unable to make unsigned int (for date) from: '-1'");
        assertThatThrownBy(() -> NativeType.DATE.fromString("99999999999999999999"))
                .hasMessage("Unable to make unsigned int (for date) from: '99999999999999999999'");
        assertThatThrownBy(() -> NativeType.DATE.fromString("2020-13-01"))
                .hasMessage("Unable to coerce '2020-13-01' to a formatted date (long)");
    }

    @Test
    void jsonDatesAreStringsInRange() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThatThrownBy(() -> NativeType.DATE.fromJson(json.readTree("\"-5877641-06-22\"")))
                .hasMessage("Input date -5877641-06-22 is less than min supported date -5877641-06-23T00:00Z");
        assertThatThrownBy(() -> NativeType.DATE.fromJson(json.readTree("5")))
                .hasMessage("Expected a string representation of a date value, but got a Integer: 5");
        assertThatThrownBy(() -> NativeType.DATE.fromJson(json.readTree("4294967296")))
                .hasMessage("Expected a string representation of a date value, but got a Long: 4294967296");
        assertThat(NativeType.DATE.toCqlLiteral(NativeType.DATE.fromJson(json.readTree("\"2020-02-29\""))))
                .isEqualTo("'2020-02-29'");
    }
}
