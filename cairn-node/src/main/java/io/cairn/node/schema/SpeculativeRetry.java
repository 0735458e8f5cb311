package io.cairn.node.schema;

import io.cairn.cql.error.CqlException;

import java.util.Locale;

/**
 * A table's {@code speculative_retry} option: when a read's replicas have not all answered
 * after this long, the coordinator asks one more replica. {@code NONE} never does,
 * {@code ALWAYS} does at once (Cassandra shows NONE as {@code NEVER}), {@code 99p} (the default) after the table's recent 99th
 * percentile replica latency, {@code 50ms} after a fixed time.
 *
 * @param kind     which of the four forms
 * @param value    the percentile (for {@link Kind#PERCENTILE}) or milliseconds (for {@link Kind#FIXED})
 */
public record SpeculativeRetry(Kind kind, double value) {

    /** The forms of the option. */
    public enum Kind { NONE, ALWAYS, PERCENTILE, FIXED }

    public static final SpeculativeRetry DEFAULT = new SpeculativeRetry(Kind.PERCENTILE, 99);

    /**
     * Parses the option as Cassandra spells it ({@code NONE}, {@code ALWAYS}, {@code 99p},
     * {@code 99PERCENTILE}, {@code 10ms}; case-insensitive).
     *
     * @throws CqlException a configuration error naming the bad value
     */
    public static SpeculativeRetry parse(String text) {
        return parse(text, "speculative_retry");
    }

    /** Parses {@code text} as the value of {@code option} (which takes the same forms). */
    public static SpeculativeRetry parse(String text, String option) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        try {
            if (upper.equals("NONE") || upper.equals("NEVER")) {
                return new SpeculativeRetry(Kind.NONE, 0);
            }
            if (upper.equals("ALWAYS")) {
                return new SpeculativeRetry(Kind.ALWAYS, 0);
            }
            if (upper.endsWith("PERCENTILE") || upper.endsWith("P")) {
                double percentile = Double.parseDouble(upper.substring(0, upper.length()
                        - (upper.endsWith("PERCENTILE") ? "PERCENTILE".length() : 1)));
                if (percentile > 0 && percentile < 100) {
                    return new SpeculativeRetry(Kind.PERCENTILE, percentile);
                }
            } else if (upper.endsWith("MS")) {
                double millis = Double.parseDouble(upper.substring(0, upper.length() - 2));
                if (millis >= 0 && millis <= 3_600_000) {
                    return new SpeculativeRetry(Kind.FIXED, millis);
                }
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw CqlException.configuration("Invalid value '" + text + "' for option '" + option + "' (use NONE, "
                + "ALWAYS, a percentile such as 99p, or a time such as 50ms)");
    }

    /**
     * The option as Cassandra shows it in {@code system_schema.tables}: {@code NEVER},
     * {@code ALWAYS}, {@code 99p} (no trailing zeros), or whole milliseconds such as {@code 50ms}.
     */
    public String asCql() {
        return switch (kind) {
            case NONE -> "NEVER";
            case ALWAYS -> "ALWAYS";
            case PERCENTILE -> java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + "p";
            case FIXED -> (long) value + "ms";
        };
    }
}
