package io.cairn.node.query;

import io.cairn.node.batchlog.TableUpdates;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.coordinator.DataCoordinator;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TokenRange;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Replicas that answer only when the test says so: each read, scan and write is held, and
 * served by {@code answering} (this node's storage) when answered, on the test's thread.
 */
final class HeldReplicas implements DataCoordinator {

    private final DataCoordinator answering;
    private final Queue<Held<?>> held = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();

    HeldReplicas(DataCoordinator answering) {
        this.answering = answering;
    }

    private record Held<T>(String request, Supplier<CompletionStage<T>> answer, CompletableFuture<T> pending) {
        void complete() {
            answer.get().whenComplete((value, failure) -> {
                if (failure != null) {
                    pending.completeExceptionally(failure);
                } else {
                    pending.complete(value);
                }
            });
        }
    }

    private <T> CompletionStage<T> hold(String request, Supplier<CompletionStage<T>> answer) {
        CompletableFuture<T> pending = new CompletableFuture<>();
        held.add(new Held<>(request, answer, pending));
        requests.add(request);
        return pending;
    }

    /** What waits for an answer, oldest first: "read t", "scan t", "write t", "logged batch". */
    List<String> waiting() {
        return held.stream().map(Held::request).toList();
    }

    /** Every request made so far, answered or not. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Answers the oldest request. */
    void answerNext() {
        Held<?> next = held.poll();
        if (next == null) {
            throw new IllegalStateException("No request is waiting for an answer");
        }
        next.complete();
    }

    /** Fails the oldest request with {@code failure}, as a replica's error or timeout would. */
    void failNext(RuntimeException failure) {
        Held<?> next = held.poll();
        if (next == null) {
            throw new IllegalStateException("No request is waiting for an answer");
        }
        next.pending().completeExceptionally(failure);
    }

    /** Answers requests, including those made because of an answer, until none waits. */
    void answerAll() {
        while (!held.isEmpty()) {
            answerNext();
        }
    }

    @Override
    public CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                       ConsistencyLevel consistency) {
        return hold("write " + table.name(), () -> answering.write(table, updates, consistency));
    }

    @Override
    public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                               ConsistencyLevel consistency) {
        return hold("read " + table.name(), () -> answering.read(table, key, filter, consistency));
    }

    @Override
    public CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                          ReadFilter filter, ConsistencyLevel consistency, io.cairn.node.messages.IndexExpression index) {
        return hold("scan " + table.name(), () -> answering.scan(table, range, resumeAfter, filter, consistency, index));
    }

    @Override
    public CompletionStage<Void> writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return hold("logged batch", () -> answering.writeLogged(batch, consistency));
    }

    @Override
    public CompletionStage<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return hold("unlogged batch", () -> answering.writeUnlogged(batch, consistency));
    }

    @Override
    public CompletionStage<Void> truncate(TableMetadata table) {
        return hold("truncate " + table.name(), () -> answering.truncate(table));
    }

    @Override
    public CompletionStage<io.cairn.node.coordinator.CasResult> cas(TableMetadata table, PartitionKey key,
                                                                   io.cairn.node.coordinator.CasRequest request,
                                                                   ConsistencyLevel serial, ConsistencyLevel commit) {
        return hold("cas " + table.name(), () -> answering.cas(table, key, request, serial, commit));
    }

    @Override
    public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                     ConsistencyLevel serial) {
        return hold("serial read " + table.name(), () -> answering.readSerial(table, key, filter, serial));
    }
}
