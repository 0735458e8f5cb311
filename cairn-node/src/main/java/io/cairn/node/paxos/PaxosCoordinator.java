package io.cairn.node.paxos;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The coordinator of lightweight transactions: per-partition Paxos, two round trips when
 * uncontended and this node is a replica (PREPARE with the read; PROPOSE, whose acceptances
 * are commits). Each call is a {@link PaxosOperation}, the edge that sends, sets timers and
 * does its own replica's work directly through {@link PaxosReplica}, while {@link PrepareRound},
 * {@link PrepareDecision} and {@link ProposeRound} count and decide. Refusals back off for a random, bounded time (from the
 * injected random source, on the scheduler) and retry with a higher ballot until the
 * contention timeout. Nothing here blocks; a stage completes on whichever thread delivered the
 * last answer (or the caller's, when everything was local), except that merging the promised
 * replicas' data and deciding the update run on the injected executor.
 */
public final class PaxosCoordinator {

    /** How long a transaction keeps retrying under contention (Cassandra's cas_contention_timeout). */
    public static final Duration CONTENTION_TIMEOUT = Duration.ofSeconds(1);
    /** The first backoff's bound; each retry doubles it, up to {@link #MAX_BACKOFF_MICROS}. */
    static final long MIN_BACKOFF_MICROS = 2_000;
    static final long MAX_BACKOFF_MICROS = 100_000;

    /** What a transaction writes, given the rows it read: {@code CasRequest.decide} of the layer above. */
    @FunctionalInterface
    public interface Decision {
        /** The update (cells at {@code timestampMicros}), or null when the condition does not hold. */
        PartitionUpdate decide(PartitionData current, long timestampMicros, long nowSeconds);
    }

    /** How a transaction ended: applied or not, and the rows its condition was evaluated on. */
    public record CasOutcome(boolean applied, PartitionData current) {
    }

    /** What every operation of this coordinator uses. */
    record Services(PaxosReplica replica, MessagingService messaging, Topology topology, Clock clock,
                    Scheduler scheduler, Executor decisions, RandomGenerator random, BallotGenerator ballots,
                    Duration commitTimeout, Duration contentionTimeout, CleanupBatcher cleanups) {
    }

    private final Services services;
    private final Duration writeTimeout;
    private final Duration readTimeout;

    /**
     * @param decisions where a transaction's read is merged and its condition decided once a
     *                  quorum promised (the node's request executor), so that no messaging
     *                  thread evaluates CQL conditions
     */
    public PaxosCoordinator(PaxosReplica replica, MessagingService messaging, Topology topology, Clock clock,
                            Scheduler scheduler, Executor decisions, RandomGenerator random, BallotGenerator ballots,
                            Duration writeTimeout, Duration readTimeout, Duration contentionTimeout) {
        this.services = new Services(replica, messaging, topology, clock, scheduler, decisions, random, ballots,
                writeTimeout, contentionTimeout, new CleanupBatcher(replica, messaging, topology.self(), scheduler,
                        decisions));
        this.writeTimeout = writeTimeout;
        this.readTimeout = readTimeout;
    }

    /**
     * Reads the rows of {@code filter} linearizably, lets {@code decision} choose the update, and
     * when there is one makes it the partition's next state, committed at {@code commit}.
     * Fails with UNAVAILABLE before sending anything when too few replicas are alive;
     * WRITE_TIMEOUT (type CAS) when contention or silence outlasts the timeouts;
     * {@link io.cairn.cql.error.CasWriteUnknownException} when the proposal may have been accepted; WRITE_TIMEOUT
     * (type SIMPLE, at the commit level) when it was chosen but too few applied it in time.
     */
    public CompletableFuture<CasOutcome> cas(TableMetadata table, PartitionKey key, ReadFilter filter,
                                             Decision decision, ConsistencyLevel serial, ConsistencyLevel commit) {
        return start(new PaxosOperation<CasOutcome>(services, table, key, filter, decision, serial, commit,
                writeTimeout));
    }

    /**
     * Reads the partition at SERIAL or LOCAL_SERIAL, completing first any proposal in flight.
     * Fails with UNAVAILABLE, or READ_TIMEOUT when contention or silence outlasts the timeouts.
     */
    public CompletableFuture<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                       ConsistencyLevel serial) {
        ConsistencyLevel commit = serial == ConsistencyLevel.LOCAL_SERIAL ? ConsistencyLevel.LOCAL_QUORUM
                : ConsistencyLevel.QUORUM;
        return start(new PaxosOperation<PartitionData>(services, table, key, filter, null, serial, commit,
                readTimeout));
    }

    private static <T> CompletableFuture<T> start(PaxosOperation<T> operation) {
        try {
            operation.begin();
        } catch (RuntimeException e) {
            operation.result.completeExceptionally(e);
        }
        return operation.result;
    }
}
