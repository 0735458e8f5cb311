package io.cairn.cql.type;

/**
 * A {@code duration} value: months, days and nanoseconds, each signed, all of one sign
 * (native_protocol_v5 §6.24: three vints).
 */
public record CqlDuration(int months, int days, long nanoseconds) {
}
