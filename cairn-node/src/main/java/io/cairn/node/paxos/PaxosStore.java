package io.cairn.node.paxos;

import io.cairn.common.wire.ByteWriter;
import io.cairn.node.messages.Ballot;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.ColumnDeletion;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TableWrite;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.wire.StorageSerializers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The acceptor's durable registers, one storage partition per (table, partition key) in the
 * table {@code system.paxos}, which is created in storage only (not in the CQL schema). Each
 * register is one cell written at its ballot's time with the ballot first in its value, so the
 * storage engine's merge (highest timestamp, then greater value) keeps the highest ballot of
 * each: "promised = max", "latest accepted" and "latest committed" need no read before write,
 * and a stale or replayed write can never lower a register. Acceptances and commits are
 * synced writes. A promise is not, unless it is past the <em>promise floor</em>: a ballot time,
 * kept synced in its own partition and reserved {@link #FLOOR_RESERVE_MICROS} ahead of the
 * promises, that bounds every promise made since this store opened. A crash may lose a promise
 * written since, but never the floor above it, and a store opened again refuses every ballot at
 * or below the floor it finds ({@link #floor}): as if it had kept every promise. So a prepare
 * costs no disk sync but about one in each reserved span of ballot time.
 *
 * <p>Cell values: {@code promised = ballot}; {@code accepted} and {@code committed =
 * ballot, byte 0, serialized update}. A later cleanup may write {@code ballot, byte 1} (no
 * update) at the same time, which the merge keeps over the full value: the ballot stays, the
 * update goes.
 *
 * <p>{@link PaxosReplica} holds the partition's lock around check-and-write; only the floor is
 * shared across partitions, and guarded here.
 */
public final class PaxosStore {

    /** Where the registers live. */
    public static final TableId TABLE = new TableId("system", "paxos");

    static final String PROMISED = "promised";
    static final String ACCEPTED = "accepted";
    static final String COMMITTED = "committed";
    private static final byte WITH_UPDATE = 0;
    private static final byte CLEANED = 1;

    /**
     * How far past a promise the floor is reserved. After a crash, ballots up to this much ahead
     * of the last promise are refused (proposers move past them), so LWT timestamps may run that
     * far ahead of the clock for a moment; more often a promise costs a sync instead.
     */
    static final long FLOOR_RESERVE_MICROS = 250_000;
    static final String FLOOR = "floor";
    /** The floor's partition: a key no table's registers can have (table names are never empty). */
    private static final PartitionKey FLOOR_KEY = new PartitionKey(0,
            new ByteWriter(4).writeString("").writeString("").toByteArray());

    /** Register partitions read per page when looking for a table's. */
    private static final int SCAN_PAGE = 256;

    private final StorageEngine storage;
    private final ToLongFunction<TableId> truncatedAtMicros;
    private final Ballot floor;
    /** The highest floor known to be on disk; promises at or below it need no sync. Guarded by {@code this}. */
    private long durableFloorMicros;

    /**
     * Opens the registers on {@code storage}, creating their table on first use.
     *
     * @param truncatedAtMicros when each table was last truncated here, in microseconds
     *                          ({@code Long.MIN_VALUE}: never)
     */
    public PaxosStore(StorageEngine storage, ToLongFunction<TableId> truncatedAtMicros) {
        this.storage = storage;
        this.truncatedAtMicros = truncatedAtMicros;
        storage.createTable(TABLE, TableOptions.DEFAULTS);
        PartitionData stored = storage.read(TABLE, FLOOR_KEY, ReadFilter.all(0));
        Cell floorCell = stored.rows().isEmpty() ? null : stored.rows().get(0).cell(FLOOR);
        this.floor = floorCell == null ? null : Ballot.fromBytes(floorCell.value());
        this.durableFloorMicros = floor == null ? Long.MIN_VALUE : floor.micros();
    }

    /**
     * The floor found when this store opened: above every ballot this replica may have promised
     * before (null: none was ever reserved). Every ballot at or below it is to be refused.
     */
    public Ballot floor() {
        return floor;
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

    /**
     * Records a promise of {@code ballot}, so that it outlives a crash: under the durable floor
     * an unsynced write is enough (the floor keeps it); past it, the promise and a floor
     * reserved ahead of it are written together, synced. Thread-safe across partitions.
     */
    public void promise(TableId table, PartitionKey key, Ballot ballot) {
        PartitionUpdate promise = PartitionUpdate.builder(registersKey(table, key)).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live(PROMISED, ballot.toBytes(), ballot.micros())).build()).build();
        boolean covered;
        synchronized (this) {
            covered = ballot.micros() <= durableFloorMicros;
        }
        if (covered) {
            storage.apply(TABLE, promise);
            return;
        }
        long reserved = Math.addExact(ballot.micros(), FLOOR_RESERVE_MICROS);
        Ballot newFloor = new Ballot(reserved, Long.MAX_VALUE);
        storage.applySynced(List.of(new TableWrite(TABLE, promise), new TableWrite(TABLE,
                PartitionUpdate.builder(FLOOR_KEY).row(Row.builder(Clustering.EMPTY)
                        .cell(Cell.live(FLOOR, newFloor.toBytes(), reserved)).build()).build())));
        synchronized (this) {
            // Only once it is on disk: a concurrent promise under it must not go unsynced before.
            durableFloorMicros = Math.max(durableFloorMicros, reserved);
        }
    }

    /** Records the acceptance of {@code update} at {@code ballot} (and the promise it implies), durably and atomically. */
    public void accept(TableId table, Ballot ballot, PartitionUpdate update) {
        write(table, update.key(), Row.builder(Clustering.EMPTY)
                .cell(Cell.live(PROMISED, ballot.toBytes(), ballot.micros()))
                .cell(Cell.live(ACCEPTED, withUpdate(ballot, update), ballot.micros())));
    }

    /**
     * Applies the chosen {@code update} to its table and records it as committed, in one synced
     * write: a crash keeps both or neither (then the acceptance, newer than the commit, makes the
     * next prepare complete it again; applying is idempotent). An update written at or before
     * the table's last truncation here is not applied (only recorded): it was proposed before
     * the TRUNCATE, which removed what it would have written, and completing it later must not
     * bring it back (its timestamps, kept through completions, say when it was decided).
     */
    public void commit(TableId table, Ballot ballot, PartitionUpdate update) {
        commit(table, ballot, update, Row.builder(Clustering.EMPTY));
    }

    /**
     * Records the acceptance of {@code update} at {@code ballot}, applies it and records it as
     * committed, in one synced write: what a replica does when its acceptance completes the quorum.
     */
    public void acceptAndCommit(TableId table, Ballot ballot, PartitionUpdate update) {
        commit(table, ballot, update, Row.builder(Clustering.EMPTY)
                .cell(Cell.live(PROMISED, ballot.toBytes(), ballot.micros()))
                .cell(Cell.live(ACCEPTED, withUpdate(ballot, update), ballot.micros())));
    }

    private void commit(TableId table, Ballot ballot, PartitionUpdate update, Row.Builder registers) {
        registers.cell(Cell.live(COMMITTED, withUpdate(ballot, update), ballot.micros()));
        List<TableWrite> writes = new ArrayList<>(2);
        if (newestTimestamp(update) > truncatedAtMicros.applyAsLong(table)) {
            writes.add(new TableWrite(table, update));
        }
        writes.add(new TableWrite(TABLE, PartitionUpdate.builder(registersKey(table, update.key()))
                .row(registers.build()).build()));
        storage.applySynced(writes);
    }

    /**
     * Drops the update of the accepted and/or committed register, keeping its ballot: the value
     * {@code ballot, 1} at the ballot's time wins the merge over {@code ballot, 0, update} at the
     * same time, and loses to any later register. Not synced: a cleanup lost in a crash only
     * leaves an update that nobody needs.
     */
    public void cleanup(TableId table, PartitionKey key, Ballot ballot, boolean accepted, boolean committed) {
        Row.Builder registers = Row.builder(Clustering.EMPTY);
        if (accepted) {
            registers.cell(Cell.live(ACCEPTED, cleaned(ballot), ballot.micros()));
        }
        if (committed) {
            registers.cell(Cell.live(COMMITTED, cleaned(ballot), ballot.micros()));
        }
        if (accepted || committed) {
            storage.apply(TABLE, PartitionUpdate.builder(registersKey(table, key)).row(registers.build()).build());
        }
    }

    /**
     * Makes the registers of a dropped table's partition hold nothing to complete or catch up:
     * the accepted and committed registers both become the highest ballot recorded there, without
     * an update, written synced. A table created again under the name starts from them: its first
     * ballots are past them, nothing is in flight, and no replica can be sent an old update.
     */
    public void forget(TableId table, PartitionKey key) {
        Ballot highest = load(table, key).highest();
        if (highest != null) {
            write(table, key, Row.builder(Clustering.EMPTY)
                    .cell(Cell.live(ACCEPTED, cleaned(highest), highest.micros()))
                    .cell(Cell.live(COMMITTED, cleaned(highest), highest.micros())));
        }
    }

    /**
     * Calls {@code action} with the key of every data partition of {@code table} that has
     * registers here: a scan of all registers, a page at a time (they are ordered by token first).
     */
    public void forEachKey(TableId table, Consumer<PartitionKey> action) {
        int prefix = registersPrefix(table).length;
        PartitionKey resume = null;
        do {
            UpdatePage page = exportRegisters(storage, table, TokenRange.FULL, resume, SCAN_PAGE);
            for (PartitionUpdate registers : page.updates()) {
                byte[] stored = registers.key().key();
                action.accept(new PartitionKey(registers.key().token(),
                        Arrays.copyOfRange(stored, prefix, stored.length)));
            }
            resume = page.resumeAfter();
        } while (resume != null);
    }

    /**
     * A page of the registers of {@code table}'s partitions in {@code range}, as stored (every
     * register, its update or its cleaned mark): what a node receiving the range copies along
     * with the data. {@code resumeAfter} and the page's resume key are registers' keys; a page
     * may hold fewer partitions than asked, or none, and still resume (other tables' registers
     * share the range).
     */
    public static UpdatePage exportRegisters(StorageEngine storage, TableId table, TokenRange range,
                                             PartitionKey resumeAfter, int maxPartitions) {
        UpdatePage page = storage.export(TABLE, range, resumeAfter, maxPartitions);
        byte[] prefix = registersPrefix(table);
        List<PartitionUpdate> ofTable = new ArrayList<>(page.updates().size());
        for (PartitionUpdate registers : page.updates()) {
            if (startsWith(registers.key(), prefix)) {
                ofTable.add(registers);
            }
        }
        return new UpdatePage(ofTable, page.resumeAfter());
    }

    /**
     * Merges registers copied from another replica of their partitions (a page of
     * {@link #exportRegisters}) into this store's, in one synced write: the storage merge keeps
     * each register's higher ballot, so nothing recorded here is lowered, and no check is needed
     * against a prepare or proposal handled meanwhile (it is as if it came first).
     *
     * @throws IllegalStateException when a copied partition is not a register of {@code table}
     *                               (the floor, or another table's, is never copied)
     */
    public void receive(TableId table, List<PartitionUpdate> registers) {
        byte[] prefix = registersPrefix(table);
        List<TableWrite> writes = new ArrayList<>(registers.size());
        for (PartitionUpdate copied : registers) {
            if (!startsWith(copied.key(), prefix)) {
                throw new IllegalStateException("Copied Paxos registers " + copied.key() + " are not of " + table
                        + ": only a table's own registers are copied with its data");
            }
            writes.add(new TableWrite(TABLE, copied));
        }
        if (!writes.isEmpty()) {
            storage.applySynced(writes);
        }
    }

    /** What the keys of the registers of {@code table}'s partitions begin with: the table's name. */
    private static byte[] registersPrefix(TableId table) {
        return new ByteWriter(16).writeString(table.keyspace()).writeString(table.table()).toByteArray();
    }

    /** Whether {@code registersKey} begins with {@code prefix} (a table's {@link #registersPrefix}). */
    private static boolean startsWith(PartitionKey registersKey, byte[] prefix) {
        byte[] stored = registersKey.key();
        return stored.length >= prefix.length && Arrays.equals(stored, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The newest write timestamp in {@code update}: its cells', row markers' and deletions'. */
    static long newestTimestamp(PartitionUpdate update) {
        long newest = update.partitionDeletion() == null ? Long.MIN_VALUE
                : update.partitionDeletion().timestampMicros();
        for (var range : update.rangeDeletions()) {
            newest = Math.max(newest, range.deletion().timestampMicros());
        }
        List<Row> rows = new ArrayList<>(update.rows());
        if (update.staticRow() != null) {
            rows.add(update.staticRow());
        }
        for (Row row : rows) {
            if (row.liveness() != null) {
                newest = Math.max(newest, row.liveness().timestampMicros());
            }
            if (row.deletion() != null) {
                newest = Math.max(newest, row.deletion().timestampMicros());
            }
            for (ColumnDeletion column : row.columnDeletions()) {
                newest = Math.max(newest, column.deletion().timestampMicros());
            }
            for (Cell cell : row.cells()) {
                newest = Math.max(newest, cell.timestampMicros());
            }
        }
        return newest;
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

    private static byte[] cleaned(Ballot ballot) {
        byte[] value = Arrays.copyOf(ballot.toBytes(), Ballot.BYTES + 1);
        value[Ballot.BYTES] = CLEANED;
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
