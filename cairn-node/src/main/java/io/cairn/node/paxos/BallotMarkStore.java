package io.cairn.node.paxos;

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
 * This node's ballot high mark ({@link BallotGenerator.HighMarkStore}), in the storage table
 * {@code system.paxos_ballots} beside the acceptor's registers (storage only, not in the CQL
 * schema): one cell written synced at the mark's own time, so the engine's merge keeps the
 * highest mark ever written whatever order writes land in.
 */
public final class BallotMarkStore implements BallotGenerator.HighMarkStore {

    /** Where the mark lives. */
    public static final TableId TABLE = new TableId("system", "paxos_ballots");

    private static final String MARK = "high_mark";
    private static final PartitionKey KEY = new PartitionKey(0, "local".getBytes(StandardCharsets.UTF_8));

    private final StorageEngine storage;

    /** Opens the mark on {@code storage}, creating its table on first use. */
    public BallotMarkStore(StorageEngine storage) {
        this.storage = storage;
        storage.createTable(TABLE, TableOptions.DEFAULTS);
    }

    @Override
    public long read() {
        PartitionData data = storage.read(TABLE, KEY, ReadFilter.all(0));
        if (data.rows().isEmpty() || data.rows().get(0).cell(MARK) == null) {
            return Long.MIN_VALUE;
        }
        byte[] value = data.rows().get(0).cell(MARK).value();
        if (value.length != Long.BYTES) {
            throw new IllegalStateException("The ballot high mark in " + TABLE + " has " + value.length
                    + " bytes, not " + Long.BYTES + ": the table is corrupt");
        }
        return ByteBuffer.wrap(value).getLong();
    }

    @Override
    public void persist(long markMicros) {
        byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(markMicros).array();
        storage.applySynced(TABLE, PartitionUpdate.builder(KEY)
                .row(Row.builder(Clustering.EMPTY).cell(Cell.live(MARK, value, markMicros)).build()).build());
    }
}
