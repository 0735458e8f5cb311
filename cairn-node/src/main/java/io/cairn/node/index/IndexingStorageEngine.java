package io.cairn.node.index;

import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.ForwardingStorageEngine;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableWrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.StampedLock;

/**
 * The node's storage, keeping its tables' secondary indexes: every write of an indexed table,
 * however it arrives (a client's, a hint, read repair, repair, streaming, a Paxos commit, a
 * batch replay), is stored in one atomic write with the entries it gives each index. A TRUNCATE
 * empties the indexes too, and a restore brings back theirs with the table's.
 *
 * <p>Which indexes a table has is what {@link #follow} last gave. It changes under a lock that
 * every write holds while it writes, so that once {@code follow} returns, every write stored
 * afterwards has the new index's entries, and every write stored before it is already in the
 * table: a build that starts then and reads the whole table misses nothing.
 */
public final class IndexingStorageEngine extends ForwardingStorageEngine {

    /** Each indexed table's indexes: how to read their values, and their tables. */
    private volatile Map<TableId, List<Indexed>> indexed = Map.of();
    private final StampedLock following = new StampedLock();
    /** The graphs of vector indexes, which writes add their vectors to once stored. */
    private final VectorIndexes vectors;

    /** One index of a table, and the table holding its entries. */
    record Indexed(IndexedValues values, TableId table) {
    }

    /** Storage keeping secondary indexes, and no vector index. */
    public IndexingStorageEngine(StorageEngine storage) {
        this(storage, null);
    }

    /** Storage keeping secondary indexes, and the vector indexes {@code vectors} (null: none). */
    public IndexingStorageEngine(StorageEngine storage, VectorIndexes vectors) {
        super(storage);
        this.vectors = vectors;
    }

    /** The vector indexes writes keep, or null. */
    public VectorIndexes vectors() {
        return vectors;
    }

    /**
     * Keeps the indexes {@code schema} defines from now on; returns once no write that began with
     * the indexes before is still being stored.
     */
    public void follow(Schema schema) {
        Map<TableId, List<Indexed>> next = new HashMap<>();
        for (KeyspaceMetadata keyspace : schema.keyspaces().values()) {
            for (TableMetadata table : keyspace.tables().values()) {
                if (table.indexes().isEmpty()) {
                    continue;
                }
                List<Indexed> indexes = new ArrayList<>(table.indexes().size());
                for (IndexMetadata index : table.indexes().values()) {
                    indexes.add(new Indexed(new IndexedValues(table, index), table.tableId().index(index.name())));
                }
                next.put(table.tableId(), List.copyOf(indexes));
            }
        }
        List<VectorIndex> made;
        long stamp = following.writeLock();
        try {
            indexed = Map.copyOf(next);
            made = vectors == null ? List.of() : vectors.follow(schema);
        } finally {
            following.unlockWrite(stamp);
        }
        if (!made.isEmpty()) {
            // Every write from now on adds its vectors: filling from the table misses none.
            vectors.fill(made);
        }
    }

    /** The indexes of {@code table} that writes keep now (none: empty). */
    List<Indexed> indexesOf(TableId table) {
        return indexed.getOrDefault(table, List.of());
    }

    @Override
    public void apply(TableId table, PartitionUpdate update) {
        long stamp = following.readLock();
        try {
            List<Indexed> indexes = indexed.get(table);
            if (indexes == null) {
                storage.apply(table, update);
                return;
            }
            List<TableWrite> writes = new ArrayList<>();
            writes.add(new TableWrite(table, update));
            addEntries(indexes, update, writes);
            applyWithEntries(writes, storage::apply);
            addVectors(writes);
        } finally {
            following.unlockRead(stamp);
        }
    }

    @Override
    public void apply(TableId table, List<PartitionUpdate> updates) {
        long stamp = following.readLock();
        try {
            List<Indexed> indexes = indexed.get(table);
            if (indexes == null) {
                storage.apply(table, updates);
                return;
            }
            List<TableWrite> writes = new ArrayList<>();
            for (PartitionUpdate update : updates) {
                writes.add(new TableWrite(table, update));
            }
            for (PartitionUpdate update : updates) {
                addEntries(indexes, update, writes);
            }
            applyWithEntries(writes, storage::apply);
            addVectors(writes);
        } finally {
            following.unlockRead(stamp);
        }
    }

    @Override
    public void apply(List<TableWrite> writes) {
        long stamp = following.readLock();
        try {
            applyWithEntries(withEntries(writes), storage::apply);
            addVectors(writes);
        } finally {
            following.unlockRead(stamp);
        }
    }

    /**
     * Applies writes with index entries; when an index's table is gone (a table dropped and
     * made again under its name, before writes stop keeping the old one's indexes), applies
     * them without the entries of tables storage no longer has.
     */
    private void applyWithEntries(List<TableWrite> writes, java.util.function.Consumer<List<TableWrite>> apply) {
        try {
            apply.accept(writes);
        } catch (io.cairn.storage.UnknownTableException gone) {
            java.util.Set<TableId> tables = storage.tables();
            List<TableWrite> kept = writes.stream()
                    .filter(write -> !write.table().isIndex() || tables.contains(write.table())).toList();
            if (kept.size() == writes.size()) {
                throw gone;
            }
            apply.accept(kept);
        }
    }

    @Override
    public void applySynced(List<TableWrite> writes, boolean listUnrepaired) {
        long stamp = following.readLock();
        try {
            applyWithEntries(withEntries(writes), each -> storage.applySynced(each, listUnrepaired));
            addVectors(writes);
        } finally {
            following.unlockRead(stamp);
        }
    }

    /** Adds the vectors of stored writes to their tables' vector indexes (under the read lock). */
    private void addVectors(List<TableWrite> writes) {
        if (vectors == null) {
            return;
        }
        for (TableWrite write : writes) {
            if (!write.table().isIndex()) {
                vectors.written(write.table(), write.update());
            }
        }
    }

    private List<TableWrite> withEntries(List<TableWrite> writes) {
        Map<TableId, List<Indexed>> now = indexed;
        List<TableWrite> all = null;
        for (TableWrite write : writes) {
            List<Indexed> indexes = now.get(write.table());
            if (indexes != null) {
                if (all == null) {
                    all = new ArrayList<>(writes);
                }
                addEntries(indexes, write.update(), all);
            }
        }
        return all == null ? writes : all;
    }

    private static void addEntries(List<Indexed> indexes, PartitionUpdate update, List<TableWrite> writes) {
        for (Indexed index : indexes) {
            for (PartitionUpdate entries : IndexEntries.of(index.values(), update)) {
                writes.add(new TableWrite(index.table(), entries));
            }
        }
    }

    /** Empties the indexes first: an entry a write adds meanwhile is at worst stale, never missing. */
    @Override
    public void truncate(TableId table) {
        if (vectors != null) {
            vectors.reset(table, false);
        }
        for (TableId index : storage.indexTables(table)) {
            storage.truncate(index);
        }
        storage.truncate(table);
    }

    /**
     * Restores the table, then indexes all it holds again: its indexes may be newer than the
     * snapshot, and entries of rows the restore brought back must be there.
     */
    @Override
    public long restore(TableId table, String tag) {
        long restored = storage.restore(table, tag);
        // Writes meanwhile index themselves; indexing a row twice changes nothing.
        List<Indexed> indexes = indexed.get(table);
        if (indexes != null) {
            IndexBuild.indexAll(storage, table, indexes);
        }
        if (vectors != null) {
            vectors.reset(table, true);
        }
        return restored;
    }

}
