package io.cairn.node.paxos;

import io.cairn.common.wire.ByteWriter;
import io.cairn.node.messages.Ballot;
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
import io.cairn.storage.wire.StorageSerializers;

import java.util.Arrays;

/**
 * The acceptor's durable registers, one storage partition per (table, partition key) in the
 * table {@code system.paxos}, which is created in storage only (not in the CQL schema). Each
 * register is one cell written at its ballot's time with the ballot first in its value, so the
 * storage engine's merge (highest timestamp, then greater value) keeps the highest ballot of
 * each: "promised = max", "latest accepted" and "latest committed" need no read before write,
 * and a stale or replayed write can never lower a register. Every write is synced.
 *
 * <p>Cell values: {@code promised = ballot}; {@code accepted} and {@code committed =
 * ballot, byte 0, serialized update}. A later cleanup may write {@code ballot, byte 1} (no
 * update) at the same time, which the merge keeps over the full value: the ballot stays, the
 * update goes.
 *
 * <p>Not synchronized: {@link PaxosReplica} holds the partition's lock around check-and-write.
 */
public final class PaxosStore {

    /** Where the registers live. */
    public static final TableId TABLE = new TableId("system", "paxos");

    static final String PROMISED = "promised";
    static final String ACCEPTED = "accepted";
    static final String COMMITTED = "committed";
    private static final byte WITH_UPDATE = 0;

    private final StorageEngine storage;

    /** Opens the registers on {@code storage}, creating their table on first use. */
    public PaxosStore(StorageEngine storage) {
        this.storage = storage;
        storage.createTable(TABLE, TableOptions.DEFAULTS);
    }

    /** What this replica recorded for the partition (all absent when nothing was). */
    public AcceptorState load(TableId table, PartitionKey key) {
        PartitionData data = storage.read(TABLE, registersKey(table, key), ReadFilter.all(0));
        if (data.rows().isEmpty()) {
            return AcceptorState.EMPTY;
        }
        Row row = data.rows().get(0);
        Cell promised = row.cell(PROMISED);
        Cell accepted = row.cell(ACCEPTED);
        Cell committed = row.cell(COMMITTED);
        return new AcceptorState(promised == null ? null : Ballot.fromBytes(promised.value()),
                accepted == null ? null : Ballot.fromBytes(accepted.value()), update(accepted),
                committed == null ? null : Ballot.fromBytes(committed.value()), update(committed));
    }

    /** Records a promise of {@code ballot}, durably. */
    public void promise(TableId table, PartitionKey key, Ballot ballot) {
        write(table, key, Row.builder(Clustering.EMPTY).cell(Cell.live(PROMISED, ballot.toBytes(), ballot.micros())));
    }

    /** Records the acceptance of {@code update} at {@code ballot} (and the promise it implies), durably and atomically. */
    public void accept(TableId table, Ballot ballot, PartitionUpdate update) {
        write(table, update.key(), Row.builder(Clustering.EMPTY)
                .cell(Cell.live(PROMISED, ballot.toBytes(), ballot.micros()))
                .cell(Cell.live(ACCEPTED, withUpdate(ballot, update), ballot.micros())));
    }

    /**
     * Applies the chosen {@code update} to its table, then records it as committed, both
     * durably. A crash between the two leaves the acceptance newer than the commit, so the
     * next prepare completes it again: applying is idempotent.
     */
    public void commit(TableId table, Ballot ballot, PartitionUpdate update) {
        storage.applySynced(table, update);
        write(table, update.key(), Row.builder(Clustering.EMPTY)
                .cell(Cell.live(COMMITTED, withUpdate(ballot, update), ballot.micros())));
    }

    private void write(TableId table, PartitionKey key, Row.Builder registers) {
        storage.applySynced(TABLE, PartitionUpdate.builder(registersKey(table, key)).row(registers.build()).build());
    }

    /** The registers' partition: the data partition's token, and the table's name before its key bytes. */
    static PartitionKey registersKey(TableId table, PartitionKey key) {
        ByteWriter out = new ByteWriter(16 + key.key().length);
        out.writeString(table.keyspace()).writeString(table.table()).writeRaw(key.key());
        return new PartitionKey(key.token(), out.toByteArray());
    }

    private static byte[] withUpdate(Ballot ballot, PartitionUpdate update) {
        byte[] serialized = StorageSerializers.serialize(update);
        byte[] value = Arrays.copyOf(ballot.toBytes(), Ballot.BYTES + 1 + serialized.length);
        value[Ballot.BYTES] = WITH_UPDATE;
        System.arraycopy(serialized, 0, value, Ballot.BYTES + 1, serialized.length);
        return value;
    }

    private static PartitionUpdate update(Cell register) {
        if (register == null || register.value().length <= Ballot.BYTES || register.value()[Ballot.BYTES] != WITH_UPDATE) {
            return null;
        }
        return StorageSerializers.deserializeUpdate(
                Arrays.copyOfRange(register.value(), Ballot.BYTES + 1, register.value().length));
    }
}
