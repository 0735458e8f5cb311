package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.error.WriteType;
import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.SystemKeyspaces;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A LOGGED batch: stored first on up to {@link #HOLDERS} other live nodes (on this one too
 * when fewer are live), then applied, then removed; if this coordinator dies midway, a batchlog holder
 * replays it. Without a batchlog the parts are applied in turn.
 */
final class LoggedBatchWrite {

    /** How many other nodes hold a copy of each batch. */
    static final int HOLDERS = 2;

    private final BatchlogSupport batchlog;
    private final WritePath writes;
    private final MessagingService messaging;
    private final Topology topology;
    private final Clock clock;
    private final Duration writeTimeout;

    LoggedBatchWrite(BatchlogSupport batchlog, WritePath writes, MessagingService messaging, Topology topology,
                     Clock clock, Duration writeTimeout) {
        this.batchlog = batchlog;
        this.writes = writes;
        this.messaging = messaging;
        this.topology = topology;
        this.clock = clock;
        this.writeTimeout = writeTimeout;
    }

    CompletableFuture<Void> write(List<TableUpdates> batch, ConsistencyLevel consistency) {
        try {
            // Every part before anything is stored: a batch refused as unavailable did nothing.
            for (TableUpdates part : batch) {
                writes.checkAvailable(part.table(), part.updates(), consistency);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!(batchlog instanceof BatchlogSupport.Enabled enabled)) {
            return inTurn(batch, consistency, WriteType.BATCH);
        }
        Batchlog log = enabled.batchlog();
        UUID id = enabled.ids().next(clock.currentTimeMicros());
        byte[] encoded = Batchlog.encode(id, batch);
        List<NodeAddress> holders = new ArrayList<>();
        for (NodeAddress node : candidates()) {
            if (holders.size() < HOLDERS) {
                holders.add(node);
            }
        }
        // With fewer than HOLDERS other live nodes, this node keeps a copy too: a batch held by
        // one other node alone would vanish with it, although the coordinator saw it stored.
        boolean keptHere = holders.size() < HOLDERS;
        CompletableFuture<Void> stored = CompletableFuture.completedFuture(null);
        if (keptHere) {
            try {
                log.store(encoded);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (!holders.isEmpty()) {
            ResponseTracker tracker = ResponseTracker.ofAll(holders, topology);
            for (NodeAddress holder : holders) {
                messaging.sendRequest(holder, Verb.BATCH_STORE, encoded, writeTimeout, tracker.callback());
            }
            stored = tracker.done().thenAccept(outcome -> {
                if (!ResponseTracker.isSuccess(outcome)) {
                    throw new WriteTimeoutException(consistency, 0, 1, WriteType.BATCH_LOG);
                }
            });
        }
        // The parts are applied one after the other; once all are acknowledged the batch is
        // removed from its holders.
        return stored.thenCompose(ignored -> inTurn(batch, consistency, WriteType.BATCH)).thenRun(() -> {
            if (keptHere) {
                log.remove(id);
            }
            for (NodeAddress holder : holders) {
                messaging.sendOneWay(holder, Verb.BATCH_REMOVE, Batchlog.idBytes(id));
            }
        });
    }

    /**
     * An UNLOGGED batch of several tables: every part's availability is checked before any is
     * written, then the parts are applied one after the other.
     */
    CompletableFuture<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        try {
            for (TableUpdates part : batch) {
                writes.checkAvailable(part.table(), part.updates(), consistency);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return inTurn(batch, consistency, WriteType.UNLOGGED_BATCH);
    }

    /**
     * Applies the parts one after the other, each once the one before was acknowledged. Every
     * part was found available before the first was sent; a part whose replicas went down since
     * fails the batch with WRITE_TIMEOUT (it may have been partly applied), never UNAVAILABLE,
     * which would tell the client that nothing was written.
     */
    private CompletableFuture<Void> inTurn(List<TableUpdates> batch, ConsistencyLevel consistency, WriteType type) {
        CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
        for (TableUpdates part : batch) {
            written = written.thenCompose(ignored -> writes.write(part.table(), part.updates(), consistency));
        }
        return written.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof io.cairn.cql.error.UnavailableException unavailable) {
                return CompletableFuture.failedFuture(new WriteTimeoutException(consistency, 0,
                        unavailable.required(), type));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** Live nodes other than this one, in ring order (the batchlog's candidate holders). */
    private List<NodeAddress> candidates() {
        List<NodeAddress> candidates = new ArrayList<>();
        Set<NodeAddress> seen = new HashSet<>();
        for (long token : topology.ringTokens()) {
            for (NodeAddress node : topology.replicasFor(SystemKeyspaces.SYSTEM_TRACES, token)) {
                if (!node.equals(topology.self()) && topology.isAlive(node) && seen.add(node)) {
                    candidates.add(node);
                }
            }
        }
        return candidates;
    }
}
