package io.cairn.cql.type;

import io.cairn.cql.error.CqlException;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The text forms of {@code time} and {@code date} values, accepted and refused exactly as
 * Cassandra accepts and refuses them (with its messages), so that a literal that one refuses
 * the other refuses too.
 */
final class TemporalLiterals {

    private static final Pattern RAW_NUMBER = Pattern.compile("-?\\d+");
    private static final long NANOS_PER_DAY = TimeUnit.DAYS.toNanos(1);
    private static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ISO_LOCAL_DATE.withResolverStyle(ResolverStyle.STRICT);
    /** Day 0 of the date type's unsigned encoding is this many days before the epoch. */
    private static final long EPOCH_DAY_OFFSET = 1L << 31;
    private static final long MAX_RAW_DAYS = (1L << 32) - 1;
    private static final String TIME_FORMAT_ERROR = "Timestamp format must be hh:mm:ss[.fffffffff]";

    private TemporalLiterals() {
    }

    /**
     * Nanoseconds since midnight from {@code hh:mm:ss[.fffffffff]} (hours 0-23, at most nine
     * fraction digits, surrounding spaces ignored) or a raw count of nanoseconds below one day.
     */
    static long timeNanos(String text) {
        if (RAW_NUMBER.matcher(text).matches()) {
            long nanos;
            try {
                nanos = Long.parseLong(text);
            } catch (NumberFormatException e) {
                nanos = -1;
            }
            if (nanos < 0 || nanos >= NANOS_PER_DAY) {
                throw CqlException.invalid("Unable to make long (for time) from: '" + text + "'");
            }
            return nanos;
        }
        try {
            return clockTimeNanos(text.trim());
        } catch (IllegalArgumentException e) {
            throw CqlException.invalid("(TimeType) Unable to coerce '" + text + "' to a formatted time (long)");
        }
    }

    private static long clockTimeNanos(String text) {
        int firstColon = text.indexOf(':');
        int secondColon = text.indexOf(':', firstColon + 1);
        if (firstColon <= 0 || secondColon <= 0 || secondColon >= text.length() - 1) {
            throw new IllegalArgumentException(TIME_FORMAT_ERROR);
        }
        long hours = field(text.substring(0, firstColon), 24);
        long minutes = field(text.substring(firstColon + 1, secondColon), 60);
        int period = text.indexOf('.', secondColon + 1);
        long seconds;
        long fractionNanos = 0;
        if (period < 0) {
            seconds = field(text.substring(secondColon + 1), 60);
        } else if (period < text.length() - 1) {
            seconds = field(text.substring(secondColon + 1, period), 60);
            String fraction = text.substring(period + 1);
            if (fraction.length() > 9 || !Character.isDigit(fraction.charAt(0))) {
                throw new IllegalArgumentException(TIME_FORMAT_ERROR);
            }
            fractionNanos = Integer.parseInt(fraction + "0".repeat(9 - fraction.length()));
        } else {
            throw new IllegalArgumentException(TIME_FORMAT_ERROR);
        }
        return TimeUnit.HOURS.toNanos(hours) + TimeUnit.MINUTES.toNanos(minutes) + TimeUnit.SECONDS.toNanos(seconds)
                + fractionNanos;
    }

    /** A clock field in {@code [0, bound)}; a sign or a non-digit is a NumberFormatException, an IAE. */
    private static long field(String digits, int bound) {
        int value = Integer.parseInt(digits);
        if (value < 0 || value >= bound) {
            throw new IllegalArgumentException("Time field out of bounds: " + digits);
        }
        return value;
    }

    /**
     * The date type's unsigned day number from {@code yyyy-mm-dd} (a real calendar day; years
     * beyond four digits need a sign) or a raw day number in {@code [0, 2^32)} with the epoch
     * at 2^31. Returned as the int whose bits the type stores.
     */
    static int dateDays(String text) {
        if (RAW_NUMBER.matcher(text).matches()) {
            long days;
            try {
                days = Long.parseLong(text);
            } catch (NumberFormatException e) {
                days = -1;
            }
            if (days < 0 || days > MAX_RAW_DAYS) {
                throw CqlException.invalid("Unable to make unsigned int (for date) from: '" + text + "'");
            }
            return (int) days;
        }
        LocalDate date;
        try {
            date = DATE_FORMAT.parse(text, LocalDate::from);
        } catch (DateTimeParseException e) {
            throw CqlException.invalid("Unable to coerce '" + text + "' to a formatted date (long)");
        }
        long epochDay = date.toEpochDay();
        if (epochDay < Integer.MIN_VALUE) {
            throw CqlException.invalid("Input date " + text + " is less than min supported date "
                    + LocalDate.ofEpochDay(Integer.MIN_VALUE).atStartOfDay(ZoneOffset.UTC));
        }
        if (epochDay > Integer.MAX_VALUE) {
            throw CqlException.invalid("Input date " + text + " is greater than max supported date "
                    + LocalDate.ofEpochDay(Integer.MAX_VALUE).atStartOfDay(ZoneOffset.UTC));
        }
        return (int) (epochDay + EPOCH_DAY_OFFSET);
    }
}
