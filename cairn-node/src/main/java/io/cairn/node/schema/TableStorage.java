package io.cairn.node.schema;

import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Makes this node's storage match the schema, table by table: creates a table's column family or
 * updates its options there, drops it and tells the table-drop listeners. Also says which tables
 * a change between two versions of a keyspace creates, alters and drops, whichever way the new
 * version arrived.
 */
final class TableStorage {

    private final StorageEngine storage;
    private final boolean purgeAfterRepair;
    private final List<Consumer<TableId>> dropListeners = new CopyOnWriteArrayList<>();

    /** @param purgeAfterRepair whether user tables' tombstones wait for a repair before they are purged */
    TableStorage(StorageEngine storage, boolean purgeAfterRepair) {
        this.storage = storage;
        this.purgeAfterRepair = purgeAfterRepair;
    }

    void addDropListener(Consumer<TableId> listener) {
        dropListeners.add(listener);
    }

    /** Creates a system table's storage, or gives an existing one the options this version defines. */
    void createSystemTable(TableMetadata table) {
        TableOptions options = new TableOptions(table.params().gcGraceSeconds());
        if (!storage.createTable(table.tableId(), options) && !options.equals(storage.options(table.tableId()))) {
            storage.alterTable(table.tableId(), options);   // as this version defines it
        }
    }

    /**
     * Creates the table's storage, or updates its options there (gc grace, dropped columns, purge
     * after repair, tracking of unrepaired partitions).
     */
    void storeOptions(TableMetadata table) {
        // Every user table lists the partitions written since their last repair: incremental
        // repair compares those.
        TableOptions options = new TableOptions(table.params().gcGraceSeconds(), table.droppedMicros(),
                purgeAfterRepair, true);
        if (!storage.createTable(table.tableId(), options) && !options.equals(storage.options(table.tableId()))) {
            storage.alterTable(table.tableId(), options);
        }
        storeIndexes(table);
    }

    /**
     * Creates the tables of the table's secondary indexes that storage lacks. An index's entries
     * are this node's own (never repaired or streamed: each replica indexes what it stores), so
     * their tombstones go at the next purge.
     */
    private void storeIndexes(TableMetadata table) {
        for (IndexMetadata index : table.indexes().values()) {
            storage.createTable(table.tableId().index(index.name()), new TableOptions(0));
        }
    }

    /**
     * Drops the tables of indexes the table no longer has: only once writes no longer keep them
     * (the storage followers have the new schema), or a write would fail on its entries' table.
     */
    void dropIndexesNoLongerDefined(TableMetadata table) {
        for (TableId stored : storage.indexTables(table.tableId())) {
            String index = stored.table().substring(table.name().length() + 1);
            if (!table.indexes().containsKey(index)) {
                storage.dropTable(stored);
            }
        }
    }

    /** Drops the table's storage and its indexes', then runs the table-drop listeners on this thread. */
    void drop(TableMetadata table) {
        storage.indexTables(table.tableId()).forEach(storage::dropTable);
        storage.dropTable(table.tableId());
        for (Consumer<TableId> listener : dropListeners) {
            listener.accept(table.tableId());
        }
    }

    /**
     * The tables of {@code before} that {@code after} (null: dropped) no longer has: dropped, or
     * dropped and created again under the same name (another id), perhaps while this node was away.
     */
    static List<TableMetadata> dropped(KeyspaceMetadata before, KeyspaceMetadata after) {
        List<TableMetadata> dropped = new ArrayList<>();
        for (TableMetadata table : before.tables().values()) {
            TableMetadata now = after == null ? null : after.tables().get(table.name());
            if (now == null || !now.id().equals(table.id())) {
                dropped.add(table);
            }
        }
        return dropped;
    }

    /** The tables of {@code after} that {@code before} (null: absent) has not under their id. */
    static List<TableMetadata> created(KeyspaceMetadata before, KeyspaceMetadata after) {
        List<TableMetadata> created = new ArrayList<>();
        for (TableMetadata table : after.tables().values()) {
            TableMetadata was = before == null ? null : before.tables().get(table.name());
            if (was == null || !was.id().equals(table.id())) {
                created.add(table);
            }
        }
        return created;
    }

    /** The tables both versions have under the same id, changed (columns, options). */
    static List<TableMetadata> altered(KeyspaceMetadata before, KeyspaceMetadata after) {
        List<TableMetadata> altered = new ArrayList<>();
        if (before == null) {
            return altered;
        }
        for (TableMetadata table : after.tables().values()) {
            TableMetadata was = before.tables().get(table.name());
            if (was != null && was.id().equals(table.id()) && !was.equals(table)) {
                altered.add(table);
            }
        }
        return altered;
    }
}
