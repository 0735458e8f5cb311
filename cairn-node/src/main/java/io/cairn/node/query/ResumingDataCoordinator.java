package io.cairn.node.query;

import io.cairn.node.batchlog.TableUpdates;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.coordinator.CasRequest;
import io.cairn.node.coordinator.CasResult;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TokenRange;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A coordinator whose answers that come later (from replicas, on a messaging thread) resume
 * the statement on {@code resumeOn}: what the statement does next (read the next chunk from
 * this node's storage, compute the result) must not hold up the thread that delivers other
 * messages. Answers already there when a call returns continue on the calling thread, and
 * failures on the thread that delivered them.
 */
final class ResumingDataCoordinator implements DataCoordinator {

    private final DataCoordinator coordinator;
    private final Executor resumeOn;

    ResumingDataCoordinator(DataCoordinator coordinator, Executor resumeOn) {
        this.coordinator = coordinator;
        this.resumeOn = resumeOn;
    }

    @Override
    public DataCoordinator traced(io.cairn.node.tracing.Trace trace) {
        return trace.isOn() ? new ResumingDataCoordinator(coordinator.traced(trace), resumeOn) : this;
    }

    private <T> CompletionStage<T> resumed(CompletionStage<T> answer) {
        CompletableFuture<T> future = answer.toCompletableFuture();
        return future.isDone() ? future : future.thenApplyAsync(value -> value, resumeOn);
    }

    @Override
    public CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                       ConsistencyLevel consistency) {
        return resumed(coordinator.write(table, updates, consistency));
    }

    @Override
    public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                               ConsistencyLevel consistency) {
        return resumed(coordinator.read(table, key, filter, consistency));
    }

    @Override
    public CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                          ReadFilter filter, ConsistencyLevel consistency,
                                          io.cairn.node.messages.IndexExpression index) {
        return resumed(coordinator.scan(table, range, resumeAfter, filter, consistency, index));
    }

    @Override
    public CompletionStage<Void> writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return resumed(coordinator.writeLogged(batch, consistency));
    }

    @Override
    public CompletionStage<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return resumed(coordinator.writeUnlogged(batch, consistency));
    }

    @Override
    public CompletionStage<Void> truncate(TableMetadata table) {
        return resumed(coordinator.truncate(table));
    }

    @Override
    public CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                          ConsistencyLevel serial, ConsistencyLevel commit) {
        return resumed(coordinator.cas(table, key, request, serial, commit));
    }

    @Override
    public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                     ConsistencyLevel serial) {
        return resumed(coordinator.readSerial(table, key, filter, serial));
    }
}
