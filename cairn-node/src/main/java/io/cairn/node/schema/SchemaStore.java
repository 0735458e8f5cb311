package io.cairn.node.schema;

import io.cairn.common.time.Clock;
import io.cairn.node.schema.SchemaManager.SchemaMutation;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the schema in the {@code system_schema} tables, where drivers read it with ordinary
 * queries and a restart finds it: writes a keyspace's rows, exports them as a push carries them,
 * stores the rows other nodes pushed and loads the keyspaces back.
 *
 * <p>Not thread-safe: {@link SchemaManager} calls it under its lock.
 */
final class SchemaStore {

    private final StorageEngine storage;
    private final Clock clock;
    /** The newest timestamp of a schema row written or received here. */
    private long lastWriteMicros;

    SchemaStore(StorageEngine storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Writes the rows of {@code keyspace} (null: dropped) as {@code schema}, the version it makes, has it. */
    void write(Schema schema, String keyspaceName, KeyspaceMetadata keyspace) {
        SchemaTables.write(storage, schema, keyspaceName, keyspace, nextWriteMicros(), nowSeconds());
    }

    /** The rows describing {@code keyspace} in every schema table of {@code schema}: what a push carries. */
    List<SchemaMutation> export(Schema schema, String keyspace) {
        List<SchemaMutation> mutations = new ArrayList<>();
        for (String name : SchemaTables.KEYSPACE_TABLES) {
            TableMetadata table = schema.table(SystemKeyspaces.SYSTEM_SCHEMA, name);
            PartitionKey partition = TableLayout.partitionKey(table, List.of(SchemaRows.text(keyspace)));
            mutations.add(new SchemaMutation(table.tableId(), storage.exportPartition(table.tableId(), partition)));
        }
        return mutations;
    }

    /** Stores schema rows another node pushed, as they are: their timestamps decide what wins. */
    void storeReceived(List<SchemaMutation> mutations) {
        for (SchemaMutation mutation : mutations) {
            if (!mutation.table().keyspace().equals(SystemKeyspaces.SYSTEM_SCHEMA)) {
                throw new IllegalArgumentException("Schema mutations only touch system_schema, not "
                        + mutation.table());
            }
            storage.apply(mutation.table(), mutation.update());
            // A later local change must win over what was received, whatever this node's clock says.
            lastWriteMicros = Math.max(lastWriteMicros, newestTimestamp(mutation.update()));
        }
    }

    /** The keyspaces stored in the schema tables, read through {@code schema}'s definitions of them. */
    List<KeyspaceMetadata> load(Schema schema) {
        return SchemaTables.load(storage, schema, nowSeconds());
    }

    private long nowSeconds() {
        return clock.currentTimeSeconds();
    }

    /** Strictly increasing write timestamps for schema rows, so a later change always wins. */
    private long nextWriteMicros() {
        long micros = clock.currentTimeMicros();
        lastWriteMicros = Math.max(micros, lastWriteMicros + 1);
        return lastWriteMicros;
    }

    private static long newestTimestamp(PartitionUpdate update) {
        long newest = update.partitionDeletion() == null ? Long.MIN_VALUE : update.partitionDeletion().timestampMicros();
        for (io.cairn.storage.Row row : update.rows()) {
            if (row.liveness() != null) {
                newest = Math.max(newest, row.liveness().timestampMicros());
            }
            for (io.cairn.storage.Cell cell : row.cells()) {
                newest = Math.max(newest, cell.timestampMicros());
            }
        }
        return newest;
    }
}
