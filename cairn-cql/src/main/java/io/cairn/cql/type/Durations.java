package io.cairn.cql.type;

import io.cairn.cql.error.CqlException;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text forms of a duration: {@code 1y2mo3w4d5h6m7s8ms9us10ns} and ISO 8601 {@code P…}. */
final class Durations {

    private static final Pattern UNIT = Pattern.compile("(\\d+)(y|mo|w|d|h|s|ms|us|µs|ns|m)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO = Pattern.compile(
            "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");
    /** Units of the standard form in the only order Cassandra accepts them, each at most once. */
    private static final List<String> UNIT_ORDER = List.of("y", "mo", "w", "d", "h", "m", "s", "ms", "us", "ns");
    private static final List<String> UNIT_NAMES = List.of("years", "months", "weeks", "days", "hours", "minutes",
            "seconds", "milliseconds", "microseconds", "nanoseconds");
    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Durations() {
    }

    static CqlDuration parse(String text) {
        boolean negative = text.startsWith("-");
        String body = negative ? text.substring(1) : text;
        long months = 0;
        long days = 0;
        long nanos = 0;
        if (body.startsWith("P") || body.startsWith("p")) {
            Matcher iso = ISO.matcher(body.toUpperCase(Locale.ROOT));
            if (!iso.matches() || body.length() == 1) {
                throw CqlException.invalid("Unable to convert '" + text + "' to a duration");
            }
            months = group(iso, 1) * 12 + group(iso, 2);
            days = group(iso, 3) * 7 + group(iso, 4);
            nanos = group(iso, 5) * NANOS_PER_HOUR + group(iso, 6) * NANOS_PER_MINUTE + group(iso, 7) * NANOS_PER_SECOND;
        } else {
            Matcher unit = UNIT.matcher(body);
            int end = 0;
            int previous = -1;
            while (unit.find()) {
                if (unit.start() != end) {
                    throw CqlException.invalid("Unable to convert '" + text + "' to a duration");
                }
                end = unit.end();
                int order = UNIT_ORDER.indexOf(unit.group(2).toLowerCase(Locale.ROOT).replace("µs", "us"));
                if (order == previous) {
                    throw CqlException.invalid("Invalid duration. The " + UNIT_NAMES.get(order)
                            + " are specified multiple times");
                }
                if (order < previous) {
                    throw CqlException.invalid("Invalid duration. The " + UNIT_NAMES.get(previous)
                            + " should be after " + UNIT_NAMES.get(order));
                }
                previous = order;
                long amount = Long.parseLong(unit.group(1));
                switch (unit.group(2).toLowerCase(Locale.ROOT)) {
                    case "y" -> months += amount * 12;
                    case "mo" -> months += amount;
                    case "w" -> days += amount * 7;
                    case "d" -> days += amount;
                    case "h" -> nanos += amount * NANOS_PER_HOUR;
                    case "m" -> nanos += amount * NANOS_PER_MINUTE;
                    case "s" -> nanos += amount * NANOS_PER_SECOND;
                    case "ms" -> nanos += amount * 1_000_000L;
                    case "us", "µs" -> nanos += amount * 1_000L;
                    default -> nanos += amount;
                }
            }
            if (end != body.length() || end == 0) {
                throw CqlException.invalid("Unable to convert '" + text + "' to a duration");
            }
        }
        int sign = negative ? -1 : 1;
        return new CqlDuration(Math.toIntExact(sign * months), Math.toIntExact(sign * days), sign * nanos);
    }

    private static long group(Matcher matcher, int group) {
        String value = matcher.group(group);
        return value == null ? 0 : Long.parseLong(value);
    }

    static String format(CqlDuration duration) {
        StringBuilder text = new StringBuilder();
        boolean negative = duration.months() < 0 || duration.days() < 0 || duration.nanoseconds() < 0;
        if (negative) {
            text.append('-');
        }
        long months = Math.abs((long) duration.months());
        long days = Math.abs((long) duration.days());
        long nanos = Math.abs(duration.nanoseconds());
        append(text, months / 12, "y");
        append(text, months % 12, "mo");
        append(text, days, "d");
        append(text, nanos / NANOS_PER_HOUR, "h");
        nanos %= NANOS_PER_HOUR;
        append(text, nanos / NANOS_PER_MINUTE, "m");
        nanos %= NANOS_PER_MINUTE;
        append(text, nanos / NANOS_PER_SECOND, "s");
        nanos %= NANOS_PER_SECOND;
        append(text, nanos / 1_000_000, "ms");
        nanos %= 1_000_000;
        append(text, nanos / 1_000, "us");
        append(text, nanos % 1_000, "ns");
        return text.length() == (negative ? 1 : 0) ? "0s" : text.toString();
    }

    private static void append(StringBuilder text, long amount, String unit) {
        if (amount != 0) {
            text.append(amount).append(unit);
        }
    }
}
