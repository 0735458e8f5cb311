package io.cairn.storage.kv;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * An ordered key-value store with named column families whose writes are blind merges that
 * keep the byte-wise maximum value (RocksDB's built-in {@code max} merge operator). The
 * engine's semantics live above this interface, so the RocksDB store and the in-memory store
 * behave identically by construction; a store only has to be ordered, atomic and durable.
 *
 * <p>Implementations are thread-safe. Failures are reported as
 * {@link io.cairn.storage.StorageException}s naming the column family.
 */
public interface KvStore extends AutoCloseable {

    Set<String> columnFamilies();

    void createColumnFamily(String name);

    void dropColumnFamily(String name);

    /** Removes every key of the column family; concurrent writes may land before or after. */
    void clearColumnFamily(String name);

    /** Merges every entry, atomically: a reader sees all of them or none. */
    default void merge(String columnFamily, List<KvEntry> entries) {
        merge(columnFamily, entries, false);
    }

    /**
     * Merges every entry, atomically; when {@code synced}, the entries are durable (the commit
     * log forced to disk) before this returns, whatever the store's commit log sync mode.
     */
    void merge(String columnFamily, List<KvEntry> entries, boolean synced);

    /**
     * Merges the entries of several column families as one atomic write (a reader sees all of
     * them or none, and a crash keeps all or none); when {@code synced}, durable before this
     * returns, whatever the store's commit log sync mode. Families are written in the map's order.
     */
    void mergeAcross(java.util.Map<String, List<KvEntry>> entriesByFamily, boolean synced);

    /**
     * Runs {@code reader} with a cursor over a consistent view of the column family.
     *
     * @param scope {@link ReadScope#ONE_TOKEN} when the reader stays among keys that share the
     *              first seek's 8-byte token, which lets the store skip files by prefix filters
     */
    <T> T read(String columnFamily, ReadScope scope, Function<KvCursor, T> reader);

    /**
     * Deletes each entry's key if its current value still equals the entry's value, so that a
     * write racing with the deletion is never lost. Writers are not blocked.
     *
     * @return how many keys were deleted; the others changed and are left as they are
     */
    int deleteIfUnchanged(String columnFamily, List<KvEntry> expected);

    /**
     * Removes every key from {@code from} (inclusive) to {@code to} (exclusive; null: to the
     * last key), in batches. Before each batch {@code proceed} is asked while writes to the
     * column family wait (so a write either lands before it is asked, or after the batch): when
     * it says no, the rest is left and this returns false. Used for data that is no longer the
     * node's to keep, never for deletions that must win over older writes.
     */
    boolean deleteRange(String columnFamily, byte[] from, byte[] to, java.util.function.BooleanSupplier proceed);

    /** Writes in-memory data to data files. */
    void flush();

    /** Writes one column family's in-memory data to data files, waiting until it is done. */
    void flush(String columnFamily);

    /**
     * Compacts every data file of the column family into as few as its store makes (a major
     * compaction), waiting until it is done: merges what overwrote what, and leaves fewer files
     * for reads to look into.
     */
    void compact(String columnFamily);

    /** The column family's footprint as the store estimates it now. */
    FamilyStats familyStats(String columnFamily);

    /**
     * The store's own gauges and counters now, by name (see {@code StorageEngine.engineStats}):
     * empty for a store that keeps none.
     */
    default java.util.Map<String, Long> engineStats() {
        return java.util.Map.of();
    }

    /** Makes every write so far durable (the commit log forced to disk), whatever the sync mode. */
    void sync();

    /** Takes a consistent named copy of every column family. */
    void snapshot(String tag);

    Set<String> snapshots();

    /** Deletes the snapshot; false when there is none of that name. */
    boolean clearSnapshot(String tag);

    /**
     * Runs {@code reader} over the column family as the snapshot holds it (a cursor as
     * {@link #read}'s), or returns null when the snapshot does not hold that column family.
     *
     * @throws io.cairn.storage.StorageException when there is no such snapshot
     */
    <T> T readSnapshot(String tag, String columnFamily, Function<KvCursor, T> reader);

    /** Approximate stored bytes of keys in [from, to). */
    long approximateBytes(String columnFamily, byte[] from, byte[] to);

    /** Small durable metadata beside the data (table options), or null when absent. */
    byte[] metadata(String key);

    void putMetadata(String key, byte[] value);

    void deleteMetadata(String key);

    @Override
    void close();
}
