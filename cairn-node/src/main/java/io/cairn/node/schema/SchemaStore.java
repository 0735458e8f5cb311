package io.cairn.node.schema;

import io.cairn.common.time.Clock;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;

import java.util.List;

/**
 * Keeps the schema in the {@code system_schema} tables, where drivers read it with ordinary
 * queries and a restart finds it: writes a keyspace's rows and loads the keyspaces back.
 *
 * <p>Not thread-safe: {@link SchemaManager} calls it under its lock.
 */
final class SchemaStore {

    private final StorageEngine storage;
    private final Clock clock;
    /** Partitions (keyspaces) read at a time while finding the newest stored timestamp. */
    private static final int EXPORT_PAGE = 256;

    /** The newest timestamp of a schema row written or loaded here. */
    private long lastWriteMicros;

    SchemaStore(StorageEngine storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Writes the rows of {@code keyspace} (null: dropped) as {@code schema}, the version it makes, has it. */
    void write(Schema schema, String keyspaceName, KeyspaceMetadata keyspace) {
        SchemaTables.write(storage, schema, keyspaceName, keyspace, nextWriteMicros(), nowSeconds());
    }

    /**
     * The keyspaces stored in the schema tables, read through {@code schema}'s definitions of
     * them. Later writes here get newer timestamps than every row stored, whatever the clock
     * says after a restart (a write that lost to an older row would leave drivers reading a
     * schema the node no longer has).
     */
    List<KeyspaceMetadata> load(Schema schema) {
        for (String name : SchemaTables.KEYSPACE_TABLES) {
            TableMetadata table = schema.table(SystemKeyspaces.SYSTEM_SCHEMA, name);
            PartitionKey resume = null;
            do {
                UpdatePage page = storage.export(table.tableId(), TokenRange.FULL, resume, EXPORT_PAGE);
                page.updates().forEach(update -> lastWriteMicros = Math.max(lastWriteMicros, newestTimestamp(update)));
                resume = page.resumeAfter();
            } while (resume != null);
        }
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
