package io.cairn.storage.engine;

import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Clustering;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.Row;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Decodes the stored entries of one row (marker, row deletion, column deletions, cells, in
 * either key order) into a raw {@link Row} holding exactly what is stored, tombstones and
 * expired cells included. Every key and value is validated; a malformed one raises
 * {@link MalformedEntryException}.
 */
final class RawRowBuilder {

    private final Clustering clustering;
    private final boolean isStatic;
    private Liveness liveness;
    private Deletion deletion;
    private List<ColumnDeletion> columnDeletions = List.of();
    private final List<Cell> cells = new ArrayList<>(4);
    private byte[] lastColumnBytes;
    private String lastColumn;

    RawRowBuilder(Clustering clustering, boolean isStatic) {
        this.clustering = clustering;
        this.isStatic = isStatic;
    }

    /**
     * Adds one entry.
     *
     * @param rowPart offset in {@code key} of the row part (see {@link KeyLayout})
     */
    void add(byte[] key, int rowPart, byte[] value) {
        checkValue(key, value);
        if (rowPart >= key.length) {
            throw new MalformedEntryException("row key ends before its part", key);
        }
        switch (key[rowPart]) {
            case KeyLayout.ROW_DELETION -> {
                requireEnd(key, rowPart + 1);
                if (isStatic) {
                    throw new MalformedEntryException("row deletion in the static row", key);
                }
                deletion = toDeletion(key, value);
            }
            case KeyLayout.ROW_LIVENESS -> {
                requireEnd(key, rowPart + 1);
                if (isStatic) {
                    throw new MalformedEntryException("liveness marker in the static row", key);
                }
                liveness = toLiveness(key, value);
            }
            case KeyLayout.ROW_CELL -> addColumnEntry(key, rowPart + 1, value);
            default -> throw new MalformedEntryException("unknown row part " + key[rowPart], key);
        }
    }

    private void addColumnEntry(byte[] key, int columnOffset, byte[] value) {
        int columnEnd = EscapedBytes.skip(key, columnOffset);
        if (columnEnd < 0) {
            throw new MalformedEntryException("column name is not terminated", key);
        }
        String column = columnName(key, columnOffset, columnEnd);
        if (columnEnd == key.length) {
            cells.add(toCell(key, column, null, value));
        } else if (key[columnEnd] == KeyLayout.COLUMN_DELETION) {
            requireEnd(key, columnEnd + 1);
            if (columnDeletions.isEmpty()) {
                columnDeletions = new ArrayList<>(2);
            }
            columnDeletions.add(new ColumnDeletion(column, toDeletion(key, value)));
        } else if (key[columnEnd] == KeyLayout.ELEMENT) {
            cells.add(toCell(key, column, Arrays.copyOfRange(key, columnEnd + 1, key.length), value));
        } else {
            throw new MalformedEntryException("unknown cell part " + key[columnEnd], key);
        }
    }

    /** Consecutive cells usually share a column: decode its name once. */
    private String columnName(byte[] key, int from, int end) {
        if (lastColumnBytes != null && lastColumnBytes.length == end - from
                && Arrays.equals(lastColumnBytes, 0, lastColumnBytes.length, key, from, end)) {
            return lastColumn;
        }
        lastColumnBytes = Arrays.copyOfRange(key, from, end);
        lastColumn = new String(EscapedBytes.read(key, from, end), StandardCharsets.UTF_8);
        return lastColumn;
    }

    /** The row; {@code reversed} when entries were added in descending key order. */
    Row build(boolean reversed) {
        if (reversed) {
            Collections.reverse(cells);
            if (columnDeletions.size() > 1) {
                Collections.reverse(columnDeletions);
            }
        }
        return new Row(clustering, liveness, deletion, columnDeletions, cells);
    }

    static void checkValue(byte[] key, byte[] value) {
        String problem = StoredValue.malformation(value);
        if (problem != null) {
            throw new MalformedEntryException(problem, key);
        }
    }

    static Deletion toDeletion(byte[] key, byte[] value) {
        if (StoredValue.kind(value) != CellKind.TOMBSTONE) {
            throw new MalformedEntryException("a deletion stored as a " + StoredValue.kind(value) + " value", key);
        }
        return new Deletion(StoredValue.timestamp(value), StoredValue.localDeletionTime(value));
    }

    private static Liveness toLiveness(byte[] key, byte[] value) {
        long timestamp = StoredValue.timestamp(value);
        return switch (StoredValue.kind(value)) {
            case LIVE -> Liveness.of(timestamp);
            case EXPIRING -> Liveness.expiring(timestamp, StoredValue.ttl(value), StoredValue.localDeletionTime(value));
            case TOMBSTONE -> throw new MalformedEntryException("a liveness marker stored as a tombstone", key);
        };
    }

    private static Cell toCell(byte[] key, String column, byte[] path, byte[] value) {
        try {
            return new Cell(column, path, StoredValue.kind(value), StoredValue.timestamp(value),
                    StoredValue.ttl(value), StoredValue.localDeletionTime(value), StoredValue.payload(value));
        } catch (IllegalArgumentException e) {
            throw new MalformedEntryException("invalid cell: " + e.getMessage(), key);
        }
    }

    static void requireEnd(byte[] key, int expectedLength) {
        if (key.length != expectedLength) {
            throw new MalformedEntryException("key has " + (key.length - expectedLength) + " unexpected trailing bytes",
                    key);
        }
    }
}
