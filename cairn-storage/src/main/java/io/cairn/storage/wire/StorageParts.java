package io.cairn.storage.wire;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.Slice;

import java.util.ArrayList;
import java.util.List;

/**
 * The wire forms of the parts storage values are made of: keys, deletions, slices, rows and
 * scan positions. Values that fail their own invariants become {@link MalformedMessageException}.
 */
final class StorageParts {

    /** The smallest row: empty clustering (4), no liveness (1), no deletion (1), two counts (8). */
    static final int MIN_ROW_BYTES = 14;
    /** The smallest slice: two empty clusterings with their inclusive flags. */
    static final int MIN_SLICE_BYTES = 10;
    /** The smallest cell: column (4), path marker (4), kind (1), times (20), value (4). */
    private static final int MIN_CELL_BYTES = 33;
    /** The smallest column deletion: an empty name and an absent deletion. */
    private static final int MIN_COLUMN_DELETION_BYTES = 5;
    private static final int NO_ROW = 0;
    private static final int HAS_ROW = 1;

    private StorageParts() {
    }

    static void writeKey(ByteWriter out, PartitionKey key) {
        out.writeLong(key.token());
        out.writeBytes(key.key());
    }

    static PartitionKey readKey(ByteReader in) {
        return new PartitionKey(in.readLong(), in.readBytes());
    }

    static void writePosition(ByteWriter out, ScanPosition position) {
        out.writeBoolean(position != null);
        if (position != null) {
            writeKey(out, position.partition());
            out.writeNullableBytes(position.lastRow() == null ? null : position.lastRow().bytes());
        }
    }

    static ScanPosition readPosition(ByteReader in) {
        if (!in.readBoolean()) {
            return null;
        }
        PartitionKey key = readKey(in);
        byte[] lastRow = in.readNullableBytes();
        return new ScanPosition(key, lastRow == null ? null : Clustering.of(lastRow));
    }

    static void writeDeletion(ByteWriter out, Deletion deletion) {
        out.writeBoolean(deletion != null);
        if (deletion != null) {
            out.writeLong(deletion.timestampMicros());
            out.writeLong(deletion.localDeletionTimeSeconds());
        }
    }

    static Deletion readDeletion(ByteReader in) {
        if (!in.readBoolean()) {
            return null;
        }
        long timestamp = in.readLong();
        long localDeletionTime = in.readLong();
        try {
            return new Deletion(timestamp, localDeletionTime);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    static Deletion readRequiredDeletion(ByteReader in, String of) {
        Deletion deletion = readDeletion(in);
        if (deletion == null) {
            throw in.malformed(of + " without a deletion");
        }
        return deletion;
    }

    static void writeSlice(ByteWriter out, Slice slice) {
        out.writeBytes(slice.start().prefix().bytes());
        out.writeBoolean(slice.start().inclusive());
        out.writeBytes(slice.end().prefix().bytes());
        out.writeBoolean(slice.end().inclusive());
    }

    static Slice readSlice(ByteReader in) {
        ClusteringBound start = new ClusteringBound(Clustering.of(in.readBytes()), in.readBoolean());
        ClusteringBound end = new ClusteringBound(Clustering.of(in.readBytes()), in.readBoolean());
        try {
            return new Slice(start, end);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    static void writeOptionalRow(ByteWriter out, Row row) {
        out.writeByte(row == null ? NO_ROW : HAS_ROW);
        if (row != null) {
            writeRow(out, row);
        }
    }

    static Row readOptionalRow(ByteReader in) {
        int marker = in.readUnsignedByte();
        if (marker != NO_ROW && marker != HAS_ROW) {
            throw in.malformed("expected a row marker (0 or 1), found " + marker);
        }
        return marker == NO_ROW ? null : readRow(in);
    }

    static void writeRows(ByteWriter out, List<Row> rows) {
        out.writeInt(rows.size());
        for (Row row : rows) {
            writeRow(out, row);
        }
    }

    static List<Row> readRows(ByteReader in) {
        int count = in.readCount(MIN_ROW_BYTES);
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(readRow(in));
        }
        return rows;
    }

    private static void writeRow(ByteWriter out, Row row) {
        out.writeBytes(row.clustering().bytes());
        Liveness liveness = row.liveness();
        out.writeBoolean(liveness != null);
        if (liveness != null) {
            out.writeLong(liveness.timestampMicros());
            out.writeInt(liveness.ttlSeconds());
            out.writeLong(liveness.expirationSeconds());
        }
        writeDeletion(out, row.deletion());
        out.writeInt(row.columnDeletions().size());
        for (ColumnDeletion deletion : row.columnDeletions()) {
            out.writeString(deletion.column());
            writeDeletion(out, deletion.deletion());
        }
        out.writeInt(row.cells().size());
        for (Cell cell : row.cells()) {
            out.writeString(cell.column());
            out.writeNullableBytes(cell.path());
            out.writeByte(cell.kind().ordinal());
            out.writeLong(cell.timestampMicros());
            out.writeInt(cell.ttlSeconds());
            out.writeLong(cell.localDeletionTimeSeconds());
            out.writeBytes(cell.value());
        }
    }

    private static Row readRow(ByteReader in) {
        try {
            Row.Builder row = Row.builder(Clustering.of(in.readBytes()));
            if (in.readBoolean()) {
                long timestamp = in.readLong();
                int ttl = in.readInt();
                long expiration = in.readLong();
                row.liveness(new Liveness(timestamp, ttl, expiration));
            }
            Deletion deletion = readDeletion(in);
            if (deletion != null) {
                row.delete(deletion);
            }
            int columnDeletions = in.readCount(MIN_COLUMN_DELETION_BYTES);
            for (int i = 0; i < columnDeletions; i++) {
                String column = in.readString();
                row.deleteColumn(column, readRequiredDeletion(in, "column deletion"));
            }
            int cells = in.readCount(MIN_CELL_BYTES);
            for (int i = 0; i < cells; i++) {
                row.cell(readCell(in));
            }
            return row.build();
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    private static Cell readCell(ByteReader in) {
        String column = in.readString();
        byte[] path = in.readNullableBytes();
        int kind = in.readUnsignedByte();
        if (kind >= CellKind.values().length) {
            throw in.malformed("expected a cell kind below " + CellKind.values().length + ", found " + kind);
        }
        long timestamp = in.readLong();
        int ttl = in.readInt();
        long localDeletionTime = in.readLong();
        byte[] value = in.readBytes();
        return new Cell(column, path, CellKind.values()[kind], timestamp, ttl, localDeletionTime, value);
    }
}
