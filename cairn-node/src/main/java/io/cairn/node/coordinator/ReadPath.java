package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.node.replica.ReplicaHandlers;
import io.cairn.node.messages.ReadMode;
import io.cairn.node.ring.PlanEpochs;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.tracing.Trace;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.engine.MergedPartitions;
import io.cairn.storage.wire.StorageSerializers;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Point reads: data from one replica and digests from as many more as the level needs (the
 * local replica first, then its data center). A replica that fails is replaced by a spare; one
 * slower than the table's {@code speculative_retry} gets a spare alongside. When the answers
 * disagree, the read is repaired (see {@link ReadRepair}) and answered from the merged data.
 */
final class ReadPath {

    private final StorageEngine storage;
    private final Topology topology;
    private final ReplicaReads reads;
    private final ReadRepair repair;
    private final Scheduler scheduler;
    private final java.time.Duration readTimeout;

    ReadPath(StorageEngine storage, Topology topology, ReplicaReads reads, ReadRepair repair, Scheduler scheduler,
             java.time.Duration readTimeout) {
        this.scheduler = scheduler;
        this.readTimeout = readTimeout;
        this.storage = storage;
        this.topology = topology;
        this.reads = reads;
        this.repair = repair;
    }

    /**
     * Completes with the partition once the level is met (after read repair when replicas
     * disagreed), or fails with the protocol's error.
     */
    CompletableFuture<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                          ConsistencyLevel consistency) {
        return read(table, key, filter, consistency, 0, Trace.NONE);
    }

    /** As above, recording its steps in {@code trace}. */
    CompletableFuture<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                          ConsistencyLevel consistency, Trace trace) {
        return read(table, key, filter, consistency, 0, trace);
    }

    /** How many times a read refused as planned at a stale epoch is planned again. */
    static final int MAX_EPOCH_RETRIES = 2;

    private CompletableFuture<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                  ConsistencyLevel consistency, int epochRetries, Trace trace) {
        long planEpoch = topology.epoch();
        List<NodeAddress> replicas = topology.replicasFor(table.keyspace(), key.token());
        try {
            ConsistencyPlan.checkAvailable(consistency, table.keyspace(), replicas, topology, false);
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
        ResponseTracker sizing = new ResponseTracker(consistency, table.keyspace(), List.of(), replicas, topology);
        int blockFor = sizing.blockFor();
        List<NodeAddress> ordered = reads.readOrder(replicas);
        boolean eachQuorum = consistency == ConsistencyLevel.EACH_QUORUM;
        int first = eachQuorum ? ordered.size() : Math.min(ordered.size(), blockFor);
        ReadRound round = new ReadRound(first, first, ordered.subList(first, ordered.size()), planEpoch);
        if (trace.isOn()) {
            trace.event("Reading " + table.keyspace() + "." + table.name() + " at " + consistency + " from "
                    + first + " of " + ordered.size() + " live replicas");
        }
        for (int i = 0; i < first; i++) {
            send(round, table, ordered.get(i), i == 0, key, filter, trace);
        }
        Scheduler.Cancellable speculation = eachQuorum || ordered.size() <= first ? null
                : reads.speculate(round, table, reads.latencies(table),
                        extra -> send(round, table, extra, !round.hasData(), key, filter, trace), trace);
        return round.done().thenCompose(ignored -> {
            if (!round.succeeded() && round.wasRefusedAsStale() && epochRetries < MAX_EPOCH_RETRIES) {
                // Planned at an epoch whose replicas changed since: plan again once caught up.
                if (speculation != null) {
                    speculation.cancel();
                }
                return PlanEpochs.newerThan(topology, scheduler, planEpoch, readTimeout)
                        .thenCompose(epoch -> read(table, key, filter, consistency, epochRetries + 1, trace));
            }
            ReplicaReads.endRound(round, speculation, consistency, blockFor);
            if (round.agree()) {
                if (trace.isOn()) {
                    trace.event(round.responders().size() > 1 ? "The data and digests of "
                            + round.responders().size() + " replicas match" : "Read the data from one replica");
                }
                return CompletableFuture.completedFuture(StorageSerializers.deserializeData(round.data()));
            }
            if (trace.isOn()) {
                trace.event("Digest mismatch: repairing the read from " + round.responders().size() + " replicas");
            }
            return repair.reconcile(table, key, filter, round.responders(), consistency, blockFor, planEpoch)
                    .thenApply(merged -> MergedPartitions.of(table.tableId(), List.of(merged)).read(key, filter));
        });
    }

    /**
     * Sends one read of a round (DATA or DIGEST; the round counts it already) and records its
     * answer; the local replica answers at once.
     */
    private void send(ReadRound round, TableMetadata table, NodeAddress replica, boolean data, PartitionKey key,
                      ReadFilter filter, Trace trace) {
        ReadMode mode = data ? ReadMode.DATA : ReadMode.DIGEST;
        if (trace.isOn()) {
            trace.event((data ? "reading data from " : "reading digest from ") + replica
                    + (reads.isSelf(replica) ? " (this node)" : ""));
        }
        if (reads.isSelf(replica)) {
            round.answered(replica, data, ReplicaHandlers.answer(storage, table.tableId(), mode, key, filter, trace));
            return;
        }
        reads.whenAnswered(reads.ask(table, replica, mode, key, filter, round.planEpoch(), round, trace), round,
                replica, data, reads.latencies(table),
                instead -> send(round, table, instead, !round.hasData(), key, filter, trace));
    }
}
