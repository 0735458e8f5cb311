package io.cairn.node.counter;

import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * This node's counter incarnation: a number taken anew, and written synced, every time the node
 * opens its storage, kept in the storage table {@code system.counter_shard} (outside the CQL
 * schema) as one cell written at the number itself as its timestamp, so the engine's max-merge
 * keeps the highest ever taken.
 */
public final class ShardIncarnation {

    /** Where the incarnation lives. */
    public static final TableId TABLE = new TableId("system", "counter_shard");

    private static final String INCARNATION = "incarnation";
    private static final PartitionKey KEY = new PartitionKey(0, "local".getBytes(StandardCharsets.UTF_8));

    private ShardIncarnation() {
    }

    /**
     * Takes the next incarnation on {@code storage} (creating its table on first use): one above
     * the last one taken, made durable before it is returned. Two callers on one storage take two
     * (the read and the write happen under one lock).
     */
    public static synchronized long next(StorageEngine storage) {
        storage.createTable(TABLE, TableOptions.DEFAULTS);
        PartitionData data = storage.read(TABLE, KEY, ReadFilter.all(0));
        long last = 0;
        if (!data.rows().isEmpty() && data.rows().get(0).cell(INCARNATION) != null) {
            last = CounterCells.value(data.rows().get(0).cell(INCARNATION));
        }
        if (last < 0 || last == Long.MAX_VALUE) {
            throw new IllegalStateException("The counter incarnation in " + TABLE + " is " + last
                    + ": the table is corrupt");
        }
        long next = last + 1;
        storage.applySynced(TABLE, PartitionUpdate.builder(KEY).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live(INCARNATION, ByteBuffer.allocate(Long.BYTES).putLong(next).array(), next))
                .build()).build());
        return next;
    }
}
