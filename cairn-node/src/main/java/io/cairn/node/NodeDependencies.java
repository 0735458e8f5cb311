package io.cairn.node;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.node.paxos.BallotGenerator;
import io.cairn.node.replica.ReplicaStage;
import io.cairn.node.ring.Topology;
import io.cairn.storage.StorageEngine;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Everything a node uses that its creator decides: production passes the system clock, a
 * thread-backed scheduler, an entropy-seeded random source, Netty messaging and RocksDB; the
 * simulator passes virtual time, a seeded random source, the in-JVM network and in-memory
 * storage. The creator owns these and closes them after {@link Node#close()}.
 *
 * @param clock            wall and monotonic time
 * @param scheduler        timers: gossip rounds, timeouts, replays, the join sequence
 * @param random           ids, token choice, gossip peer choice
 * @param messaging        internode messaging, already listening at this node's address
 * @param storage          this node's storage, open
 * @param requestExecutor  where statements resume when a replica's answer arrives (so that no
 *                         messaging thread runs query work) and where the batchlog replay runs
 * @param replicaStage     where this node does storage work for other nodes' requests (bounded;
 *                         a pool in production, the delivering thread in tests and the simulator)
 * @param topologyOverride what the coordinator and hint replay see in place of the metadata log's topology:
 *                         the simulator wraps it to plant faults (a node falsely believed down) and
 *                         coordinator tests replace it with a fixed ring; production leaves it as is
 * @param ballotGeneratorOverride what issues this node's Paxos ballots in place of the
 *                         {@link BallotGenerator} the node builds: the simulator replaces it to
 *                         plant a bug (ballots from the clock alone); everyone else leaves it as is
 * @param copies          how a movement copies ranges before its MID step: a movement that takes a node out
 *                         has the gaining nodes copy its ranges, a joining or replacing node copies its own;
 *                         the simulator plants a leave or a replace that goes on without them; everyone
 *                         else leaves it as is
 * @param repairRanges    what a repair does with the sub-ranges of a piece it found different on a replica (it
 *                         pulls and pushes those it is given): the simulator plants a repair that skips one;
 *                         everyone else leaves it as is
 * @param repairLists     which replicas' lists of unrepaired partitions an incremental repair compares (by
 *                         index, the coordinator's 0): all of them; the simulator plants a repair that compares
 *                         the coordinator's only; everyone else leaves it as is
 * @param meters          where the node's metrics go (client requests by operation and consistency
 *                         level, the coordinator's counters): production passes the registry its admin
 *                         endpoint serves; without one, a registry with nowhere to go (its meters do nothing)
 */
public record NodeDependencies(Clock clock, Scheduler scheduler, RandomGenerator random, MessagingService messaging,
                               StorageEngine storage, Executor requestExecutor, ReplicaStage replicaStage,
                               UnaryOperator<Topology> topologyOverride,
                               UnaryOperator<BallotGenerator> ballotGeneratorOverride,
                               UnaryOperator<java.util.function.Supplier<java.util.concurrent.CompletableFuture<Long>>> copies,
                               UnaryOperator<java.util.List<io.cairn.storage.TokenRange>> repairRanges,
                               java.util.function.IntPredicate repairLists,
                               io.micrometer.core.instrument.MeterRegistry meters) {

    public NodeDependencies {
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(repairRanges, "repairRanges");
        Objects.requireNonNull(repairLists, "repairLists");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(messaging, "messaging");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(requestExecutor, "requestExecutor");
        Objects.requireNonNull(replicaStage, "replicaStage");
        Objects.requireNonNull(topologyOverride, "topologyOverride");
        Objects.requireNonNull(ballotGeneratorOverride, "ballotGeneratorOverride");
        Objects.requireNonNull(copies, "copies");
    }

    /** The dependencies of a node whose metrics go nowhere. */
    public NodeDependencies(Clock clock, Scheduler scheduler, RandomGenerator random, MessagingService messaging,
                            StorageEngine storage, Executor requestExecutor, ReplicaStage replicaStage,
                            UnaryOperator<Topology> topologyOverride,
                            UnaryOperator<BallotGenerator> ballotGeneratorOverride,
                            UnaryOperator<java.util.function.Supplier<java.util.concurrent.CompletableFuture<Long>>> copies,
                            UnaryOperator<java.util.List<io.cairn.storage.TokenRange>> repairRanges,
                            java.util.function.IntPredicate repairLists) {
        this(clock, scheduler, random, messaging, storage, requestExecutor, replicaStage, topologyOverride,
                ballotGeneratorOverride, copies, repairRanges, repairLists,
                new io.micrometer.core.instrument.composite.CompositeMeterRegistry());
    }

    /** These dependencies, the node's metrics going to {@code registry}. */
    public NodeDependencies withMeters(io.micrometer.core.instrument.MeterRegistry registry) {
        return new NodeDependencies(clock, scheduler, random, messaging, storage, requestExecutor, replicaStage,
                topologyOverride, ballotGeneratorOverride, copies, repairRanges, repairLists, registry);
    }

    /** The dependencies of a node whose incremental repairs compare every replica's list. */
    public NodeDependencies(Clock clock, Scheduler scheduler, RandomGenerator random, MessagingService messaging,
                            StorageEngine storage, Executor requestExecutor, ReplicaStage replicaStage,
                            UnaryOperator<Topology> topologyOverride,
                            UnaryOperator<BallotGenerator> ballotGeneratorOverride,
                            UnaryOperator<java.util.function.Supplier<java.util.concurrent.CompletableFuture<Long>>> copies,
                            UnaryOperator<java.util.List<io.cairn.storage.TokenRange>> repairRanges) {
        this(clock, scheduler, random, messaging, storage, requestExecutor, replicaStage, topologyOverride,
                ballotGeneratorOverride, copies, repairRanges, replica -> true);
    }

    /** The dependencies of a node whose repairs synchronize every sub-range they find different. */
    public NodeDependencies(Clock clock, Scheduler scheduler, RandomGenerator random, MessagingService messaging,
                            StorageEngine storage, Executor requestExecutor, ReplicaStage replicaStage,
                            UnaryOperator<Topology> topologyOverride,
                            UnaryOperator<BallotGenerator> ballotGeneratorOverride,
                            UnaryOperator<java.util.function.Supplier<java.util.concurrent.CompletableFuture<Long>>> copies) {
        this(clock, scheduler, random, messaging, storage, requestExecutor, replicaStage, topologyOverride,
                ballotGeneratorOverride, copies, UnaryOperator.identity());
    }

    public NodeDependencies(Clock clock, Scheduler scheduler, RandomGenerator random, MessagingService messaging,
                            StorageEngine storage, Executor requestExecutor, ReplicaStage replicaStage,
                            UnaryOperator<Topology> topologyOverride,
                            UnaryOperator<BallotGenerator> ballotGeneratorOverride) {
        this(clock, scheduler, random, messaging, storage, requestExecutor, replicaStage, topologyOverride,
                ballotGeneratorOverride, UnaryOperator.identity());
    }

    /** The dependencies of a node whose topology is overridden and whose ballots are its own. */
    public NodeDependencies(Clock clock, Scheduler scheduler, RandomGenerator random, MessagingService messaging,
                            StorageEngine storage, Executor requestExecutor, ReplicaStage replicaStage,
                            UnaryOperator<Topology> topologyOverride) {
        this(clock, scheduler, random, messaging, storage, requestExecutor, replicaStage, topologyOverride,
                UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** The dependencies of a node that sees the ring as gossip tells it (production). */
    public NodeDependencies(Clock clock, Scheduler scheduler, RandomGenerator random, MessagingService messaging,
                            StorageEngine storage, Executor requestExecutor, ReplicaStage replicaStage) {
        this(clock, scheduler, random, messaging, storage, requestExecutor, replicaStage, UnaryOperator.identity(),
                UnaryOperator.identity(), UnaryOperator.identity());
    }
}
