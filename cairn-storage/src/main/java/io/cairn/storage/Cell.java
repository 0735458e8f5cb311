package io.cairn.storage;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One stored value of a column, or its deletion.
 *
 * <p>A simple column has one cell ({@code path == null}); a non-frozen collection has one
 * cell per element, {@code path} naming the element (a set element, a map key, a list
 * element's time-based id). The engine treats path and value as opaque bytes.
 *
 * @param column                   the column name
 * @param path                     the element within a collection column, or null
 * @param kind                     live, expiring or tombstone
 * @param timestampMicros          the write timestamp
 * @param ttlSeconds               the TTL an expiring cell was written with, else 0
 * @param localDeletionTimeSeconds for an expiring cell when it expires, for a tombstone when
 *                                 it was issued, for a live cell 0
 * @param value                    the payload; empty for a tombstone
 */
public record Cell(String column, byte[] path, CellKind kind, long timestampMicros, int ttlSeconds,
                   long localDeletionTimeSeconds, byte[] value) {

    private static final byte[] NO_VALUE = new byte[0];

    public Cell {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        switch (kind) {
            case LIVE -> {
                if (ttlSeconds != 0 || localDeletionTimeSeconds != 0) {
                    throw new IllegalArgumentException("A live cell has no TTL or deletion time");
                }
            }
            case EXPIRING -> {
                StoredTime.checkTtl(ttlSeconds);
                StoredTime.checkSeconds(localDeletionTimeSeconds, "expiration time");
            }
            case TOMBSTONE -> {
                StoredTime.checkSeconds(localDeletionTimeSeconds, "local deletion time");
                if (ttlSeconds != 0 || value.length != 0) {
                    throw new IllegalArgumentException("A tombstone has no TTL and no value");
                }
            }
        }
    }

    public static Cell live(String column, byte[] value, long timestampMicros) {
        return new Cell(column, null, CellKind.LIVE, timestampMicros, 0, 0, value);
    }

    public static Cell expiring(String column, byte[] value, long timestampMicros, int ttlSeconds,
                                long expirationSeconds) {
        return new Cell(column, null, CellKind.EXPIRING, timestampMicros, ttlSeconds, expirationSeconds, value);
    }

    public static Cell tombstone(String column, long timestampMicros, long localDeletionTimeSeconds) {
        return new Cell(column, null, CellKind.TOMBSTONE, timestampMicros, 0, localDeletionTimeSeconds, NO_VALUE);
    }

    /** The same cell for the collection element named by {@code elementPath}. */
    public Cell atPath(byte[] elementPath) {
        return new Cell(column, Objects.requireNonNull(elementPath, "path"), kind, timestampMicros, ttlSeconds,
                localDeletionTimeSeconds, value);
    }

    public boolean isTombstone() {
        return kind == CellKind.TOMBSTONE;
    }

    /** Whether the cell holds a value at {@code nowSeconds}: not a tombstone and not expired. */
    public boolean isLive(long nowSeconds) {
        return switch (kind) {
            case LIVE -> true;
            case EXPIRING -> nowSeconds < localDeletionTimeSeconds;
            case TOMBSTONE -> false;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cell other
                && column.equals(other.column)
                && Arrays.equals(path, other.path)
                && kind == other.kind
                && timestampMicros == other.timestampMicros
                && ttlSeconds == other.ttlSeconds
                && localDeletionTimeSeconds == other.localDeletionTimeSeconds
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        int h = column.hashCode();
        h = h * 31 + Arrays.hashCode(path);
        h = h * 31 + kind.hashCode();
        h = h * 31 + Long.hashCode(timestampMicros);
        return h * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Cell[" + column + (path == null ? "" : "[0x" + hex.formatHex(path) + "]")
                + " " + kind + " ts=" + timestampMicros
                + (kind == CellKind.LIVE ? "" : " ttl=" + ttlSeconds + " ldt=" + localDeletionTimeSeconds)
                + " value=0x" + hex.formatHex(value) + "]";
    }
}
