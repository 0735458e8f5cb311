package io.cairn.cql.type;

import io.cairn.cql.error.CqlException;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text forms of {@code timestamp} values that Cassandra 5.0 accepts, with the same
 * resulting instant: a raw count of milliseconds, or a date with an optional time of day
 * ({@code T} or a space between them, seconds and up to nine fraction digits optional, the
 * fraction counted to the millisecond) and an optional zone: a name or id after a space
 * ({@code UTC}, {@code CET}, {@code Europe/Paris}), or an ISO offset ({@code Z},
 * {@code +01}, {@code +0100}, {@code +01:00}). A value without a zone is in UTC, whatever
 * the server's default zone. Nothing is trimmed: a leading or trailing space is refused.
 */
final class TimestampLiterals {

    private static final Pattern RAW_MILLIS = Pattern.compile("-?\\d+");
    private static final String[] DATE_TIMES = {"y-M-d'T'H:m[:s]", "y-M-d H:m[:s]"};
    private static final String[] ZONES = {" z", " zzzz", " X", "X", "XXX"};
    /** Tried in order; the first that parses the whole text gives the instant. */
    private static final List<DateTimeFormatter> FORMATS = formats();

    private TimestampLiterals() {
    }

    private static List<DateTimeFormatter> formats() {
        List<DateTimeFormatter> formats = new ArrayList<>();
        for (String dateTime : DATE_TIMES) {
            formats.add(dateTime(dateTime).toFormatter(Locale.US).withZone(ZoneOffset.UTC));
            for (String zone : ZONES) {
                formats.add(dateTime(dateTime).appendPattern(zone).toFormatter(Locale.US));
            }
        }
        for (String zone : ZONES) {
            formats.add(new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd").appendPattern(zone)
                    .parseDefaulting(ChronoField.NANO_OF_DAY, 0).toFormatter(Locale.US));
        }
        formats.add(new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_DATE)
                .parseDefaulting(ChronoField.NANO_OF_DAY, 0).toFormatter(Locale.US).withZone(ZoneOffset.UTC));
        return List.copyOf(formats);
    }

    private static DateTimeFormatterBuilder dateTime(String pattern) {
        return new DateTimeFormatterBuilder().appendPattern(pattern)
                .appendFraction(ChronoField.MILLI_OF_SECOND, 0, 9, true);
    }

    /** Milliseconds since the epoch that {@code text} stands for ({@code 'now'} is the caller's). */
    static long millis(String text) {
        if (RAW_MILLIS.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw CqlException.invalid("Unable to make long (for date) from: '" + text + "'");
            }
        }
        for (DateTimeFormatter format : FORMATS) {
            try {
                return ZonedDateTime.parse(text, format).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // the next form may fit
            } catch (ArithmeticException e) {
                break;
            }
        }
        throw CqlException.invalid("Unable to parse a date/time from '" + text + "'");
    }
}
