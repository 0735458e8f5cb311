package io.cairn.storage.wire;

import io.cairn.storage.Cell;
import io.cairn.storage.CellKind;
import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.Deletion;
import io.cairn.storage.Liveness;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire forms of the storage engine's values, for replicas exchanging mutations, reads
 * and results: {@link PartitionUpdate} (with every tombstone, so replicas reconcile exactly
 * as storage does), {@link ReadFilter} and {@link PartitionData}. Decoding validates every
 * count and length; anything malformed is a {@link MalformedMessageException}.
 */
public final class StorageSerializers {

    private static final int NO_ROW = 0;
    private static final int HAS_ROW = 1;

    private StorageSerializers() {
    }

    public static byte[] serialize(PartitionUpdate update) {
        WireWriter out = new WireWriter();
        writeKey(out, update.key());
        writeDeletion(out, update.partitionDeletion());
        out.putInt(update.rangeDeletions().size());
        for (RangeDeletion range : update.rangeDeletions()) {
            writeSlice(out, range.range());
            writeDeletion(out, range.deletion());
        }
        writeOptionalRow(out, update.staticRow());
        writeRows(out, update.rows());
        return out.toBytes();
    }

    public static PartitionUpdate deserializeUpdate(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        PartitionUpdate.Builder builder = PartitionUpdate.builder(readKey(in));
        Deletion partitionDeletion = readDeletion(in);
        if (partitionDeletion != null) {
            builder.deletePartition(partitionDeletion);
        }
        int ranges = in.getCount(10);
        for (int i = 0; i < ranges; i++) {
            Slice slice = readSlice(in);
            Deletion deletion = readDeletion(in);
            if (deletion == null) {
                throw new MalformedMessageException("range deletion without a deletion");
            }
            builder.deleteRange(slice, deletion);
        }
        Row staticRow = readOptionalRow(in);
        if (staticRow != null) {
            builder.staticRow(staticRow);
        }
        for (Row row : readRows(in)) {
            builder.row(row);
        }
        in.expectEnd();
        return builder.build();
    }

    public static byte[] serialize(ReadFilter filter) {
        WireWriter out = new WireWriter();
        out.putInt(filter.columns() == null ? -1 : filter.columns().size());
        if (filter.columns() != null) {
            for (String column : filter.columns()) {
                out.putString(column);
            }
        }
        out.putInt(filter.slices().size());
        for (Slice slice : filter.slices()) {
            writeSlice(out, slice);
        }
        out.putBoolean(filter.reversed());
        out.putInt(filter.rowLimit());
        out.putInt(filter.perPartitionLimit());
        out.putLong(filter.nowSeconds());
        out.putInt(filter.droppedColumns().size());
        for (Map.Entry<String, Long> dropped : filter.droppedColumns().entrySet()) {
            out.putString(dropped.getKey());
            out.putLong(dropped.getValue());
        }
        return out.toBytes();
    }

    public static ReadFilter deserializeFilter(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        int columnCount = in.getInt();
        Set<String> columns = null;
        if (columnCount != -1) {
            if (columnCount < 0 || columnCount > bytes.length) {
                throw new MalformedMessageException("bad column count " + columnCount);
            }
            columns = new HashSet<>();
            for (int i = 0; i < columnCount; i++) {
                columns.add(in.getString());
            }
        }
        int sliceCount = in.getCount(10);
        List<Slice> slices = new ArrayList<>(sliceCount);
        for (int i = 0; i < sliceCount; i++) {
            slices.add(readSlice(in));
        }
        boolean reversed = in.getBoolean();
        int rowLimit = in.getInt();
        int perPartitionLimit = in.getInt();
        long nowSeconds = in.getLong();
        int droppedCount = in.getInt();
        if (droppedCount < 0 || droppedCount > bytes.length) {
            throw new MalformedMessageException("bad dropped column count " + droppedCount);
        }
        Map<String, Long> dropped = new HashMap<>();
        for (int i = 0; i < droppedCount; i++) {
            dropped.put(in.getString(), in.getLong());
        }
        in.expectEnd();
        try {
            return new ReadFilter(columns, slices, reversed, rowLimit, perPartitionLimit, nowSeconds, dropped);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    public static byte[] serialize(PartitionData data) {
        WireWriter out = new WireWriter();
        writeKey(out, data.key());
        writeOptionalRow(out, data.staticRow());
        writeRows(out, data.rows());
        return out.toBytes();
    }

    public static PartitionData deserializeData(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        PartitionKey key = readKey(in);
        Row staticRow = readOptionalRow(in);
        List<Row> rows = readRows(in);
        in.expectEnd();
        return new PartitionData(key, staticRow, rows);
    }

    /** A range read request's range and resume position. */
    public record RangeRequest(io.cairn.storage.TokenRange range, io.cairn.storage.ScanPosition resumeAfter) {
    }

    public static byte[] serialize(RangeRequest request) {
        WireWriter out = new WireWriter();
        io.cairn.storage.TokenRange range = request.range();
        out.putLong(range.start());
        out.putBoolean(range.startInclusive());
        out.putLong(range.end());
        out.putBoolean(range.endInclusive());
        writePosition(out, request.resumeAfter());
        return out.toBytes();
    }

    public static RangeRequest deserializeRangeRequest(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        try {
            io.cairn.storage.TokenRange range = new io.cairn.storage.TokenRange(in.getLong(), in.getBoolean(),
                    in.getLong(), in.getBoolean());
            io.cairn.storage.ScanPosition position = readPosition(in);
            in.expectEnd();
            return new RangeRequest(range, position);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    public static byte[] serialize(io.cairn.storage.ScanPage page) {
        WireWriter out = new WireWriter();
        out.putInt(page.partitions().size());
        for (PartitionData data : page.partitions()) {
            out.putBytes(serialize(data));
        }
        writePosition(out, page.next());
        return out.toBytes();
    }

    public static io.cairn.storage.ScanPage deserializeScanPage(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        int count = in.getCount(4);
        List<PartitionData> partitions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] data = in.getBytes();
            if (data == null) {
                throw new MalformedMessageException("missing partition");
            }
            partitions.add(deserializeData(data));
        }
        io.cairn.storage.ScanPosition next = readPosition(in);
        in.expectEnd();
        return new io.cairn.storage.ScanPage(partitions, next);
    }

    public static byte[] serialize(io.cairn.storage.UpdatePage page) {
        WireWriter out = new WireWriter();
        out.putInt(page.updates().size());
        for (PartitionUpdate update : page.updates()) {
            out.putBytes(serialize(update));
        }
        out.putBoolean(page.resumeAfter() != null);
        if (page.resumeAfter() != null) {
            writeKey(out, page.resumeAfter());
        }
        return out.toBytes();
    }

    public static io.cairn.storage.UpdatePage deserializeUpdatePage(byte[] bytes) {
        WireReader in = new WireReader(bytes);
        int count = in.getCount(4);
        List<PartitionUpdate> updates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] update = in.getBytes();
            if (update == null) {
                throw new MalformedMessageException("missing partition update");
            }
            updates.add(deserializeUpdate(update));
        }
        PartitionKey resumeAfter = in.getBoolean() ? readKey(in) : null;
        in.expectEnd();
        return new io.cairn.storage.UpdatePage(updates, resumeAfter);
    }

    private static void writePosition(WireWriter out, io.cairn.storage.ScanPosition position) {
        out.putBoolean(position != null);
        if (position != null) {
            writeKey(out, position.partition());
            out.putBytes(position.lastRow() == null ? null : position.lastRow().bytes());
        }
    }

    private static io.cairn.storage.ScanPosition readPosition(WireReader in) {
        if (!in.getBoolean()) {
            return null;
        }
        PartitionKey key = readKey(in);
        byte[] lastRow = in.getBytes();
        return new io.cairn.storage.ScanPosition(key, lastRow == null ? null : Clustering.of(lastRow));
    }

    private static void writeKey(WireWriter out, PartitionKey key) {
        out.putLong(key.token());
        out.putBytes(key.key());
    }

    private static PartitionKey readKey(WireReader in) {
        long token = in.getLong();
        byte[] key = in.getBytes();
        if (key == null) {
            throw new MalformedMessageException("missing partition key");
        }
        return new PartitionKey(token, key);
    }

    private static void writeDeletion(WireWriter out, Deletion deletion) {
        out.putBoolean(deletion != null);
        if (deletion != null) {
            out.putLong(deletion.timestampMicros());
            out.putLong(deletion.localDeletionTimeSeconds());
        }
    }

    private static Deletion readDeletion(WireReader in) {
        if (!in.getBoolean()) {
            return null;
        }
        long timestamp = in.getLong();
        long localDeletionTime = in.getLong();
        try {
            return new Deletion(timestamp, localDeletionTime);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    private static void writeSlice(WireWriter out, Slice slice) {
        out.putBytes(slice.start().prefix().bytes());
        out.putBoolean(slice.start().inclusive());
        out.putBytes(slice.end().prefix().bytes());
        out.putBoolean(slice.end().inclusive());
    }

    private static Slice readSlice(WireReader in) {
        ClusteringBound start = new ClusteringBound(clustering(in.getBytes()), in.getBoolean());
        ClusteringBound end = new ClusteringBound(clustering(in.getBytes()), in.getBoolean());
        try {
            return new Slice(start, end);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }

    private static Clustering clustering(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedMessageException("missing clustering");
        }
        return Clustering.of(bytes);
    }

    private static void writeOptionalRow(WireWriter out, Row row) {
        out.putByte(row == null ? NO_ROW : HAS_ROW);
        if (row != null) {
            writeRow(out, row);
        }
    }

    private static Row readOptionalRow(WireReader in) {
        return in.getByte() == NO_ROW ? null : readRow(in);
    }

    private static void writeRows(WireWriter out, List<Row> rows) {
        out.putInt(rows.size());
        for (Row row : rows) {
            writeRow(out, row);
        }
    }

    private static List<Row> readRows(WireReader in) {
        int count = in.getCount(8);
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(readRow(in));
        }
        return rows;
    }

    private static void writeRow(WireWriter out, Row row) {
        out.putBytes(row.clustering().bytes());
        Liveness liveness = row.liveness();
        out.putBoolean(liveness != null);
        if (liveness != null) {
            out.putLong(liveness.timestampMicros());
            out.putInt(liveness.ttlSeconds());
            out.putLong(liveness.expirationSeconds());
        }
        writeDeletion(out, row.deletion());
        out.putInt(row.columnDeletions().size());
        for (ColumnDeletion deletion : row.columnDeletions()) {
            out.putString(deletion.column());
            writeDeletion(out, deletion.deletion());
        }
        out.putInt(row.cells().size());
        for (Cell cell : row.cells()) {
            out.putString(cell.column());
            out.putBytes(cell.path());
            out.putByte(cell.kind().ordinal());
            out.putLong(cell.timestampMicros());
            out.putInt(cell.ttlSeconds());
            out.putLong(cell.localDeletionTimeSeconds());
            out.putBytes(cell.value());
        }
    }

    private static Row readRow(WireReader in) {
        try {
            Row.Builder row = Row.builder(clustering(in.getBytes()));
            if (in.getBoolean()) {
                long timestamp = in.getLong();
                int ttl = in.getInt();
                long expiration = in.getLong();
                row.liveness(new Liveness(timestamp, ttl, expiration));
            }
            Deletion deletion = readDeletion(in);
            if (deletion != null) {
                row.delete(deletion);
            }
            int columnDeletions = in.getCount(5);
            for (int i = 0; i < columnDeletions; i++) {
                String column = in.getString();
                Deletion columnDeletion = readDeletion(in);
                if (columnDeletion == null) {
                    throw new MalformedMessageException("column deletion without a deletion");
                }
                row.deleteColumn(column, columnDeletion);
            }
            int cells = in.getCount(33);
            for (int i = 0; i < cells; i++) {
                String column = in.getString();
                byte[] path = in.getBytes();
                int kind = in.getByte();
                if (kind < 0 || kind >= CellKind.values().length) {
                    throw new MalformedMessageException("unknown cell kind " + kind);
                }
                long timestamp = in.getLong();
                int ttl = in.getInt();
                long localDeletionTime = in.getLong();
                byte[] value = in.getBytes();
                if (value == null) {
                    throw new MalformedMessageException("cell without a value");
                }
                row.cell(new Cell(column, path, CellKind.values()[kind], timestamp, ttl, localDeletionTime, value));
            }
            return row.build();
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage());
        }
    }
}
