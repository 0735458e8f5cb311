package io.cairn.storage;

import java.util.List;
import java.util.Set;

/**
 * Stores CQL tables on one node, with Cassandra's reconciliation rules: for every cell the
 * highest write timestamp wins; on equal timestamps a tombstone wins, then an expiring cell,
 * then the greater value. Deletions shadow writes at or below their timestamp; expired cells
 * read as absent. Updates are blind (no read before write), atomic per partition, idempotent
 * and commutative, so hints, read repair and streaming converge in any order.
 *
 * <p>Implementations are thread-safe. Keys arrive already encoded (tokens computed by the
 * partitioner, clusterings by the order-preserving encoding), so the engine does not know
 * CQL types.
 */
public interface StorageEngine extends AutoCloseable {

    /** Creates a table; returns false if it already exists (its options are then left as they were). */
    boolean createTable(TableId table, TableOptions options);

    /** Changes a table's options. */
    void alterTable(TableId table, TableOptions options);

    /** Drops a table and all its data; returns false if it did not exist. */
    boolean dropTable(TableId table);

    /** Removes all of a table's data, keeping the table. */
    void truncate(TableId table);

    /**
     * Removes every partition of {@code table} whose token is in {@code range}, in batches and
     * without tombstones: data the node no longer keeps (a cleanup after the ring changed).
     * {@code proceed} is asked before each batch while writes to the table wait; when it says
     * no, the rest is kept and this returns false.
     */
    boolean dropRange(TableId table, TokenRange range, java.util.function.BooleanSupplier proceed);

    Set<TableId> tables();

    /** The tables of {@code table}'s secondary indexes that this engine has ({@link TableId#index}). */
    default List<TableId> indexTables(TableId table) {
        List<TableId> found = new java.util.ArrayList<>();
        if (table.isIndex()) {
            return found;
        }
        String prefix = table.table() + ".";
        for (TableId stored : tables()) {
            if (stored.keyspace().equals(table.keyspace()) && stored.table().startsWith(prefix)) {
                found.add(stored);
            }
        }
        return found;
    }

    TableOptions options(TableId table);

    /**
     * Applies one partition's update, atomically. When it returns the update is in the
     * commit log under the configured sync mode.
     *
     * @throws InvalidUpdateException if a key or value is over its limit; nothing is written
     */
    void apply(TableId table, PartitionUpdate update);

    /**
     * Applies the updates of several partitions of one table as one atomic write, under the
     * commit log's sync mode: one write for what would otherwise take one per update (a page of
     * copied data).
     *
     * @throws InvalidUpdateException if a key or value is over its limit; nothing is written
     */
    void apply(TableId table, java.util.List<PartitionUpdate> updates);

    /**
     * Applies updates of several tables as one atomic write, under the commit log's sync mode: a
     * reader and a crash see all of them or none (a table's row and its secondary index's entry).
     * Partitions written are listed as unrepaired ({@link #unrepaired}) as {@link #apply} lists
     * them.
     *
     * @throws InvalidUpdateException if a key or value is over its limit; nothing is written
     */
    void apply(java.util.List<TableWrite> writes);

    /**
     * {@link #apply}, and the update is forced to disk before this returns, whatever the
     * commit log's sync mode: for state that must outlive a machine crash once a node has
     * answered on it (a Paxos promise or acceptance). Slower than {@link #apply}; use it only
     * where a lost write would break a promise the node made.
     *
     * @throws InvalidUpdateException if a key or value is over its limit; nothing is written
     */
    default void applySynced(TableId table, PartitionUpdate update) {
        applySynced(java.util.List.of(new TableWrite(table, update)));
    }

    /**
     * Applies several updates, to one table or several, as one atomic write forced to disk
     * before this returns, whatever the commit log's sync mode: a crash keeps all of them or
     * none. One disk sync for what would otherwise take one per update (a Paxos commit records
     * its registers and applies its data at once).
     *
     * @throws InvalidUpdateException if a key or value is over its limit; nothing is written
     */
    default void applySynced(java.util.List<TableWrite> writes) {
        applySynced(writes, true);
    }

    /**
     * {@link #applySynced(java.util.List)}, listing the partitions written as unrepaired
     * ({@link #unrepaired}) or not: a repair's merge is not listed, since the replica it came from
     * lists it until the repair marks the range repaired, and then every replica holds it.
     *
     * @throws InvalidUpdateException if a key or value is over its limit; nothing is written
     */
    void applySynced(java.util.List<TableWrite> writes, boolean listUnrepaired);

    /** Reads one partition's live rows through {@code filter}; an absent partition reads as empty. */
    PartitionData read(TableId table, PartitionKey key, ReadFilter filter);

    /**
     * Reads live rows of the partitions in a token range, in token order, up to the filter's
     * row limit (the page size).
     *
     * @param resumeAfter null to start at the range's beginning, or a page's {@link ScanPage#next()}
     */
    ScanPage scan(TableId table, TokenRange range, ScanPosition resumeAfter, ReadFilter filter);

    /**
     * Exports the raw stored state of the partitions in a token range, for repair and streaming.
     *
     * @param resumeAfter   null to start at the range's beginning, or a page's {@link UpdatePage#resumeAfter()}
     * @param maxPartitions at most this many partitions in the page
     */
    UpdatePage export(TableId table, TokenRange range, PartitionKey resumeAfter, int maxPartitions);

    /**
     * One partition as stored, tombstones included (an empty update when it is absent): what
     * replicas exchange to reconcile a partition.
     */
    default PartitionUpdate exportPartition(TableId table, PartitionKey key) {
        PartitionKey resume = null;
        TokenRange token = new TokenRange(key.token(), true, key.token(), true);
        while (true) {
            UpdatePage page = export(table, token, resume, 16);
            for (PartitionUpdate update : page.updates()) {
                if (java.util.Arrays.equals(update.key().key(), key.key())) {
                    return update;
                }
            }
            if (page.resumeAfter() == null) {
                return PartitionUpdate.builder(key).build();
            }
            resume = page.resumeAfter();
        }
    }

    /**
     * One partition as stored, restricted to the rows in {@code slices} (sorted and apart, as a
     * {@link ReadFilter}'s): its partition deletion, all its range deletions and its static row
     * come whole, so that a merge of such exports from several replicas reads those slices as a
     * merge of whole partitions would. Rows outside the slices are not read.
     */
    PartitionUpdate exportPartition(TableId table, PartitionKey key, List<Slice> slices);

    /** Makes everything written so far durable in data files (beyond the commit log). */
    void flush();

    /** Writes one table's in-memory data to data files, waiting until it is done. */
    void flush(TableId table);

    /**
     * A major compaction of one table: purges what no read can see any more (as the purge
     * sweep does), then merges its data files into as few as the store makes.
     */
    void compact(TableId table);

    /** The table's footprint on this node now. */
    TableStats stats(TableId table);

    /**
     * What the engine underneath says of itself now, by name: for RocksDB, the bytes in memtables,
     * the compaction bytes pending, running compactions and flushes, whether writes are stopped
     * and the rate they are delayed to, the block cache's use, capacity, hits and misses, the
     * microseconds writes stalled, data files and bytes by level, and the bytes compactions and
     * flushes read and wrote. Each name is {@code lower_snake_case}; counters end in
     * {@code _total}. Empty for an engine that keeps none (the in-memory one).
     */
    default java.util.Map<String, Long> engineStats() {
        return java.util.Map.of();
    }

    /** Takes a consistent, named copy of all tables; later writes do not change it. */
    void snapshot(String tag);

    Set<String> snapshots();

    /** Deletes the named snapshot; false when there is none of that name. */
    boolean clearSnapshot(String tag);

    /**
     * Writes back into {@code table} everything the snapshot holds of it, with its original
     * timestamps, as writes merge: what a TRUNCATE (or a DROP, the table made again) took since
     * comes back; whatever was written since, a value or a DELETE's tombstone, is newer and
     * stays. Returns the partitions restored (0 when the snapshot holds nothing of the table).
     *
     * @throws StorageException when there is no such snapshot
     */
    long restore(TableId table, String tag);

    /** Estimates the partitions and bytes of a table in a token range. */
    SizeEstimate estimateSize(TableId table, TokenRange range);

    /**
     * Runs one purge sweep over a table now: drops cells shadowed by deletions, and
     * tombstones and expired cells past the table's gc grace (and, for a table with
     * {@link TableOptions#purgeAfterRepair}, deleted more than gc grace before the last repair
     * of their token started, {@link #repaired}).
     * Writes are not blocked; an entry written during the sweep is left alone. The engine also
     * runs this periodically.
     */
    PurgeResult purge(TableId table);

    /**
     * Records, durably, that a repair of {@code table} in {@code range} that started at
     * {@code repairedAtSeconds} finished: every replica holds every tombstone any of them held
     * then. A token keeps the latest such time it was given.
     */
    void markRepaired(TableId table, TokenRange range, long repairedAtSeconds);

    /** What repairs have established of {@code table}'s tombstones ({@link RepairedRanges#NONE} before any). */
    RepairedRanges repaired(TableId table);

    /**
     * The highest write sequence number handed out, taken once every write that took one is
     * stored: each partition of a table that {@link TableOptions#tracksUnrepaired} written up to
     * then is listed by {@link #unrepaired} from now on, until {@link #clearUnrepaired} clears it.
     */
    long unrepairedHighWater();

    /**
     * Up to {@code max} partitions of {@code table} in {@code range} written since a repair last
     * cleared them (after {@code resumeAfter}, when not null), in token order: what an
     * incremental repair compares. A table that does not track them lists none.
     */
    UnrepairedPage unrepaired(TableId table, TokenRange range, PartitionKey resumeAfter, int max);

    /**
     * Forgets the partitions of {@code table} in {@code range} whose latest write took a
     * sequence number at most {@code upTo} ({@link #unrepairedHighWater}), unless written again
     * since: a repair compared and synchronized them. Returns how many it forgot.
     */
    long clearUnrepaired(TableId table, TokenRange range, long upTo);

    /**
     * Makes every write so far durable (the commit log forced to disk), whatever its sync mode:
     * a repair does so before it clears what it compared, which a crash must not take back.
     */
    void sync();

    /** Flushes pending commit log syncs and releases files and memory. */
    @Override
    void close();
}
