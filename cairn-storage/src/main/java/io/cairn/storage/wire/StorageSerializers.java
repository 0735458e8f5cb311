package io.cairn.storage.wire;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.Slice;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The wire forms of the storage engine's values, for replicas exchanging mutations, reads
 * and results: {@link PartitionUpdate} (with every tombstone, so replicas reconcile exactly
 * as storage does), {@link ReadFilter}, {@link PartitionData}, range requests and pages.
 *
 * <p>Each value has a {@code write(ByteWriter, value)} and a {@code readX(ByteReader)}, for
 * messages that carry it among other fields, and a byte-array form of its own. Decoding checks
 * every count and length; anything malformed is a {@link MalformedMessageException}.
 */
public final class StorageSerializers {

    /** The smallest partition key: a token and an empty key. */
    private static final int MIN_KEY_BYTES = 12;
    /** The smallest partition data: a key, no static row, no rows. */
    private static final int MIN_DATA_BYTES = MIN_KEY_BYTES + 1 + 4;
    /** The smallest partition update: a key, no deletions, no static row, no rows. */
    private static final int MIN_UPDATE_BYTES = MIN_KEY_BYTES + 1 + 4 + 1 + 4;

    private StorageSerializers() {
    }

    /** A range read request's range and resume position. */
    public record RangeRequest(TokenRange range, ScanPosition resumeAfter) {
    }

    private static <T> T readWhole(byte[] bytes, String what, Function<ByteReader, T> read) {
        ByteReader in = new ByteReader(bytes, what);
        T value = read.apply(in);
        in.expectEnd();
        return value;
    }

    private static byte[] bytes(java.util.function.Consumer<ByteWriter> write) {
        ByteWriter out = new ByteWriter(256);
        write.accept(out);
        return out.toByteArray();
    }

    // Partition keys.

    public static void write(ByteWriter out, PartitionKey key) {
        StorageParts.writeKey(out, key);
    }

    public static PartitionKey readKey(ByteReader in) {
        return StorageParts.readKey(in);
    }

    // Partition updates.

    public static byte[] serialize(PartitionUpdate update) {
        return bytes(out -> write(out, update));
    }

    public static PartitionUpdate deserializeUpdate(byte[] bytes) {
        return readWhole(bytes, "partition update", StorageSerializers::readUpdate);
    }

    public static void write(ByteWriter out, PartitionUpdate update) {
        StorageParts.writeKey(out, update.key());
        StorageParts.writeDeletion(out, update.partitionDeletion());
        out.writeInt(update.rangeDeletions().size());
        for (RangeDeletion range : update.rangeDeletions()) {
            StorageParts.writeSlice(out, range.range());
            StorageParts.writeDeletion(out, range.deletion());
        }
        StorageParts.writeOptionalRow(out, update.staticRow());
        StorageParts.writeRows(out, update.rows());
    }

    public static PartitionUpdate readUpdate(ByteReader in) {
        PartitionUpdate.Builder builder = PartitionUpdate.builder(StorageParts.readKey(in));
        Deletion partitionDeletion = StorageParts.readDeletion(in);
        try {
            if (partitionDeletion != null) {
                builder.deletePartition(partitionDeletion);
            }
            int ranges = in.readCount(StorageParts.MIN_SLICE_BYTES);
            for (int i = 0; i < ranges; i++) {
                Slice slice = StorageParts.readSlice(in);
                builder.deleteRange(slice, StorageParts.readRequiredDeletion(in, "range deletion"));
            }
            Row staticRow = StorageParts.readOptionalRow(in);
            if (staticRow != null) {
                builder.staticRow(staticRow);
            }
            for (Row row : StorageParts.readRows(in)) {
                builder.row(row);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    // Read filters.

    public static byte[] serialize(ReadFilter filter) {
        return bytes(out -> write(out, filter));
    }

    public static ReadFilter deserializeFilter(byte[] bytes) {
        return readWhole(bytes, "read filter", StorageSerializers::readFilter);
    }

    public static void write(ByteWriter out, ReadFilter filter) {
        out.writeBoolean(filter.columns() != null);
        if (filter.columns() != null) {
            out.writeInt(filter.columns().size());
            for (String column : filter.columns()) {
                out.writeString(column);
            }
        }
        out.writeInt(filter.slices().size());
        for (Slice slice : filter.slices()) {
            StorageParts.writeSlice(out, slice);
        }
        out.writeBoolean(filter.reversed());
        out.writeInt(filter.rowLimit());
        out.writeInt(filter.perPartitionLimit());
        out.writeLong(filter.nowSeconds());
        out.writeInt(filter.droppedColumns().size());
        for (Map.Entry<String, Long> dropped : filter.droppedColumns().entrySet()) {
            out.writeString(dropped.getKey());
            out.writeLong(dropped.getValue());
        }
    }

    public static ReadFilter readFilter(ByteReader in) {
        Set<String> columns = null;
        if (in.readBoolean()) {
            int columnCount = in.readCount(4);
            columns = new HashSet<>();
            for (int i = 0; i < columnCount; i++) {
                columns.add(in.readString());
            }
        }
        int sliceCount = in.readCount(StorageParts.MIN_SLICE_BYTES);
        List<Slice> slices = new ArrayList<>(sliceCount);
        for (int i = 0; i < sliceCount; i++) {
            slices.add(StorageParts.readSlice(in));
        }
        boolean reversed = in.readBoolean();
        int rowLimit = in.readInt();
        int perPartitionLimit = in.readInt();
        long nowSeconds = in.readLong();
        int droppedCount = in.readCount(12);
        Map<String, Long> dropped = new HashMap<>();
        for (int i = 0; i < droppedCount; i++) {
            dropped.put(in.readString(), in.readLong());
        }
        try {
            return new ReadFilter(columns, slices, reversed, rowLimit, perPartitionLimit, nowSeconds, dropped);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    // Partition data (read results).

    public static byte[] serialize(PartitionData data) {
        return bytes(out -> write(out, data));
    }

    public static PartitionData deserializeData(byte[] bytes) {
        return readWhole(bytes, "partition data", StorageSerializers::readData);
    }

    public static void write(ByteWriter out, PartitionData data) {
        StorageParts.writeKey(out, data.key());
        StorageParts.writeOptionalRow(out, data.staticRow());
        StorageParts.writeRows(out, data.rows());
    }

    public static PartitionData readData(ByteReader in) {
        PartitionKey key = StorageParts.readKey(in);
        Row staticRow = StorageParts.readOptionalRow(in);
        List<Row> rows = StorageParts.readRows(in);
        try {
            return new PartitionData(key, staticRow, rows);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
    }

    // Range requests.

    public static byte[] serialize(RangeRequest request) {
        return bytes(out -> write(out, request));
    }

    public static RangeRequest deserializeRangeRequest(byte[] bytes) {
        return readWhole(bytes, "range request", StorageSerializers::readRangeRequest);
    }

    public static void write(ByteWriter out, RangeRequest request) {
        TokenRange range = request.range();
        out.writeLong(range.start());
        out.writeBoolean(range.startInclusive());
        out.writeLong(range.end());
        out.writeBoolean(range.endInclusive());
        StorageParts.writePosition(out, request.resumeAfter());
    }

    public static RangeRequest readRangeRequest(ByteReader in) {
        long start = in.readLong();
        boolean startInclusive = in.readBoolean();
        long end = in.readLong();
        boolean endInclusive = in.readBoolean();
        TokenRange range;
        try {
            range = new TokenRange(start, startInclusive, end, endInclusive);
        } catch (IllegalArgumentException e) {
            throw in.malformed(e.getMessage());
        }
        return new RangeRequest(range, StorageParts.readPosition(in));
    }

    // Pages of a range scan and of a stream.

    public static byte[] serialize(ScanPage page) {
        return bytes(out -> write(out, page));
    }

    public static ScanPage deserializeScanPage(byte[] bytes) {
        return readWhole(bytes, "scan page", StorageSerializers::readScanPage);
    }

    public static void write(ByteWriter out, ScanPage page) {
        out.writeInt(page.partitions().size());
        for (PartitionData data : page.partitions()) {
            write(out, data);
        }
        StorageParts.writePosition(out, page.next());
    }

    public static ScanPage readScanPage(ByteReader in) {
        int count = in.readCount(MIN_DATA_BYTES);
        List<PartitionData> partitions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            partitions.add(readData(in));
        }
        return new ScanPage(partitions, StorageParts.readPosition(in));
    }

    public static byte[] serialize(UpdatePage page) {
        return bytes(out -> write(out, page));
    }

    public static UpdatePage deserializeUpdatePage(byte[] bytes) {
        return readWhole(bytes, "update page", StorageSerializers::readUpdatePage);
    }

    public static void write(ByteWriter out, UpdatePage page) {
        out.writeInt(page.updates().size());
        for (PartitionUpdate update : page.updates()) {
            write(out, update);
        }
        out.writeBoolean(page.resumeAfter() != null);
        if (page.resumeAfter() != null) {
            StorageParts.writeKey(out, page.resumeAfter());
        }
    }

    public static UpdatePage readUpdatePage(ByteReader in) {
        int count = in.readCount(MIN_UPDATE_BYTES);
        List<PartitionUpdate> updates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            updates.add(readUpdate(in));
        }
        PartitionKey resumeAfter = in.readBoolean() ? StorageParts.readKey(in) : null;
        return new UpdatePage(updates, resumeAfter);
    }
}
