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
 * A LOGGED batch: stored first on up to {@link #HOLDERS} other live nodes (this one when
 * alone), then applied, then removed; if this coordinator dies midway, a batchlog holder
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
        if (!(batchlog instanceof BatchlogSupport.Enabled enabled)) {
            return inTurn(batch, consistency);
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
        CompletableFuture<Void> stored;
        if (holders.isEmpty()) {
            try {
                log.store(encoded);
                stored = CompletableFuture.completedFuture(null);
            } catch (RuntimeException e) {
                stored = CompletableFuture.failedFuture(e);
            }
        } else {
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
        return stored.thenCompose(ignored -> inTurn(batch, consistency)).thenRun(() -> {
            if (holders.isEmpty()) {
                log.remove(id);
            } else {
                for (NodeAddress holder : holders) {
                    messaging.sendOneWay(holder, Verb.BATCH_REMOVE, Batchlog.idBytes(id));
                }
            }
        });
    }

    /** Applies the parts one after the other, each once the one before was acknowledged. */
    private CompletableFuture<Void> inTurn(List<TableUpdates> batch, ConsistencyLevel consistency) {
        CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
        for (TableUpdates part : batch) {
            written = written.thenCompose(ignored -> writes.write(part.table(), part.updates(), consistency));
        }
        return written;
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
