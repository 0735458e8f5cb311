package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.error.WriteType;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.counter.CounterLeader;
import io.cairn.node.messages.CounterWriteMessage;
import io.cairn.node.messages.CounterWriteResponse;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.tracing.Trace;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Counter writes: each partition's increments go to one live replica, the leader (this node when
 * it is a replica, else one of the local data center's, else any), which turns them into its
 * shards ({@link CounterLeader}) and writes those to every replica at the consistency level
 * ({@link WritePath#writeLed}). The leader answers once the level is met. A leader that does not
 * answer in time leaves the outcome unknown: WRITE_TIMEOUT of type COUNTER, never a retry (an
 * increment applied twice would count twice).
 */
final class CounterWrites {

    private static final Logger LOG = LoggerFactory.getLogger(CounterWrites.class);

    private final CounterLeader leader;
    private final WritePath writes;
    private final MessagingService messaging;
    private final Topology topology;
    private final Function<TableId, TableMetadata> tables;
    /** How long a coordinator waits for a remote leader, which itself waits up to the write timeout. */
    private final Duration leaderTimeout;

    CounterWrites(CounterLeader leader, WritePath writes, MessagingService messaging, Topology topology,
                  Function<TableId, TableMetadata> tables, Duration writeTimeout) {
        this.leader = leader;
        this.writes = writes;
        this.messaging = messaging;
        this.topology = topology;
        this.tables = tables;
        this.leaderTimeout = writeTimeout.multipliedBy(2);
    }

    /**
     * Writes each partition's update of each table through its leader. UNAVAILABLE, before
     * anything is sent, when some partition has too few live replicas. Once the partitions are
     * under way, one whose leader finds too few (its view may differ) is a WRITE_TIMEOUT when there
     * are several: another may be applied already, and UNAVAILABLE would tell the client none was.
     */
    CompletableFuture<Void> write(List<TableUpdates> parts, ConsistencyLevel consistency, Trace trace) {
        List<List<Topology.Placement>> placements = new ArrayList<>(parts.size());
        int partitions = 0;
        try {
            for (TableUpdates part : parts) {
                placements.add(writes.checkAvailable(part.table(), part.updates(), consistency));
                partitions += part.updates().size();
            }
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Void>> written = new ArrayList<>(partitions);
        for (int p = 0; p < parts.size(); p++) {
            TableUpdates part = parts.get(p);
            for (int i = 0; i < part.updates().size(); i++) {
                List<NodeAddress> replicas = placements.get(p).get(i).replicas();
                CompletableFuture<Void> one = writeOne(part.table(), part.updates().get(i), replicas, consistency,
                        trace);
                if (partitions > 1) {
                    int blockFor = ConsistencyPlan.blockFor(consistency, part.table().keyspace(), replicas, topology);
                    one = one.exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                            io.cairn.common.concurrent.AsyncLoop.unwrap(failure) instanceof UnavailableException
                                    ? new WriteTimeoutException(consistency, 0, blockFor, WriteType.COUNTER)
                                    : failure));
                }
                written.add(one);
            }
        }
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> writeOne(TableMetadata table, PartitionUpdate update, List<NodeAddress> replicas,
                                             ConsistencyLevel consistency, Trace trace) {
        NodeAddress chosen = leaderOf(replicas, update);
        if (chosen == null) {
            return CompletableFuture.failedFuture(new UnavailableException(consistency,
                    ConsistencyPlan.blockFor(consistency, table.keyspace(), replicas, topology), 0));
        }
        if (chosen.equals(topology.self())) {
            return writes.writeLed(table, update, consistency, u -> leader.lead(table.tableId(), u), trace);
        }
        if (trace.isOn()) {
            trace.event("Sending COUNTER_WRITE message to its leader " + chosen);
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        int blockFor = ConsistencyPlan.blockFor(consistency, table.keyspace(), replicas, topology);
        messaging.sendRequest(chosen, Verb.COUNTER_WRITE,
                new CounterWriteMessage(table.tableId(), consistency, update).serialize(), leaderTimeout,
                new ResponseCallback() {
                    @Override
                    public void onResponse(Message response) {
                        CounterWriteResponse answer;
                        try {
                            answer = CounterWriteResponse.deserialize(response.payload());
                        } catch (MalformedMessageException e) {
                            LOG.warn("A malformed COUNTER_WRITE response from {}: {}", chosen, e.getMessage());
                            written.completeExceptionally(new WriteTimeoutException(consistency, 0, blockFor,
                                    WriteType.COUNTER));
                            return;
                        }
                        switch (answer.outcome()) {
                            case APPLIED -> written.complete(null);
                            case UNAVAILABLE -> written.completeExceptionally(new UnavailableException(consistency,
                                    answer.first(), answer.second()));
                            case TIMEOUT -> written.completeExceptionally(new WriteTimeoutException(consistency,
                                    answer.first(), answer.second(), WriteType.COUNTER));
                        }
                    }

                    @Override
                    public void onFailure(NodeAddress peer, Failure failure) {
                        // The leader may have applied the increment: the outcome is unknown.
                        written.completeExceptionally(new WriteTimeoutException(consistency, 0, blockFor,
                                WriteType.COUNTER));
                    }
                });
        return written;
    }

    /**
     * This node when it is a live replica; else a live replica of this data center, else of any,
     * chosen by the partition (so one partition's increments go to one leader while it lives);
     * null when none is alive.
     */
    private NodeAddress leaderOf(List<NodeAddress> replicas, PartitionUpdate update) {
        NodeAddress self = topology.self();
        if (replicas.contains(self)) {
            return self;
        }
        List<NodeAddress> live = replicas.stream().filter(topology::isAlive).toList();
        List<NodeAddress> local = live.stream().filter(node -> ConsistencyPlan.isLocal(node, topology)).toList();
        List<NodeAddress> candidates = local.isEmpty() ? live : local;
        if (candidates.isEmpty()) {
            return null;
        }
        return candidates.get(Math.floorMod(Arrays.hashCode(update.key().key()), candidates.size()));
    }

    /** Handles COUNTER_WRITE from other coordinators; {@code where} says where (the replica stage). */
    void register(java.util.function.UnaryOperator<MessageHandler> where) {
        messaging.registerHandler(Verb.COUNTER_WRITE, where.apply(this::onCounterWrite));
    }

    private void onCounterWrite(Message message) {
        CounterWriteMessage request;
        try {
            request = CounterWriteMessage.deserialize(message.payload());
        } catch (MalformedMessageException e) {
            LOG.warn("Dropping a malformed COUNTER_WRITE from {}: {}", message.from(), e.getMessage());
            return;
        }
        TableMetadata table = tables.apply(request.table());
        if (table == null || !table.isCounter()) {
            LOG.warn("Refusing a COUNTER_WRITE from {} for {}, which is not a counter table here",
                    message.from(), request.table());
            messaging.respondFailure(message, ResponseCallback.Failure.UNREACHABLE);
            return;
        }
        writes.writeLed(table, request.update(), request.consistency(),
                        u -> leader.lead(table.tableId(), u), Trace.NONE)
                .whenComplete((done, failure) -> {
                    if (failure == null) {
                        messaging.respond(message, CounterWriteResponse.APPLIED.serialize());
                        return;
                    }
                    Throwable cause = io.cairn.common.concurrent.AsyncLoop.unwrap(failure);
                    if (cause instanceof UnavailableException unavailable) {
                        messaging.respond(message, new CounterWriteResponse(CounterWriteResponse.Outcome.UNAVAILABLE,
                                unavailable.required(), unavailable.alive()).serialize());
                    } else if (cause instanceof WriteTimeoutException timeout) {
                        messaging.respond(message, new CounterWriteResponse(CounterWriteResponse.Outcome.TIMEOUT,
                                timeout.received(), timeout.blockFor()).serialize());
                    } else if (cause instanceof WritePath.NotALeaderException) {
                        LOG.info("Refused to lead a counter write for {}: {}", message.from(), cause.getMessage());
                        messaging.respondFailure(message, ResponseCallback.Failure.UNREACHABLE);
                    } else {
                        LOG.warn("A counter write led for {} failed", message.from(), cause);
                        messaging.respondFailure(message, ResponseCallback.Failure.UNREACHABLE);
                    }
                });
    }
}
