package io.cairn.node.coordinator;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A single node's data access: its own storage, with the consistency levels a one-node
 * cluster can satisfy (see {@link LocalConsistency}).
 */
public final class LocalDataCoordinator implements DataCoordinator {

    private final StorageEngine storage;
    private final SchemaManager schema;
    private final String localDataCenter;

    public LocalDataCoordinator(StorageEngine storage, SchemaManager schema, String localDataCenter) {
        this.storage = storage;
        this.schema = schema;
        this.localDataCenter = localDataCenter;
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
                storage.apply(table.tableId(), update);
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
                    storage.apply(part.table().tableId(), update);
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
                                          ReadFilter filter, ConsistencyLevel consistency) {
        return now(() -> {
            check(table, consistency, false);
            return storage.scan(table.tableId(), range, resumeAfter, filter);
        });
    }

    @Override
    public CompletionStage<Void> truncate(TableMetadata table) {
        return now(() -> {
            storage.truncate(table.tableId());
            return null;
        });
    }
    @Override
    public CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                          ConsistencyLevel serial, ConsistencyLevel commit) {
        return java.util.concurrent.CompletableFuture.failedFuture(io.cairn.cql.error.CqlException.invalid(
                "Lightweight transactions are not supported yet"));
    }

    @Override
    public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                     ConsistencyLevel serial) {
        return java.util.concurrent.CompletableFuture.failedFuture(io.cairn.cql.error.CqlException.invalid(
                "SERIAL reads are not supported yet"));
    }
}
