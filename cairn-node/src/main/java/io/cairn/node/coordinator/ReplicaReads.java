package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.node.replica.ReplicaHandlers;
import io.cairn.node.messages.ReadMessage;
import io.cairn.node.messages.ReadMode;
import io.cairn.node.messages.TracedPayload;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.SpeculativeRetry;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.tracing.Trace;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What point and range reads share: the order replicas are asked in, requests to them, their
 * latencies by table, failover to a spare replica and speculative retry.
 */
final class ReplicaReads {

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final Topology topology;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Duration readTimeout;
    private final CoordinatorMetrics metrics;
    private final Map<TableId, LatencyWindow> readLatencies = new ConcurrentHashMap<>();
    private final Map<TableId, LatencyWindow> rangeReadLatencies = new ConcurrentHashMap<>();
    private final Map<String, SpeculativeRetry> retryPolicies = new ConcurrentHashMap<>();

    ReplicaReads(StorageEngine storage, MessagingService messaging, Topology topology, Clock clock,
                 Scheduler scheduler, Duration readTimeout, CoordinatorMetrics metrics) {
        this.storage = storage;
        this.messaging = messaging;
        this.topology = topology;
        this.clock = clock;
        this.scheduler = scheduler;
        this.readTimeout = readTimeout;
        this.metrics = metrics;
    }

    boolean isSelf(NodeAddress replica) {
        return replica.equals(topology.self());
    }

    /** Live replicas in the order reads prefer them: this node, its data center, the others. */
    List<NodeAddress> readOrder(List<NodeAddress> replicas) {
        List<NodeAddress> live = new ArrayList<>(replicas.stream().filter(topology::isAlive).toList());
        live.sort(Comparator.comparingInt(node -> node.equals(topology.self()) ? 0
                : ConsistencyPlan.isLocal(node, topology) ? 1 : 2));
        return live;
    }

    /**
     * A read request to one replica, stamped with the epoch its replicas were planned at: its
     * answer, or null when it failed, timed out or was refused as planned at a stale epoch
     * (which {@code round}, when given, is told).
     */
    CompletableFuture<byte[]> request(NodeAddress target, Verb verb, byte[] payload, long planEpoch,
                                      ReadRound round) {
        return request(target, verb, payload, planEpoch, round, Trace.NONE);
    }

    /** As above, as part of {@code trace}'s session: the replica records its steps too. */
    CompletableFuture<byte[]> request(NodeAddress target, Verb verb, byte[] payload, long planEpoch,
                                      ReadRound round, Trace trace) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        if (trace.isOn()) {
            payload = TracedPayload.wrap(trace.session(), payload);
            trace.event("Sending " + verb + " message to " + target + ", " + payload.length + " bytes");
        }
        messaging.sendRequest(target, verb, payload, planEpoch, readTimeout,
                new io.cairn.cluster.messaging.ResponseCallback() {
                    @Override
                    public void onResponse(io.cairn.cluster.messaging.Message response) {
                        if (trace.isOn()) {
                            trace.event(verb + " response received from " + response.from() + ", "
                                    + response.payload().length + " bytes");
                        }
                        answer.complete(response.payload());
                    }

                    @Override
                    public void onFailure(NodeAddress peer, Failure failure) {
                        if (trace.isOn()) {
                            trace.event(verb + " to " + peer + " failed: " + failure);
                        }
                        if (failure == Failure.STALE_EPOCH && round != null) {
                            round.refusedAsStale();
                        }
                        answer.complete(null);
                    }
                });
        return answer;
    }

    /** One replica's answer to a partition read in {@code mode}; the local replica answers at once. */
    CompletableFuture<byte[]> ask(TableMetadata table, NodeAddress replica, ReadMode mode, PartitionKey key,
                                  ReadFilter filter, long planEpoch, ReadRound round) {
        return ask(table, replica, mode, key, filter, planEpoch, round, Trace.NONE);
    }

    /** As above, recording the steps in {@code trace} (and the replica's, which it sends back). */
    CompletableFuture<byte[]> ask(TableMetadata table, NodeAddress replica, ReadMode mode, PartitionKey key,
                                  ReadFilter filter, long planEpoch, ReadRound round, Trace trace) {
        if (isSelf(replica)) {
            return CompletableFuture.completedFuture(ReplicaHandlers.answer(storage, table.tableId(), mode, key,
                    filter, trace));
        }
        byte[] payload = new ReadMessage(table.tableId(), mode, key, filter).serialize();
        return request(replica, Verb.READ, payload, planEpoch, round, trace);
    }

    /**
     * Hands a remote replica's answer (null: failed or timed out) to its round, recording its
     * latency in {@code window}; when the round wants a spare replica instead, {@code resend}
     * asks it.
     */
    void whenAnswered(CompletableFuture<byte[]> answer, ReadRound round, NodeAddress replica, boolean data,
                      LatencyWindow window, Consumer<NodeAddress> resend) {
        long sent = clock.nanoTime();
        answer.thenAccept(result -> {
            if (result != null) {
                window.record(clock.nanoTime() - sent);
            }
            NodeAddress instead = round.answered(replica, data, result);
            if (instead != null) {
                metrics.failovers.incrementAndGet();
                resend.accept(instead);
            }
        });
    }

    /**
     * Speculative retry: when the round is not done after the table's {@code speculative_retry}
     * delay ({@code window} gives its percentiles), the next spare replica gets the same read.
     * Returns the scheduled retry, or null when the policy does not speculate now.
     */
    Scheduler.Cancellable speculate(ReadRound round, TableMetadata table, LatencyWindow window,
                                    Consumer<NodeAddress> sendTo) {
        return speculate(round, table, window, sendTo, Trace.NONE);
    }

    /** As above, recording a retry in {@code trace}. */
    Scheduler.Cancellable speculate(ReadRound round, TableMetadata table, LatencyWindow window,
                                    Consumer<NodeAddress> sendTo, Trace trace) {
        SpeculativeRetry policy = speculativeRetry(table);
        long delayNanos = switch (policy.kind()) {
            case NONE -> -1;
            case ALWAYS -> 0;
            case FIXED -> (long) (policy.value() * 1_000_000);
            case PERCENTILE -> window.percentile(policy.value());
        };
        if (delayNanos < 0) {
            return null;
        }
        return scheduler.schedule(Duration.ofNanos(delayNanos), () -> {
            NodeAddress extra = round.takeSpare();
            if (extra != null) {
                metrics.speculativeRetries.incrementAndGet();
                if (trace.isOn()) {
                    trace.event("Speculating a read retry on " + extra);
                }
                sendTo.accept(extra);
            }
        });
    }

    /** Once a round is done: stops its speculation, and fails with READ_TIMEOUT when too few answered. */
    static void endRound(ReadRound round, Scheduler.Cancellable speculation, ConsistencyLevel consistency,
                         int blockFor) {
        if (speculation != null) {
            speculation.cancel();
        }
        if (!round.succeeded()) {
            throw new ReadTimeoutException(consistency, Math.min(blockFor, round.responders().size()), blockFor,
                    round.hasData());
        }
    }

    LatencyWindow latencies(TableMetadata table) {
        return readLatencies.computeIfAbsent(table.tableId(), id -> new LatencyWindow());
    }

    LatencyWindow rangeLatencies(TableMetadata table) {
        return rangeReadLatencies.computeIfAbsent(table.tableId(), id -> new LatencyWindow());
    }

    private SpeculativeRetry speculativeRetry(TableMetadata table) {
        return retryPolicies.computeIfAbsent(table.params().speculativeRetry(), text -> {
            try {
                return SpeculativeRetry.parse(text);
            } catch (CqlException e) {
                return SpeculativeRetry.DEFAULT;
            }
        });
    }
}
