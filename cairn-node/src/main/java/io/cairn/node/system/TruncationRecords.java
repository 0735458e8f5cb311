package io.cairn.node.system;

import io.cairn.common.time.Clock;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * When each table was last truncated on this node, kept in {@code system.local}'s
 * {@code truncated_at} (table id → the time in microseconds, 8 bytes) so that it survives a
 * restart. Writes kept aside before a truncation (hints, logged batches) are not replayed
 * into the table afterwards: as in Cassandra, a write stored at or before the table's
 * truncation time is dropped when it comes up for replay.
 */
public final class TruncationRecords {

    /** The truncation time of a table never truncated here. */
    public static final long NEVER = Long.MIN_VALUE;

    private final StorageEngine storage;
    private final SchemaManager schema;
    private final Clock clock;
    /** Table id → truncation time in microseconds; loaded from system.local on first use. */
    private Map<UUID, Long> truncatedAtMicros;

    public TruncationRecords(StorageEngine storage, SchemaManager schema, Clock clock) {
        this(storage, schema, clock, table -> { });
    }

    /** @param beforeTruncate runs before this node empties a table (a snapshot, say) */
    public TruncationRecords(StorageEngine storage, SchemaManager schema, Clock clock,
                             java.util.function.Consumer<TableId> beforeTruncate) {
        this(storage, schema, clock, beforeTruncate, Runnable::run);
    }

    /**
     * @param beforeTruncate runs before this node empties a table (a snapshot, say)
     * @param emptying       runs the recording and the emptying of a table (under a lock that
     *                       keeps counter leaders out, say)
     */
    public TruncationRecords(StorageEngine storage, SchemaManager schema, Clock clock,
                             java.util.function.Consumer<TableId> beforeTruncate,
                             java.util.function.Consumer<Runnable> emptying) {
        this.emptying = emptying;
        this.storage = storage;
        this.schema = schema;
        this.clock = clock;
        this.beforeTruncate = beforeTruncate;
    }

    private final java.util.function.Consumer<TableId> beforeTruncate;
    private final java.util.function.Consumer<Runnable> emptying;

    private TableMetadata local() {
        return schema.current().table(SystemKeyspaces.SYSTEM, "local");
    }

    /** Records the truncation (durably, first) and then empties the table in this node's storage. */
    public void truncateHere(TableId table) {
        beforeTruncate.accept(table);
        emptying.accept(() -> {
            TableMetadata metadata = schema.current().table(table.keyspace(), table.table());
            if (metadata != null) {
                record(metadata.id(), clock.currentTimeMicros());
            }
            storage.truncate(table);
        });
    }

    /**
     * {@code update} without the counter shard states written at or before the table's truncation
     * here: a counter total led before a TRUNCATE and delivered after it would bring back every
     * increment the TRUNCATE removed (other tables' writes are kept as they come).
     */
    public PartitionUpdate withoutTruncatedCounters(TableId table, PartitionUpdate update) {
        TableMetadata metadata = schema.current().table(table.keyspace(), table.table());
        if (metadata == null || !metadata.isCounter()) {
            return update;
        }
        long truncatedAt = truncatedAtMicros(table);
        if (truncatedAt == NEVER) {
            return update;
        }
        PartitionUpdate.Builder kept = PartitionUpdate.builder(update.key());
        if (update.partitionDeletion() != null) {
            kept.deletePartition(update.partitionDeletion());
        }
        update.rangeDeletions().forEach(range -> kept.deleteRange(range.range(), range.deletion()));
        if (update.staticRow() != null) {
            kept.staticRow(withoutCellsUpTo(update.staticRow(), truncatedAt));
        }
        update.rows().forEach(row -> kept.row(withoutCellsUpTo(row, truncatedAt)));
        return kept.build();
    }

    private static io.cairn.storage.Row withoutCellsUpTo(io.cairn.storage.Row row, long truncatedAt) {
        io.cairn.storage.Row.Builder kept = io.cairn.storage.Row.builder(row.clustering()).liveness(row.liveness())
                .delete(row.deletion());
        row.columnDeletions().forEach(deletion -> kept.deleteColumn(deletion.column(), deletion.deletion()));
        for (io.cairn.storage.Cell cell : row.cells()) {
            if (cell.timestampMicros() > truncatedAt) {
                kept.cell(cell);
            }
        }
        return kept.build();
    }

    private synchronized void record(UUID tableId, long atMicros) {
        TableMetadata local = local();
        MapType type = (MapType) local.column("truncated_at").type();
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("key", SchemaRows.text("local"));
        row.put("truncated_at", type.pack(List.of(Map.entry(NativeType.UUID.decompose(tableId),
                ByteBuffer.allocate(Long.BYTES).putLong(0, atMicros)))));
        storage.apply(local.tableId(), SchemaRows.row(local, row, atMicros));
        records().merge(tableId, atMicros, Math::max);
    }

    /** The table's last truncation time here in microseconds, {@link #NEVER} if none. */
    public long truncatedAtMicros(TableId table) {
        TableMetadata metadata = schema.current().table(table.keyspace(), table.table());
        if (metadata == null) {
            return NEVER;
        }
        synchronized (this) {
            return records().getOrDefault(metadata.id(), NEVER);
        }
    }

    /** Whether a write of {@code table} kept aside at {@code writtenAtMicros} predates its truncation. */
    public boolean isTruncatedSince(TableId table, long writtenAtMicros) {
        return writtenAtMicros <= truncatedAtMicros(table);
    }

    private Map<UUID, Long> records() {
        assert Thread.holdsLock(this);
        if (truncatedAtMicros == null) {
            truncatedAtMicros = new HashMap<>();
            TableMetadata local = local();
            MapType type = (MapType) local.column("truncated_at").type();
            for (Map<String, ByteBuffer> row : SchemaRows.readAll(storage, local, clock.currentTimeSeconds())) {
                ByteBuffer map = row.get("truncated_at");
                if (map == null) {
                    continue;
                }
                for (Map.Entry<ByteBuffer, ByteBuffer> entry : type.unpack(map)) {
                    if (entry.getValue().remaining() == Long.BYTES) {
                        truncatedAtMicros.merge((UUID) NativeType.UUID.compose(entry.getKey()),
                                entry.getValue().getLong(entry.getValue().position()), Math::max);
                    }
                }
            }
        }
        return truncatedAtMicros;
    }
}
