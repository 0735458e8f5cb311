package io.cairn.node.schema;

import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.NativeType;

import java.util.Objects;

/**
 * A column that was dropped from its table, as {@code system_schema.dropped_columns} records
 * it. Cells of that column written at or before {@code droppedMicros} are never read again,
 * even when a column of that name is added back.
 *
 * @param kind          {@link ColumnKind#REGULAR} or {@link ColumnKind#STATIC}
 * @param droppedMicros the drop's time in microseconds; the schema stores it in milliseconds, so
 *                      it is the last microsecond of a millisecond, the same on every node and
 *                      after a restart
 */
public record DroppedColumn(String name, CqlType type, ColumnKind kind, long droppedMicros) {

    public DroppedColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
    }

    /** The drop time of a drop at {@code micros}, rounded up to the end of its millisecond. */
    public static long droppedMicros(long micros) {
        return fromMillis(Math.floorDiv(micros, 1000));
    }

    /** The drop time stored as {@code millis} in system_schema. */
    public static long fromMillis(long millis) {
        return millis * 1000 + 999;
    }

    /**
     * Whether a column of type {@code added} may take the place of a dropped one of type
     * {@code dropped}: the same type, or one that reads the old values unchanged (text over
     * ascii, bigint and timestamp over each other), as Cassandra allows.
     */
    public static boolean canReplace(CqlType dropped, CqlType added) {
        if (dropped.equals(added) || dropped.asCql().equals(added.asCql()) && dropped.isMultiCell() == added.isMultiCell()) {
            return true;
        }
        return added == NativeType.TEXT && dropped == NativeType.ASCII
                || added == NativeType.BIGINT && dropped == NativeType.TIMESTAMP
                || added == NativeType.TIMESTAMP && dropped == NativeType.BIGINT;
    }

    public long droppedMillis() {
        return Math.floorDiv(droppedMicros, 1000);
    }

    /** Whether a cell of this column written at {@code timestampMicros} was dropped with it. */
    public boolean hides(long timestampMicros) {
        return timestampMicros <= droppedMicros;
    }

    /** Cassandra's checks on adding back a dropped column: its cells must still read as the new type. */
    static void checkReAdd(DroppedColumn dropped, String name, CqlType type, boolean isStatic) {
        if (dropped == null) {
            return;
        }
        if (!DroppedColumn.canReplace(dropped.type(), type)) {
            throw CqlException.invalid("Cannot add a column '" + name + "' of type " + type.asCql()
                    + ", incompatible with previously dropped column '" + name + "' of type " + dropped.type().asCql());
        }
        if ((dropped.kind() == ColumnKind.STATIC) != isStatic) {
            throw CqlException.invalid("Cannot re-add previously dropped column '" + name + "' of kind "
                    + (isStatic ? "STATIC" : "REGULAR") + ", incompatible with previous kind " + dropped.kind());
        }
    }
}
