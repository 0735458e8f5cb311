package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.concurrent.Futures;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.node.messages.ReadMode;
import io.cairn.node.messages.ReadRepairMessage;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.engine.MergedPartitions;
import io.cairn.storage.wire.StorageSerializers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Blocking read repair: when the replicas of a read disagree, each one's raw partition
 * (tombstones included) is read, they are merged by storage's rules, and the merged partition
 * is written back to each of them before the read answers.
 */
final class ReadRepair {

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final Topology topology;
    private final Duration writeTimeout;
    private final ReplicaReads reads;
    private final CoordinatorMetrics metrics;
    private final java.util.concurrent.Executor requests;

    /** @param requests where the synced local write runs (never the messaging thread that delivered the answers) */
    ReadRepair(StorageEngine storage, MessagingService messaging, Topology topology, Duration writeTimeout,
               ReplicaReads reads, CoordinatorMetrics metrics, java.util.concurrent.Executor requests) {
        this.requests = java.util.Objects.requireNonNull(requests, "requests");
        this.storage = storage;
        this.messaging = messaging;
        this.topology = topology;
        this.writeTimeout = writeTimeout;
        this.reads = reads;
        this.metrics = metrics;
    }

    /**
     * Reads {@code key}'s raw partition from each of {@code contacted}, merges them, writes the
     * merged partition back to each and completes with it once they all acknowledged; fails
     * with READ_TIMEOUT when one of them did not answer.
     */
    CompletableFuture<PartitionUpdate> reconcile(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                 List<NodeAddress> contacted, ConsistencyLevel consistency,
                                                 int blockFor, long planEpoch) {
        List<CompletableFuture<byte[]>> raws = new ArrayList<>();
        for (NodeAddress replica : contacted) {
            raws.add(reads.ask(table, replica, ReadMode.RAW, key, filter, planEpoch, null));
        }
        return Futures.allOf(raws).thenCompose(answers -> {
            List<PartitionUpdate> updates = new ArrayList<>();
            for (byte[] raw : allAnswered(answers, consistency, blockFor)) {
                updates.add(StorageSerializers.deserializeUpdate(raw));
            }
            PartitionUpdate merged = MergedPartitions.of(table.tableId(), updates).partition(key);
            return writeBack(table, merged, contacted, consistency, blockFor, planEpoch);
        });
    }

    /** Writes {@code merged} to every one of {@code contacted}; completes with it once they all acknowledged. */
    private CompletableFuture<PartitionUpdate> writeBack(TableMetadata table, PartitionUpdate merged,
                                                         List<NodeAddress> contacted, ConsistencyLevel consistency,
                                                         int blockFor, long planEpoch) {
        ResponseTracker tracker = ResponseTracker.ofAll(contacted, topology);
        byte[] payload = new ReadRepairMessage(table.tableId(), merged).serialize();
        for (NodeAddress replica : contacted) {
            if (replica.equals(topology.self())) {
                // Synced, as the replicas' are (ReplicaHandlers): the answer must survive a crash.
                requests.execute(() -> {
                    try {
                        storage.applySynced(table.tableId(), merged);
                        tracker.success(replica);
                    } catch (RuntimeException e) {
                        tracker.failure(replica);
                    }
                });
            } else {
                messaging.sendRequest(replica, Verb.READ_REPAIR, payload, planEpoch, writeTimeout, tracker.callback());
            }
        }
        return tracker.done().thenApply(outcome -> {
            if (!ResponseTracker.isSuccess(outcome)) {
                throw new ReadTimeoutException(consistency, Math.min(blockFor, ResponseTracker.received(outcome)),
                        blockFor, true);
            }
            metrics.readRepaired(table);
            return merged;
        });
    }

    /** The answers (null where a replica failed or timed out), or READ_TIMEOUT when one of them is missing. */
    private static List<byte[]> allAnswered(List<byte[]> answers, ConsistencyLevel consistency, int blockFor) {
        if (answers.contains(null)) {
            long received = answers.stream().filter(answer -> answer != null).count();
            throw new ReadTimeoutException(consistency, (int) received, blockFor, answers.get(0) != null);
        }
        return answers;
    }
}
