package io.cairn.node.coordinator;

import io.cairn.common.time.Clock;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Cell;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A single node's data access: its own storage, with the consistency levels a one-node
 * cluster can satisfy (see {@link LocalConsistency}).
 */
public final class LocalDataCoordinator implements DataCoordinator {

    private final StorageEngine storage;
    private final SchemaManager schema;
    private final String localDataCenter;
    private final Clock clock;
    /** Transactions of partitions that share a stripe wait for one another: short critical sections. */
    private final Object[] partitionLocks = new Object[64];
    private final AtomicLong lastCasMicros = new AtomicLong(Long.MIN_VALUE);
    /** This node leads every counter write; its shard's incarnation is taken at the first one. */
    private final io.cairn.node.counter.CounterLeader counters;

    /** Without a clock: a transaction's timestamp is only above everything its read saw. */
    public LocalDataCoordinator(StorageEngine storage, SchemaManager schema, String localDataCenter) {
        this(storage, schema, localDataCenter, null);
    }

    /** @param clock the time of lightweight transactions' writes (a ballot's time), or null */
    public LocalDataCoordinator(StorageEngine storage, SchemaManager schema, String localDataCenter, Clock clock) {
        this.storage = storage;
        this.schema = schema;
        this.localDataCenter = localDataCenter;
        this.clock = clock;
        for (int i = 0; i < partitionLocks.length; i++) {
            partitionLocks[i] = new Object();
        }
        java.util.function.Supplier<byte[]> shardId = new java.util.function.Supplier<>() {
            private byte[] id;

            @Override
            public synchronized byte[] get() {
                if (id == null) {
                    id = io.cairn.node.counter.CounterCells.shardId(new java.util.UUID(0, 0),
                            io.cairn.node.counter.ShardIncarnation.next(storage));
                }
                return id;
            }
        };
        this.counters = new io.cairn.node.counter.CounterLeader(storage, shardId);
    }

    /** Applies one partition's update: a counter table's through the leader's step. */
    private void apply(TableMetadata table, PartitionUpdate update) {
        if (table.isCounter()) {
            counters.lead(table.tableId(), update);
        } else {
            storage.apply(table.tableId(), update);
        }
    }

    private void check(TableMetadata table, ConsistencyLevel consistency, boolean isWrite) {
        var keyspace = schema.current().keyspace(table.keyspace());
        if (keyspace != null) {
            LocalConsistency.check(keyspace, consistency, isWrite, localDataCenter);
        }
    }

    /** Runs local storage work on the caller's thread; what it throws fails the stage. */
    private static <T> CompletionStage<T> now(Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                       ConsistencyLevel consistency) {
        return now(() -> {
            check(table, consistency, true);
            for (PartitionUpdate update : updates) {
                apply(table, update);
            }
            return null;
        });
    }

    /** A batch: every table's consistency is checked before anything is applied. */
    @Override
    public CompletionStage<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return now(() -> {
            for (TableUpdates part : batch) {
                check(part.table(), consistency, true);
            }
            for (TableUpdates part : batch) {
                for (PartitionUpdate update : part.updates()) {
                    apply(part.table(), update);
                }
            }
            return null;
        });
    }

    /** On one node the commit log holds each partition's update: a LOGGED batch needs no batchlog. */
    @Override
    public CompletionStage<Void> writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return writeUnlogged(batch, consistency);
    }

    @Override
    public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                               ConsistencyLevel consistency) {
        return now(() -> {
            check(table, consistency, false);
            return storage.read(table.tableId(), key, filter);
        });
    }

    @Override
    public CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                          ReadFilter filter, ConsistencyLevel consistency,
                                          io.cairn.node.messages.IndexExpression index) {
        return now(() -> {
            check(table, consistency, false);
            ScanPage page = storage.scan(table.tableId(), range, resumeAfter, filter);
            // A node on its own keeps no index: it filters what it reads.
            return index == null ? page : io.cairn.node.index.IndexScanner.matcher(table, index).filter(page);
        });
    }

    @Override
    public CompletionStage<Void> truncate(TableMetadata table) {
        return now(() -> {
            storage.truncate(table.tableId());
            return null;
        });
    }
    /**
     * On one node a transaction is linearizable under a per-partition lock: read, decide and
     * apply happen while no other transaction of that partition runs, so Paxos has nothing to
     * add. The update's timestamp is above every earlier transaction's of this node and, when
     * there is a clock, at least its time (as a ballot is).
     */
    @Override
    public CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                          ConsistencyLevel serial, ConsistencyLevel commit) {
        return now(() -> {
            check(table, serial, false);
            check(table, commit, true);
            synchronized (lockOf(key)) {
                PartitionData current = storage.read(table.tableId(), key, request.readFilter());
                long micros = nextTimestampMicros(current, request.readFilter().nowSeconds());
                PartitionUpdate update = request.decide(current, micros, Math.floorDiv(micros, 1_000_000L));
                if (update == null) {
                    return new CasResult(false, current);
                }
                storage.apply(table.tableId(), update);
                return new CasResult(true, current);
            }
        });
    }

    @Override
    public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                     ConsistencyLevel serial) {
        return now(() -> {
            check(table, serial, false);
            synchronized (lockOf(key)) {
                return storage.read(table.tableId(), key, filter);
            }
        });
    }

    private Object lockOf(PartitionKey key) {
        return partitionLocks[Math.floorMod(key.hashCode(), partitionLocks.length)];
    }

    /**
     * Strictly above the last transaction's timestamp and every cell read, so that a
     * transaction's write wins over what its condition saw even without a clock; and not
     * before the statement's own time (its read's "now").
     */
    private long nextTimestampMicros(PartitionData current, long statementSeconds) {
        long floor = clock == null ? Long.MIN_VALUE : clock.currentTimeMicros();
        floor = Math.max(floor, Math.multiplyExact(statementSeconds, 1_000_000L));
        floor = Math.max(floor, highestTimestamp(current) + 1);
        long base = floor;
        return lastCasMicros.updateAndGet(last -> Math.max(base, last + 1));
    }

    private static long highestTimestamp(PartitionData data) {
        long highest = 0;
        List<Row> rows = new java.util.ArrayList<>(data.rows());
        if (data.staticRow() != null) {
            rows.add(data.staticRow());
        }
        for (Row row : rows) {
            if (row.liveness() != null) {
                highest = Math.max(highest, row.liveness().timestampMicros());
            }
            for (Cell cell : row.cells()) {
                highest = Math.max(highest, cell.timestampMicros());
            }
        }
        return highest;
    }
}
