package io.cairn.storage.engine;

import io.cairn.storage.Clustering;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.RangeDeletion;
import io.cairn.storage.Row;
import io.cairn.storage.Slice;
import io.cairn.storage.kv.KvCursor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walks one partition's stored entries through a cursor: its deletions, its static row and
 * its rows in either direction, decoding each into raw parts. It knows the key layout; what
 * to do with the parts (reconcile for a read, export, purge) is up to the caller.
 */
final class PartitionWalker {

    private final KvCursor cursor;
    private final byte[] prefix;
    private final int section;
    private final int clusteringOffset;
    private Deletion partitionDeletion;
    private List<RangeDeletion> rangeDeletions = List.of();

    PartitionWalker(KvCursor cursor, byte[] partitionPrefix) {
        this.cursor = cursor;
        this.prefix = partitionPrefix;
        this.section = partitionPrefix.length;
        this.clusteringOffset = partitionPrefix.length + 1;
    }

    /** Seeks to the partition and reads its deletions; the cursor is left on the first key after them. */
    void readDeletions() {
        cursor.seek(prefix);
        while (cursor.isValid()) {
            byte[] key = cursor.key();
            if (!inPartition(key)) {
                return;
            }
            byte kind = key[section];
            if (kind == KeyLayout.PARTITION_DELETION) {
                RawRowBuilder.requireEnd(key, section + 1);
                byte[] value = cursor.value();
                RawRowBuilder.checkValue(key, value);
                partitionDeletion = RawRowBuilder.toDeletion(key, value);
            } else if (kind == KeyLayout.RANGE_DELETION) {
                byte[] value = cursor.value();
                RawRowBuilder.checkValue(key, value);
                if (rangeDeletions.isEmpty()) {
                    rangeDeletions = new ArrayList<>(2);
                }
                rangeDeletions.add(new RangeDeletion(rangeOf(key), RawRowBuilder.toDeletion(key, value)));
            } else {
                return;
            }
            cursor.next();
        }
    }

    Deletion partitionDeletion() {
        return partitionDeletion;
    }

    List<RangeDeletion> rangeDeletions() {
        return rangeDeletions;
    }

    /** Reads the static row if the cursor is on it (right after {@link #readDeletions()}), else null. */
    Row readStaticRow() {
        RawRowBuilder row = null;
        while (cursor.isValid()) {
            byte[] key = cursor.key();
            if (!inPartition(key) || key[section] != KeyLayout.STATIC_ROW) {
                break;
            }
            if (row == null) {
                row = new RawRowBuilder(Clustering.EMPTY, true);
            }
            row.add(key, section + 1, cursor.value());
            cursor.next();
        }
        return row == null ? null : row.build(false);
    }

    /** Positions the cursor at the first row admitted by {@code slice}'s start, reading forward. */
    void seekForward(Slice slice, Clustering resumeAfter) {
        byte[] target = startTarget(slice.start());
        if (resumeAfter != null) {
            byte[] afterResume = afterRow(resumeAfter);
            if (Arrays.compareUnsigned(afterResume, target) > 0) {
                target = afterResume;
            }
        }
        // The cursor only moves forward through consecutive keys, so if it already stands at or
        // past the target there is no key in between: save the seek.
        if (!cursor.isValid() || Arrays.compareUnsigned(cursor.key(), target) < 0) {
            cursor.seek(target);
        }
    }

    /** Positions the cursor at the last row admitted by {@code slice}'s end, reading backward. */
    void seekBackward(Slice slice) {
        cursor.seekForPrev(endTarget(slice.end()));
    }

    /** The clustering of the row at the cursor, or null when the cursor is not on a row of this partition. */
    Clustering currentRow() {
        if (!cursor.isValid()) {
            return null;
        }
        byte[] key = cursor.key();
        if (!inPartition(key) || key[section] != KeyLayout.ROWS) {
            return null;
        }
        int end = clusteringEnd(key);
        return Clustering.of(EscapedBytes.read(key, clusteringOffset, end));
    }

    /**
     * Reads the row at the cursor (which must be on a row, see {@link #currentRow()}) and moves
     * past it in the given direction.
     */
    Row readRow(Clustering clustering, boolean reversed) {
        byte[] first = cursor.key();
        int end = clusteringEnd(first);
        RawRowBuilder row = new RawRowBuilder(clustering, false);
        byte[] key = first;
        while (true) {
            row.add(key, end, cursor.value());
            if (reversed) {
                cursor.prev();
            } else {
                cursor.next();
            }
            if (!cursor.isValid()) {
                break;
            }
            key = cursor.key();
            if (!sameRow(key, first, end)) {
                break;
            }
        }
        return row.build(reversed);
    }

    /**
     * The partition's stored state, raw: its deletions, its static row and its rows, all of them
     * ({@code slices} null, leaving the cursor on the first key after the partition) or those in
     * {@code slices} (sorted and apart, as a {@link io.cairn.storage.ReadFilter}'s), read with a
     * seek to each so that rows outside them are never read.
     */
    PartitionUpdate export(PartitionKey partition, List<Slice> slices) {
        readDeletions();
        PartitionUpdate.Builder update = PartitionUpdate.builder(partition);
        if (partitionDeletion != null) {
            update.deletePartition(partitionDeletion);
        }
        rangeDeletions.forEach(range -> update.deleteRange(range.range(), range.deletion()));
        Row staticRow = readStaticRow();
        if (staticRow != null) {
            update.staticRow(staticRow);
        }
        if (slices == null) {
            for (Clustering clustering = currentRow(); clustering != null; clustering = currentRow()) {
                update.row(readRow(clustering, false));
            }
            return update.build();
        }
        for (Slice slice : slices) {
            seekForward(slice, null);
            for (Clustering clustering = currentRow(); clustering != null && slice.end().admitsAsEnd(clustering);
                 clustering = currentRow()) {
                update.row(readRow(clustering, false));
            }
        }
        return update.build();
    }

    /** Skips the rest of the partition, leaving the cursor on the first key after it. */
    void skipPartition() {
        byte[] next = KeyLayout.successor(prefix, prefix.length);
        if (next == null) {
            while (cursor.isValid()) {
                cursor.next();
            }
        } else {
            cursor.seek(next);
        }
    }

    private boolean inPartition(byte[] key) {
        if (!KeyLayout.startsWith(key, prefix)) {
            return false;
        }
        if (key.length == section) {
            throw new MalformedEntryException("key ends after its partition key", key);
        }
        return true;
    }

    private boolean sameRow(byte[] key, byte[] first, int end) {
        return key.length >= end && Arrays.equals(key, 0, end, first, 0, end);
    }

    private int clusteringEnd(byte[] key) {
        int end = EscapedBytes.skip(key, clusteringOffset);
        if (end < 0) {
            throw new MalformedEntryException("clustering is not terminated", key);
        }
        return end;
    }

    private Slice rangeOf(byte[] key) {
        int startEnd = EscapedBytes.skip(key, section + 1);
        if (startEnd < 0 || startEnd >= key.length) {
            throw new MalformedEntryException("range deletion start bound is malformed", key);
        }
        int endEnd = EscapedBytes.skip(key, startEnd + 1);
        if (endEnd < 0 || endEnd + 1 != key.length || key[startEnd] > 1 || key[startEnd] < 0
                || key[endEnd] > 1 || key[endEnd] < 0) {
            throw new MalformedEntryException("range deletion end bound is malformed", key);
        }
        ClusteringBound start = new ClusteringBound(
                Clustering.of(EscapedBytes.read(key, section + 1, startEnd)), key[startEnd] == 1);
        ClusteringBound end = new ClusteringBound(
                Clustering.of(EscapedBytes.read(key, startEnd + 1, endEnd)), key[endEnd] == 1);
        return new Slice(start, end);
    }

    /** The first key of the rows section at or after which rows admitted by {@code start} begin. */
    private byte[] startTarget(ClusteringBound start) {
        KeyBuilder key = rowsKey(start.prefix());
        if (start.inclusive()) {
            return key.toArray();
        }
        byte[] unterminated = key.toArray();
        return KeyLayout.successor(unterminated, unterminated.length);
    }

    /** A key just past every row admitted by {@code end}; no stored key equals it. */
    private byte[] endTarget(ClusteringBound end) {
        KeyBuilder key = rowsKey(end.prefix());
        byte[] unterminated = key.toArray();
        return end.inclusive() ? KeyLayout.successor(unterminated, unterminated.length) : unterminated;
    }

    private byte[] afterRow(Clustering row) {
        KeyBuilder key = new KeyBuilder(prefix.length + row.size() + 4);
        key.put(prefix).put(KeyLayout.ROWS);
        EscapedBytes.write(key, row.bytes(), 0, row.size(), true);
        byte[] rowPrefix = key.toArray();
        return KeyLayout.successor(rowPrefix, rowPrefix.length);
    }

    private KeyBuilder rowsKey(Clustering clusteringPrefix) {
        KeyBuilder key = new KeyBuilder(prefix.length + clusteringPrefix.size() + 4);
        key.put(prefix).put(KeyLayout.ROWS);
        EscapedBytes.write(key, clusteringPrefix.bytes(), 0, clusteringPrefix.size(), false);
        return key;
    }
}
