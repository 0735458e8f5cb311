package io.cairn.storage.engine;

import io.cairn.storage.PartitionKey;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UnrepairedPage;
import io.cairn.storage.kv.KvCursor;
import io.cairn.storage.kv.KvEntry;
import io.cairn.storage.kv.KvStore;
import io.cairn.storage.kv.ReadScope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The partitions of each tracked table written since their last repair: what an incremental
 * repair compares instead of all the data. The store has no SSTables whose metadata could say
 * "repaired", so a write of a tracked table adds an entry for each partition it touches, in the
 * same atomic batch as the data (a crash keeps both or neither), and a finished repair clears
 * the entries it compared.
 *
 * <p>Layout, in the column family {@link #FAMILY}: key {@code framed(table name) | token |
 * framed(partition key)}, value the write's sequence number (8 bytes, big-endian). The store
 * merges values by byte-wise maximum, so an entry holds the latest write's number.
 *
 * <p>Sequence numbers come from one counter, never reused: a block of {@link #RESERVE} is
 * recorded in the store's metadata before any of it is handed out, so a restart goes on above
 * every number used before (no clock is involved: a clock stepped back cannot make a new write
 * look older). {@link #highWater} is taken while no write is between taking its number and
 * storing it; every entry at or below it is then visible to a reader, and clearing only
 * entries at or below it, and only if their value is unchanged ({@link KvStore#deleteIfUnchanged}),
 * never drops a write that came after.
 */
final class UnrepairedIndex {

    /** The column family of the index (no table's: table families are named {@code keyspace.table}). */
    static final String FAMILY = "unrepaired";

    /** Sequence numbers reserved at a time in the store's metadata. */
    static final long RESERVE = 1L << 20;

    /** Entries cleared in one conditional delete. */
    private static final int CLEAR_BATCH = 1_024;

    private static final String RESERVED_METADATA = "unrepaired/reserved";

    private final KvStore store;
    /** Writes hold it shared from taking their number until stored; {@link #highWater} exclusively. */
    private final ReentrantReadWriteLock inFlight = new ReentrantReadWriteLock();
    /** Guards {@link #next} and {@link #reserved}. */
    private final Object counter = new Object();
    private long next;
    private long reserved;

    UnrepairedIndex(KvStore store) {
        this.store = store;
        if (!store.columnFamilies().contains(FAMILY)) {
            store.createColumnFamily(FAMILY);
        }
        byte[] stored = store.metadata(RESERVED_METADATA);
        if (stored != null && stored.length != Long.BYTES) {
            throw new io.cairn.storage.CorruptDataException("The unrepaired index's reserved sequence has "
                    + stored.length + " bytes, not " + Long.BYTES, null);
        }
        next = stored == null ? 1 : ByteBuffer.wrap(stored).getLong();
        reserved = next;
    }

    /** Whether {@code family} is the index's, not a table's. */
    static boolean isIndex(String family) {
        return FAMILY.equals(family);
    }

    /**
     * Stores {@code data} (entries per column family) with an index entry for each of
     * {@code partitions} of {@code table}, atomically.
     */
    void write(Map<String, List<KvEntry>> data, Map<TableId, ? extends Collection<PartitionKey>> partitions,
               boolean synced) {
        inFlight.readLock().lock();
        try {
            byte[] sequence = ByteBuffer.allocate(Long.BYTES).putLong(nextSequence()).array();
            List<KvEntry> entries = new ArrayList<>();
            for (Map.Entry<TableId, ? extends Collection<PartitionKey>> table : partitions.entrySet()) {
                byte[] prefix = tablePrefix(table.getKey());
                for (PartitionKey partition : table.getValue()) {
                    entries.add(new KvEntry(key(prefix, partition), sequence));
                }
            }
            Map<String, List<KvEntry>> batch = new LinkedHashMap<>(data);
            batch.put(FAMILY, entries);
            store.mergeAcross(batch, synced);
        } finally {
            inFlight.readLock().unlock();
        }
    }

    private long nextSequence() {
        synchronized (counter) {
            if (next >= reserved) {
                reserved = next + RESERVE;
                store.putMetadata(RESERVED_METADATA, ByteBuffer.allocate(Long.BYTES).putLong(reserved).array());
            }
            return next++;
        }
    }

    /**
     * The highest sequence number handed out, once every write that took one is stored: every
     * entry at or below it is visible from now on.
     */
    long highWater() {
        inFlight.writeLock().lock();
        try {
            synchronized (counter) {
                return next - 1;
            }
        } finally {
            inFlight.writeLock().unlock();
        }
    }

    /** Up to {@code max} partitions of {@code table} in {@code range} that have entries, after {@code resumeAfter}. */
    UnrepairedPage list(TableId table, TokenRange range, PartitionKey resumeAfter, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        byte[] prefix = tablePrefix(table);
        return store.read(FAMILY, ReadScope.ANY, cursor -> {
            List<PartitionKey> partitions = new ArrayList<>();
            byte[] end = seekStart(cursor, prefix, range, resumeAfter);
            while (cursor.isValid() && end != null && Arrays.compareUnsigned(cursor.key(), end) < 0) {
                if (partitions.size() == max) {
                    return new UnrepairedPage(partitions, partitions.get(max - 1));
                }
                partitions.add(partitionOf(prefix, cursor.key()));
                cursor.next();
            }
            return new UnrepairedPage(partitions, null);
        });
    }

    /**
     * Deletes the entries of {@code table} in {@code range} whose sequence is at most
     * {@code upTo}, unless a write raised them meanwhile; returns how many it deleted.
     */
    long clear(TableId table, TokenRange range, long upTo) {
        byte[] prefix = tablePrefix(table);
        long cleared = 0;
        PartitionKey resume = null;
        while (true) {
            PartitionKey after = resume;
            List<KvEntry> old = new ArrayList<>();
            PartitionKey[] last = new PartitionKey[1];
            store.read(FAMILY, ReadScope.ANY, cursor -> {
                byte[] end = seekStart(cursor, prefix, range, after);
                while (cursor.isValid() && end != null && Arrays.compareUnsigned(cursor.key(), end) < 0
                        && old.size() < CLEAR_BATCH) {
                    byte[] value = cursor.value();
                    last[0] = partitionOf(prefix, cursor.key());
                    if (value.length == Long.BYTES && ByteBuffer.wrap(value).getLong() <= upTo) {
                        old.add(new KvEntry(cursor.key(), value));
                    }
                    cursor.next();
                }
                if (!cursor.isValid() || end == null || Arrays.compareUnsigned(cursor.key(), end) >= 0) {
                    last[0] = null;
                }
                return null;
            });
            if (!old.isEmpty()) {
                cleared += store.deleteIfUnchanged(FAMILY, old);
            }
            if (last[0] == null) {
                return cleared;
            }
            resume = last[0];
        }
    }

    /** Removes every entry of {@code table} (dropped). */
    void drop(TableId table) {
        byte[] prefix = tablePrefix(table);
        store.deleteRange(FAMILY, prefix, KeyLayout.successor(prefix, prefix.length), () -> true);
    }

    /**
     * Seeks {@code cursor} to the first entry of the table in {@code range} after
     * {@code resumeAfter}; returns the key where the range's entries end (exclusive), or null
     * when the range holds none.
     */
    private static byte[] seekStart(KvCursor cursor, byte[] prefix, TokenRange range, PartitionKey resumeAfter) {
        byte[] start;
        if (resumeAfter != null) {
            byte[] at = key(prefix, resumeAfter);
            start = KeyLayout.successor(at, at.length);
        } else {
            start = concat(prefix, KeyLayout.tokenKey(range.start()));
            if (!range.startInclusive()) {
                start = KeyLayout.successor(start, start.length);
            }
        }
        byte[] end = concat(prefix, KeyLayout.tokenKey(range.end()));
        if (range.endInclusive()) {
            end = KeyLayout.successor(end, end.length);
        }
        if (start == null || end == null) {
            return null;
        }
        cursor.seek(start);
        return end;
    }

    private static byte[] tablePrefix(TableId table) {
        byte[] name = table.toString().getBytes(StandardCharsets.UTF_8);
        KeyBuilder out = new KeyBuilder(name.length + 4);
        EscapedBytes.write(out, name, 0, name.length, true);
        return out.toArray();
    }

    private static byte[] key(byte[] prefix, PartitionKey partition) {
        return concat(prefix, KeyLayout.partitionPrefix(partition));
    }

    private static PartitionKey partitionOf(byte[] prefix, byte[] key) {
        if (!KeyLayout.startsWith(key, prefix)) {
            throw new MalformedEntryException("an unrepaired entry of another table", key);
        }
        return KeyLayout.partitionOf(Arrays.copyOfRange(key, prefix.length, key.length)).partition();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
