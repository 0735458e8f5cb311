package io.cairn.node.paxos;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CasWriteUnknownException;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.error.WriteType;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosCleanupMessage;
import io.cairn.node.messages.PaxosCommitMessage;
import io.cairn.node.messages.PaxosPrepareMessage;
import io.cairn.node.messages.PaxosPrepareResponse;
import io.cairn.node.messages.PaxosProposeMessage;
import io.cairn.node.messages.PaxosProposeResponse;
import io.cairn.node.ring.PlanEpochs;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.engine.MergedPartitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * One transaction or serial read of {@link PaxosCoordinator}, through as many ballots as
 * contention takes: the edge that sends, sets timers and feeds answers to {@link PrepareRound},
 * {@link PrepareDecision} and {@link ProposeRound}. Its own replica's work is done directly.
 */
final class PaxosOperation<T> {

    private static final Logger LOG = LoggerFactory.getLogger(PaxosOperation.class);

    final CompletableFuture<T> result = new CompletableFuture<>();
    private final TableMetadata table;
    private final PartitionKey key;
    private final ReadFilter filter;
    private final PaxosCoordinator.Decision decision;
    private final ConsistencyLevel serial;
    private final ConsistencyLevel commit;
    private final Duration timeout;
    private Electorate electorate;
    /** The epoch {@link #electorate} was planned at (or an earlier one), which every request carries. */
    private volatile long planEpoch;
    /** Whether a replica refused a request of this operation as planned at a stale epoch. */
    private final java.util.concurrent.atomic.AtomicBoolean stale = new java.util.concurrent.atomic.AtomicBoolean();
    /** How many times the electorate was planned again after such a refusal. */
    private int replans;
    private long deadlineNanos;
    private final AtomicInteger retries = new AtomicInteger();

    private final PaxosReplica replica;
    private final MessagingService messaging;
    private final Topology topology;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor decisions;
    private final RandomGenerator random;
    private final BallotGenerator ballots;
    private final ReplicaCalls commits;
    private final CleanupBatcher cleanups;
    private final Duration contentionTimeout;

    PaxosOperation(PaxosCoordinator.Services services, TableMetadata table, PartitionKey key, ReadFilter filter,
                   PaxosCoordinator.Decision decision, ConsistencyLevel serial, ConsistencyLevel commit,
                   Duration timeout) {
        this.replica = services.replica();
        this.messaging = services.messaging();
        this.topology = services.topology();
        this.clock = services.clock();
        this.scheduler = services.scheduler();
        this.decisions = services.decisions();
        this.random = services.random();
        this.ballots = services.ballots();
        this.commits = new ReplicaCalls(services.replica(), services.messaging(), services.topology().self(),
                services.commitTimeout());
        this.cleanups = services.cleanups();
        this.contentionTimeout = services.contentionTimeout();
        this.table = table;
        this.key = key;
        this.filter = filter;
        this.decision = decision;
        this.serial = serial;
        this.commit = commit;
        this.timeout = timeout;
    }

    private boolean isRead() {
        return decision == null;
    }

    /** How many times an operation plans its electorate again after replicas refused it as stale. */
    static final int MAX_EPOCH_REPLANS = 2;

    void begin() {
        planEpoch = topology.epoch();
        electorate = Electorate.of(topology, table.keyspace(), key.token(), serial, commit);
        deadlineNanos = clock.nanoTime() + contentionTimeout.toNanos();
        attempt();
    }

    /** Runs {@code step}; whatever it throws fails the operation instead of a messaging thread. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void complete(Object value) {
        result.complete((T) value);
    }

    private CqlException timedOut(int received, int blockFor) {
        return isRead() ? new ReadTimeoutException(serial, received, blockFor, false)
                : new WriteTimeoutException(serial, received, blockFor, WriteType.CAS);
    }

    /** Round 1 with a new ballot, unless the contention timeout has passed. */
    private void attempt() {
        if (result.isDone()) {
            return;
        }
        if (clock.nanoTime() - deadlineNanos > 0) {
            result.completeExceptionally(timedOut(0, electorate.required()));
            return;
        }
        Ballot ballot = ballots.next();
        PrepareRound round = new PrepareRound(electorate.required(), electorate.live().size());
        PaxosPrepareMessage prepare = new PaxosPrepareMessage(ballot, table.tableId(), key, filter);
        NodeAddress self = topology.self();
        if (electorate.live().contains(self)) {
            PrepareRound.Outcome outcome;
            try {
                outcome = round.answered(self, replica.prepare(prepare));
            } catch (RuntimeException e) {
                LOG.warn("Local Paxos prepare of {} failed: {}", table.tableId(), e.getMessage());
                outcome = round.failed(self);
            }
            onPrepare(round, ballot, outcome);
        }
        // Every live member is asked, even when answers already made the quorum: each one asked
        // promises too, and learns the ballot, which keeps a slower proposal from being accepted.
        byte[] payload = prepare.serialize();
        for (NodeAddress node : electorate.live()) {
            if (node.equals(self)) {
                continue;
            }
            messaging.sendRequest(node, Verb.PAXOS_PREPARE, payload, planEpoch, timeout, new ResponseCallback() {
                @Override
                public void onResponse(Message response) {
                    PrepareRound.Outcome outcome;
                    try {
                        outcome = round.answered(response.from(),
                                PaxosPrepareResponse.deserialize(response.payload()));
                    } catch (MalformedMessageException e) {
                        outcome = round.failed(response.from());
                    }
                    onPrepare(round, ballot, outcome);
                }

                @Override
                public void onFailure(NodeAddress peer, Failure failure) {
                    if (failure == Failure.STALE_EPOCH) {
                        stale.set(true);
                    }
                    onPrepare(round, ballot, round.failed(peer));
                }
            });
        }
    }

    private void onPrepare(PrepareRound round, Ballot ballot, PrepareRound.Outcome outcome) {
        guarded(() -> {
            switch (outcome) {
                case PENDING -> { }
                case PROMISED -> promised(ballot, round.promises());
                case CONTENDED -> {
                    ballots.observe(round.highestRefusal());
                    backOff();
                }
                case TIMED_OUT -> {
                    if (stale.get() && replans < MAX_EPOCH_REPLANS) {
                        // Planned at an epoch whose replicas changed since: plan again once caught up.
                        replans++;
                        backOffAndReplan();
                    } else {
                        result.completeExceptionally(timedOut(round.promises().size(), electorate.required()));
                    }
                }
            }
        });
    }

    private void promised(Ballot ballot, List<PrepareRound.Promise> promises) {
        for (PrepareRound.Promise promise : promises) {
            ballots.observe(promise.response().acceptedBallot());
            ballots.observe(promise.response().committedBallot());
        }
        PrepareDecision next = PrepareDecision.of(ballot, promises);
        if (next instanceof PrepareDecision.Complete complete) {
            propose(ballot, complete.update(), null);
        } else if (next instanceof PrepareDecision.CatchUp catchUp) {
            catchUp(catchUp);
        } else if (next instanceof PrepareDecision.Retry) {
            attempt();
        } else if (next instanceof PrepareDecision.Read read) {
            // Merging and evaluating CQL conditions is request work: never on a messaging thread.
            decisions.execute(() -> guarded(() -> decide(ballot, read)));
        }
    }

    /** Reads the merge of the promised replicas' data; a transaction decides on it and proposes. */
    private void decide(Ballot ballot, PrepareDecision.Read read) {
        PartitionData current = MergedPartitions.of(table.tableId(), read.data()).read(key, filter);
        if (isRead()) {
            complete(current);
            return;
        }
        PartitionUpdate update = decision.decide(current, ballot.micros(), clock.currentTimeSeconds());
        if (update == null) {
            complete(new PaxosCoordinator.CasOutcome(false, current));
            return;
        }
        if (!update.key().equals(key)) {
            throw new IllegalStateException("A transaction on " + key + " decided an update of " + update.key());
        }
        propose(ballot, update, current);
    }

    /** Sends the latest commit to replicas that lack it; starts over once all applied it. */
    private void catchUp(PrepareDecision.CatchUp catchUp) {
        AtomicInteger remaining = new AtomicInteger(catchUp.lagging().size());
        AtomicBoolean anyFailed = new AtomicBoolean();
        Runnable answered = () -> {
            if (remaining.decrementAndGet() == 0) {
                guarded(anyFailed.get() ? this::backOff : this::attempt);
            }
        };
        PaxosCommitMessage message = new PaxosCommitMessage(catchUp.ballot(), table.tableId(), catchUp.update());
        for (NodeAddress node : catchUp.lagging()) {
            commits.commit(node, message, planEpoch, answered, () -> {
                anyFailed.set(true);
                answered.run();
            });
        }
    }

    /**
     * Round 2. {@code current} is the data the proposal was decided on, or null when it
     * completes another coordinator's proposal (then this operation starts over after it).
     */
    private void propose(Ballot ballot, PartitionUpdate update, PartitionData current) {
        ProposeRound round = new ProposeRound(electorate.required(), electorate.commitBlockFor(),
                electorate.countsForCommit(), electorate.live(), electorate.othersToCommit());
        PaxosCommitMessage commitMessage = new PaxosCommitMessage(ballot, table.tableId(), update);
        NodeAddress self = topology.self();
        List<NodeAddress> acceptedBy = List.of();
        if (electorate.live().contains(self)) {
            ProposeRound.Step step;
            try {
                PaxosProposeResponse answer = replica.propose(new PaxosProposeMessage(ballot, table.tableId(),
                        update, List.of(), electorate.required()));
                step = onAnswer(round, self, answer);
                if (answer.outcome() == PaxosProposeResponse.Outcome.ACCEPTED
                        || answer.outcome() == PaxosProposeResponse.Outcome.COMMITTED) {
                    acceptedBy = List.of(self);
                }
            } catch (RuntimeException e) {
                LOG.warn("Local Paxos proposal on {} failed: {}", table.tableId(), e.getMessage());
                step = round.failed(self);
            }
            onPropose(round, step, commitMessage, current);
        }
        if (round.isFinished()) {
            return;
        }
        byte[] payload = new PaxosProposeMessage(ballot, table.tableId(), update, acceptedBy,
                electorate.required()).serialize();
        for (NodeAddress node : electorate.live()) {
            if (node.equals(self)) {
                continue;
            }
            messaging.sendRequest(node, Verb.PAXOS_PROPOSE, payload, planEpoch, timeout, new ResponseCallback() {
                @Override
                public void onResponse(Message response) {
                    ProposeRound.Step step;
                    try {
                        step = onAnswer(round, response.from(),
                                PaxosProposeResponse.deserialize(response.payload()));
                    } catch (MalformedMessageException e) {
                        step = round.failed(response.from());
                    }
                    onPropose(round, step, commitMessage, current);
                }

                @Override
                public void onFailure(NodeAddress peer, Failure failure) {
                    onPropose(round, round.failed(peer), commitMessage, current);
                }
            });
        }
    }

    private ProposeRound.Step onAnswer(ProposeRound round, NodeAddress from, PaxosProposeResponse answer) {
        ballots.observe(answer.promised());
        return switch (answer.outcome()) {
            case ACCEPTED -> round.accepted(from);
            case COMMITTED -> round.committed(from);
            case REJECTED -> round.rejected(from, answer.promised());
            // It may hold the proposal: like no answer, never evidence of a refusal.
            case UNCERTAIN -> round.failed(from);
        };
    }

    private void onPropose(ProposeRound round, ProposeRound.Step step, PaxosCommitMessage commitMessage,
                           PartitionData current) {
        guarded(() -> {
            for (NodeAddress node : round.takeCommitTargets()) {
                commits.commit(node, commitMessage, planEpoch,
                        () -> onPropose(round, round.commitAcknowledged(node), commitMessage, current),
                        () -> onPropose(round, round.commitFailed(node), commitMessage, current));
            }
            boolean own = current != null;
            switch (step) {
                case NONE -> { }
                case DONE -> {
                    if (own) {
                        complete(new PaxosCoordinator.CasOutcome(true, current));
                    } else {
                        attempt();
                    }
                }
                case REFUSED -> {
                    ballots.observe(round.highestRejection());
                    backOff();
                }
                case UNKNOWN -> {
                    if (own) {
                        result.completeExceptionally(new CasWriteUnknownException(serial, round.acceptedCount(),
                                electorate.required()));
                    } else {
                        backOff();
                    }
                }
                case COMMIT_FAILED -> {
                    if (own) {
                        result.completeExceptionally(new WriteTimeoutException(commit, round.committedCount(),
                                electorate.commitBlockFor(), WriteType.SIMPLE));
                    } else {
                        backOff();
                    }
                }
            }
            // Only once the client has its answer (a nested call may see every commit first).
            if ((!own || result.isDone()) && round.takeCleanup(electorate.replicas())) {
                cleanups.add(electorate.replicas(), new PaxosCleanupMessage.Cleanup(
                        commitMessage.ballot(), table.tableId(), key));
            }
        });
    }

    /**
     * Plans the electorate again once this node has caught up with a newer epoch than the one
     * refused (the refusals' envelopes made it fetch it; waiting at most until the contention
     * deadline), then attempts again.
     */
    private void backOffAndReplan() {
        long remainingNanos = deadlineNanos - clock.nanoTime();
        PlanEpochs.newerThan(topology, scheduler, planEpoch, Duration.ofNanos(Math.max(0, remainingNanos)))
                .thenRun(() -> guarded(() -> {
                    stale.set(false);
                    planEpoch = topology.epoch();
                    electorate = Electorate.of(topology, table.keyspace(), key.token(), serial, commit);
                    attempt();
                }));
    }

    /** Retries round 1 after a random pause that grows with each retry, within the contention timeout. */
    private void backOff() {
        if (result.isDone()) {
            return;
        }
        long remainingMicros = (deadlineNanos - clock.nanoTime()) / 1_000;
        if (remainingMicros <= 0) {
            result.completeExceptionally(timedOut(0, electorate.required()));
            return;
        }
        int retry = Math.min(retries.incrementAndGet(), 16);
        long bound = Math.min(PaxosCoordinator.MAX_BACKOFF_MICROS,
                PaxosCoordinator.MIN_BACKOFF_MICROS << Math.min(retry - 1, 10));
        long pause;
        synchronized (random) {
            pause = 1 + random.nextLong(bound);
        }
        scheduler.schedule(Duration.ofNanos(Math.min(pause, remainingMicros) * 1_000), () -> guarded(this::attempt));
    }
}
