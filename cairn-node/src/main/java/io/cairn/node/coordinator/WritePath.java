package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.error.WriteType;
import io.cairn.node.messages.MutationMessage;
import io.cairn.node.messages.TracedPayload;
import io.cairn.node.ring.PlanEpochs;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.tracing.Trace;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes: each partition's update goes to every live replica (and to nodes joining its range),
 * and is acknowledged once the consistency level is met. A replica that is down or does not
 * answer gets a hint, when hints are on.
 */
final class WritePath {

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final Topology topology;
    private final Clock clock;
    private final Duration writeTimeout;
    private final HintedHandoff hints;
    private final CoordinatorMetrics metrics;
    private final Scheduler scheduler;

    /** How many times a write refused as planned at a stale epoch is planned again and resent. */
    static final int MAX_EPOCH_RETRIES = 2;

    WritePath(StorageEngine storage, MessagingService messaging, Topology topology, Clock clock, Scheduler scheduler,
              Duration writeTimeout, HintedHandoff hints, CoordinatorMetrics metrics) {
        this.scheduler = scheduler;
        this.storage = storage;
        this.messaging = messaging;
        this.topology = topology;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
        this.hints = hints;
        this.metrics = metrics;
    }

    /**
     * Completes when the level is met for every partition, or fails with the protocol's error
     * (UNAVAILABLE at once, WRITE_TIMEOUT when too few answered).
     */
    CompletableFuture<Void> write(TableMetadata table, List<PartitionUpdate> updates, ConsistencyLevel consistency) {
        return write(table, updates, consistency, Trace.NONE);
    }

    /** As above, recording its steps in {@code trace}. */
    CompletableFuture<Void> write(TableMetadata table, List<PartitionUpdate> updates, ConsistencyLevel consistency,
                                  Trace trace) {
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>();
        try {
            // Read before planning: the replicas come from this epoch or a later one.
            long planEpoch = topology.epoch();
            List<Topology.Placement> placements = checkAvailable(table, updates, consistency);
            for (int i = 0; i < updates.size(); i++) {
                acknowledged.add(writeOne(table, updates.get(i), placements.get(i), consistency,
                        updates.size() > 1 ? WriteType.UNLOGGED_BATCH : WriteType.SIMPLE, planEpoch, 0, trace, false));
            }
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new));
    }

    /**
     * A counter write this node leads: fails with UNAVAILABLE, having written nothing, when too
     * few replicas are alive; otherwise {@code lead} turns the increments into this node's shards
     * and applies them here, and what it returns goes to the other replicas (this one counting as
     * acknowledged). Too few acknowledgements fail as a WRITE_TIMEOUT of type COUNTER.
     */
    CompletableFuture<Void> writeLed(TableMetadata table, PartitionUpdate update, ConsistencyLevel consistency,
                                     java.util.function.UnaryOperator<PartitionUpdate> lead, Trace trace) {
        long planEpoch = topology.epoch();
        Topology.Placement placement;
        PartitionUpdate led;
        try {
            placement = checkAvailable(table, List.of(update), consistency).get(0);
            if (!placement.replicas().contains(topology.self())) {
                // Its own copy of the shard may be gone (a range that moved away and was cleaned
                // up): leading from it would write a smaller total over the replicas' one.
                return CompletableFuture.failedFuture(new NotALeaderException(topology.self()));
            }
            led = lead.apply(update);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (trace.isOn()) {
            trace.event("Led the counter write here: the increments are this node's shards, applied locally");
        }
        return writeOne(table, led, placement, consistency, WriteType.COUNTER, planEpoch, 0, trace, true);
    }

    /** A counter write sent to a node that is no replica of its partition (any more): nothing was written. */
    static final class NotALeaderException extends RuntimeException {
        NotALeaderException(io.cairn.cluster.messaging.NodeAddress self) {
            super(self + " is no replica of the partition and cannot lead its counter write", null, false, false);
        }
    }

    /**
     * Throws UNAVAILABLE when some partition of {@code updates} has too few live replicas for
     * {@code consistency}: checked for all of them before any is sent, so that a write refused
     * as unavailable has written nothing anywhere, as a client (and Cassandra) expects.
     * Returns each partition's placement, in the order of {@code updates}.
     */
    List<Topology.Placement> checkAvailable(TableMetadata table, List<PartitionUpdate> updates,
                                            ConsistencyLevel consistency) {
        List<Topology.Placement> placements = new ArrayList<>(updates.size());
        for (PartitionUpdate update : updates) {
            Topology.Placement placement = topology.placementFor(table.keyspace(), update.key().token());
            ConsistencyPlan.checkAvailable(consistency, table.keyspace(), placement.replicas(), topology, true);
            placements.add(placement);
        }
        return placements;
    }

    /**
     * Sends one partition's update to its live replicas (hints for the others). At ANY a stored
     * hint counts as the acknowledgement, as in Cassandra; a write stored nowhere (no replica
     * acknowledged it and no hint could be kept) is never acknowledged: it fails with
     * WRITE_TIMEOUT, 0 of 1 received.
     */
    private CompletableFuture<Void> writeOne(TableMetadata table, PartitionUpdate update,
                                             Topology.Placement placement, ConsistencyLevel consistency,
                                             WriteType type, long planEpoch, int epochRetries, Trace trace,
                                             boolean appliedHere) {
        List<NodeAddress> replicas = placement.replicas();
        List<NodeAddress> pending = placement.pending();
        if (epochRetries == 0) {
            (replicas.contains(topology.self()) ? metrics.writesAsReplica : metrics.writesForOthers)
                    .incrementAndGet();
        }
        List<NodeAddress> targets = pending.isEmpty() ? replicas : concat(replicas, pending);
        List<NodeAddress> live = targets.stream().filter(topology::isAlive).toList();
        AtomicBoolean hinted = new AtomicBoolean();
        // A write planned again hints no replica a second time (a hint kept by the first plan stays).
        boolean hinting = epochRetries == 0;
        for (NodeAddress replica : targets) {
            if (hinting && !topology.isAlive(replica) && hint(replica, table, update)) {
                hinted.set(true);
                if (trace.isOn()) {
                    trace.event("Storing a hint for " + replica + ", which is down");
                }
            }
        }
        if (live.isEmpty()) {
            // Only ANY gets here (checkAvailable refused the others): the hints are the write.
            return hinted.get() ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new WriteTimeoutException(consistency, 0, 1, type));
        }
        ResponseTracker tracker = new ResponseTracker(consistency, table.keyspace(), live, replicas, pending,
                topology);
        byte[] payload = new MutationMessage(table.tableId(), update).serialize();
        if (trace.isOn()) {
            payload = TracedPayload.wrap(trace.session(), payload);
            trace.event("Writing to " + live.size() + " replicas of " + table.keyspace() + "." + table.name()
                    + " at " + consistency + " (" + tracker.blockFor() + " must acknowledge)");
        }
        AtomicBoolean stale = new AtomicBoolean();
        for (NodeAddress replica : live) {
            if (replica.equals(topology.self())) {
                if (!appliedHere) {
                    if (trace.isOn()) {
                        trace.event("Applying the mutation locally");
                    }
                    storage.apply(table.tableId(), update);
                }
                tracker.success(replica);
            } else {
                if (trace.isOn()) {
                    trace.event("Sending MUTATION message to " + replica + ", " + payload.length + " bytes");
                }
                messaging.sendRequest(replica, Verb.MUTATION, payload, planEpoch, writeTimeout,
                        hintingCallback(tracker, table, update, hinting ? hinted : null, stale, trace));
            }
        }
        int blockFor = tracker.blockFor();
        return tracker.done().thenCompose(outcome -> {
            boolean isHintEnough = consistency == ConsistencyLevel.ANY && hinted.get();
            if (ResponseTracker.isSuccess(outcome) || isHintEnough) {
                return CompletableFuture.completedFuture(null);
            }
            if (stale.get() && epochRetries < MAX_EPOCH_RETRIES) {
                // Planned at an epoch whose replicas changed since: plan again once caught up (resending
                // to a replica that has it already is harmless, a write being a blind merge).
                metrics.staleEpochRetries.incrementAndGet();
                return PlanEpochs.newerThan(topology, scheduler, planEpoch, writeTimeout).thenCompose(epoch -> {
                    Topology.Placement again = topology.placementFor(table.keyspace(), update.key().token());
                    try {
                        ConsistencyPlan.checkAvailable(consistency, table.keyspace(), again.replicas(), topology,
                                true);
                    } catch (io.cairn.cql.error.UnavailableException unavailable) {
                        // Part of the write may be applied already: never tell the client nothing was.
                        throw new WriteTimeoutException(consistency, ResponseTracker.received(outcome), blockFor,
                                type);
                    }
                    return writeOne(table, update, again, consistency, type, epoch, epochRetries + 1, trace,
                            appliedHere);
                });
            }
            throw new WriteTimeoutException(consistency, ResponseTracker.received(outcome), blockFor, type);
        });
    }

    /**
     * Stores a hint of {@code update} for {@code target}; false when none was stored (hints are
     * off, or the target has reached its cap).
     */
    private boolean hint(NodeAddress target, TableMetadata table, PartitionUpdate update) {
        if (!(hints instanceof HintedHandoff.Enabled enabled) || !enabled.storing()
                || !enabled.window().accepts(target)) {
            return false;
        }
        long now = clock.currentTimeMicros();
        if (!enabled.store().store(target, enabled.ids().next(now), table.tableId(), update, now)) {
            return false;
        }
        metrics.hintsStored.incrementAndGet();
        enabled.replayer().remember(target);
        return true;
    }

    /** Counts the answer; a replica that did not acknowledge gets a hint, unless {@code hinted} is null. */
    private ResponseCallback hintingCallback(ResponseTracker tracker, TableMetadata table, PartitionUpdate update,
                                             AtomicBoolean hinted, AtomicBoolean stale, Trace trace) {
        return new ResponseCallback() {
            @Override
            public void onResponse(Message response) {
                if (trace.isOn()) {
                    trace.event("MUTATION response received from " + response.from());
                }
                tracker.success(response.from());
            }

            @Override
            public void onFailure(NodeAddress peer, Failure failure) {
                if (trace.isOn()) {
                    trace.event("MUTATION to " + peer + " failed: " + failure);
                }
                if (failure == Failure.STALE_EPOCH) {
                    // The replica is up and refused the plan: a hint would not belong to it either.
                    stale.set(true);
                } else if (hinted != null && hint(peer, table, update)) {
                    hinted.set(true);
                }
                tracker.failure(peer);
            }
        };
    }

    private static List<NodeAddress> concat(List<NodeAddress> first, List<NodeAddress> second) {
        List<NodeAddress> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
