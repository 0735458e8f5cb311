package io.cairn.node.paxos;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosCleanupMessage;
import io.cairn.node.messages.PaxosCommitMessage;
import io.cairn.node.messages.PaxosPrepareMessage;
import io.cairn.node.messages.PaxosPrepareResponse;
import io.cairn.node.messages.PaxosProposeMessage;
import io.cairn.node.messages.PaxosProposeResponse;
import io.cairn.node.messages.ReplicaMessage;
import io.cairn.node.replica.EpochGate;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * A replica's side of Paxos (the acceptor): promises, acceptances and commits of one partition
 * at a time, each checked and recorded under the partition's lock and durable (synced) before
 * it is answered. The coordinator calls {@link #prepare}, {@link #propose} and {@link #commit}
 * directly for its own replica; other nodes' requests come through the handlers that
 * {@link #register} installs. {@link #cleanup} (PAXOS_CLEANUP, one-way) drops the updates of a
 * ballot every replica committed. A malformed request is logged, counted and not answered (its
 * coordinator times out); no exception escapes a handler.
 *
 * <p>The locks are striped: a short critical section of storage work, never a wait on a future.
 */
public final class PaxosReplica {

    private static final Logger LOG = LoggerFactory.getLogger(PaxosReplica.class);
    private static final int LOCK_STRIPES = 256;

    private final StorageEngine storage;
    private final PaxosStore store;
    private final AcceptedBallots acceptedHere;
    private final MessagingService messaging;
    /** Set once by {@link #register}. */
    private EpochGate gate = EpochGate.OPEN;
    private final NodeAddress self;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final AtomicLong malformedMessages = new AtomicLong();

    /**
     * @param truncatedAtMicros when each table was last truncated on this node, in microseconds
     *                          ({@code Long.MIN_VALUE}: never); see {@link PaxosStore#commit}
     */
    public PaxosReplica(StorageEngine storage, MessagingService messaging, ToLongFunction<TableId> truncatedAtMicros) {
        this.storage = storage;
        this.store = new PaxosStore(storage, truncatedAtMicros);
        this.acceptedHere = new AcceptedBallots(AcceptedBallots.DEFAULT_CAPACITY, store.floor());
        this.messaging = messaging;
        this.self = messaging.localAddress();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Handles PAXOS_PREPARE, PAXOS_PROPOSE, PAXOS_COMMIT and PAXOS_CLEANUP; {@code where} says
     * where each runs (the replica stage). {@code gate} refuses a prepare, proposal or commit
     * planned at a stale epoch.
     */
    public void register(UnaryOperator<MessageHandler> where, EpochGate gate) {
        this.gate = java.util.Objects.requireNonNull(gate, "gate");
        messaging.registerHandler(Verb.PAXOS_PREPARE, where.apply(message -> handle(message,
                PaxosPrepareMessage::deserialize, prepare -> prepare(prepare).serialize())));
        messaging.registerHandler(Verb.PAXOS_PROPOSE, where.apply(message -> handle(message,
                PaxosProposeMessage::deserialize, propose -> propose(propose).serialize())));
        messaging.registerHandler(Verb.PAXOS_COMMIT, where.apply(message -> handle(message,
                PaxosCommitMessage::deserialize, commit -> {
                    commit(commit);
                    return new byte[0];
                })));
        messaging.registerHandler(Verb.PAXOS_CLEANUP, where.apply(message -> {
            PaxosCleanupMessage cleanup = decode(message, PaxosCleanupMessage::deserialize);
            if (cleanup != null) {
                try {
                    cleanup(cleanup);
                } catch (RuntimeException e) {
                    LOG.warn("Could not clean up Paxos state for {}: {}", message.from(), e.getMessage());
                }
            }
        }));
    }

    /** The request in {@code message}, or null (logged and counted) when it is malformed. */
    private <T extends ReplicaMessage> T decode(Message message, Function<byte[], T> deserialize) {
        try {
            return deserialize.apply(message.payload());
        } catch (MalformedMessageException e) {
            malformedMessages.incrementAndGet();
            LOG.warn("Ignoring a {} from {}: {}", message.verb(), message.from(), e.getMessage());
            return null;
        }
    }

    private <T extends ReplicaMessage> void handle(Message message, Function<byte[], T> deserialize,
                                                   Function<T, byte[]> answer) {
        T request = decode(message, deserialize);
        if (request == null || refused(message, request)) {
            return;
        }
        try {
            messaging.respond(message, answer.apply(request));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer a {} from {}: {}", message.verb(), message.from(), e.getMessage());
        }
    }

    /** Whether the gate refused {@code request} as planned at a stale epoch (it has answered so). */
    private boolean refused(Message message, ReplicaMessage request) {
        if (request instanceof PaxosPrepareMessage prepare) {
            return gate.refuses(messaging, message, prepare.table(), prepare.key().token());
        }
        if (request instanceof PaxosProposeMessage propose) {
            return gate.refuses(messaging, message, propose.table(), propose.update().key().token());
        }
        if (request instanceof PaxosCommitMessage commit) {
            return gate.refuses(messaging, message, commit.table(), commit.update().key().token());
        }
        return false;
    }

    /** How many malformed Paxos requests this replica received and ignored. */
    public long malformedMessages() {
        return malformedMessages.get();
    }

    /**
     * Promises the ballot if it is above everything promised, accepted or committed here, and
     * answers the partition's Paxos state and its raw data within the prepare's slices (deletions
     * and static row whole: what the coordinator's merge needs to read them); otherwise refuses,
     * naming the higher ballot.
     */
    public PaxosPrepareResponse prepare(PaxosPrepareMessage prepare) {
        synchronized (lockOf(prepare.table(), prepare.key())) {
            AcceptorState state = store.load(prepare.table(), prepare.key());
            Ballot highest = Ballot.max(state.highest(), store.floor());
            if (!prepare.ballot().isAfter(highest)) {
                return PaxosPrepareResponse.refused(highest);
            }
            boolean inFlight = state.hasProposalInFlight();
            if (inFlight && state.accepted() == null) {
                // Hiding it would let another value be chosen over one that may have been.
                throw new IllegalStateException("The proposal accepted at " + state.acceptedBallot() + " on "
                        + prepare.table() + " lost its update before it was committed here: a cleanup must only"
                        + " follow a commit of its ballot");
            }
            store.promise(prepare.table(), prepare.key(), prepare.ballot());
            PartitionUpdate data = storage.exportPartition(prepare.table(), prepare.key(), prepare.filter().slices());
            return new PaxosPrepareResponse(true, prepare.ballot(), inFlight ? state.acceptedBallot() : null,
                    inFlight ? state.accepted() : null, state.committedBallot(), state.committed(), data);
        }
    }

    /**
     * Accepts the proposal unless a higher ballot was promised here. When the replicas that
     * already accepted it and this one make the quorum the proposal names, it is chosen: this
     * replica commits it at once and answers COMMITTED.
     */
    public PaxosProposeResponse propose(PaxosProposeMessage propose) {
        PartitionKey key = propose.update().key();
        synchronized (lockOf(propose.table(), key)) {
            AcceptorState state = store.load(propose.table(), key);
            Ballot highest = Ballot.max(state.highest(), store.floor());
            if (highest != null && propose.ballot().compareTo(highest) < 0) {
                return new PaxosProposeResponse(belowPromise(propose, state), highest);
            }
            if (isOtherValueOfSameBallot(propose, state)) {
                return new PaxosProposeResponse(PaxosProposeResponse.Outcome.REJECTED, highest);
            }
            Set<NodeAddress> acceptors = new HashSet<>(propose.acceptedBy());
            acceptors.add(self);
            if (acceptors.size() >= propose.required()) {
                store.acceptAndCommit(propose.table(), propose.ballot(), propose.update());
                acceptedHere.accepted(propose.ballot());
                return new PaxosProposeResponse(PaxosProposeResponse.Outcome.COMMITTED, propose.ballot());
            }
            store.accept(propose.table(), propose.ballot(), propose.update());
            acceptedHere.accepted(propose.ballot());
            return new PaxosProposeResponse(PaxosProposeResponse.Outcome.ACCEPTED, propose.ballot());
        }
    }

    /**
     * The answer to a proposal under this replica's promise: REJECTED only when this replica
     * never accepted that ballot, so that a refusal is always evidence; UNCERTAIN (no answer,
     * to the coordinator) when it did, or cannot tell (see {@link AcceptedBallots}). A late copy
     * of a proposal it accepted (the network may deliver a message twice) is not answered
     * ACCEPTED again: the first copy's answer says that, and an acceptance claimed after a
     * higher promise lost applied transactions in the simulator (LWT seed 43065).
     */
    private PaxosProposeResponse.Outcome belowPromise(PaxosProposeMessage propose, AcceptorState state) {
        boolean inRegisters = (propose.ballot().equals(state.acceptedBallot())
                || propose.ballot().equals(state.committedBallot())) && !isOtherValueOfSameBallot(propose, state);
        if (inRegisters) {
            return PaxosProposeResponse.Outcome.UNCERTAIN;
        }
        return switch (acceptedHere.of(propose.ballot())) {
            case ACCEPTED -> PaxosProposeResponse.Outcome.UNCERTAIN;
            case UNCERTAIN -> PaxosProposeResponse.Outcome.UNCERTAIN;
            case NEVER_ACCEPTED -> PaxosProposeResponse.Outcome.REJECTED;
        };
    }

    /**
     * Whether the proposal reuses the ballot of one accepted or committed here with another
     * update. A ballot names one proposal; accepting a second value under it would let the
     * registers' merge pick either. Only a node that re-issued a ballot does this (its ballot
     * high mark is persisted, so only a node whose storage was lost or restored can), so it is
     * logged as an error. A ballot whose update was cleaned up cannot be compared, and was committed
     * everywhere long ago: proposing it again is refused too.
     */
    private static boolean isOtherValueOfSameBallot(PaxosProposeMessage propose, AcceptorState state) {
        Ballot ballot = propose.ballot();
        boolean sameAsAccepted = ballot.equals(state.acceptedBallot());
        boolean sameAsCommitted = ballot.equals(state.committedBallot());
        if (!sameAsAccepted && !sameAsCommitted) {
            return false;
        }
        PartitionUpdate recorded = sameAsAccepted && state.accepted() != null ? state.accepted()
                : sameAsCommitted ? state.committed() : null;
        if (recorded == null) {
            LOG.warn("Refusing a proposal on {} at {}, a ballot already committed everywhere and cleaned up",
                    propose.table(), ballot);
            return true;
        }
        if (recorded.equals(propose.update())) {
            return false;
        }
        LOG.error("Refusing a proposal on {} at {}: that ballot was already accepted here with another update."
                + " A node re-issued a ballot (was its storage lost or restored?)", propose.table(), ballot);
        return true;
    }

    /** Applies a chosen proposal and records its commit, durably. */
    public void commit(PaxosCommitMessage commit) {
        synchronized (lockOf(commit.table(), commit.update().key())) {
            store.commit(commit.table(), commit.ballot(), commit.update());
        }
    }

    /**
     * Drops, for each of the message's cleanups, the updates of the accepted and committed
     * registers that hold its ballot, keeping the ballots. Only a ballot committed here is
     * cleaned: until then its update may still have to be completed from this replica's accepted
     * register.
     */
    public void cleanup(PaxosCleanupMessage message) {
        int refused = 0;
        String example = null;
        for (PaxosCleanupMessage.Cleanup cleanup : message.cleanups()) {
            try {
                synchronized (lockOf(cleanup.table(), cleanup.key())) {
                    AcceptorState state = store.load(cleanup.table(), cleanup.key());
                    Ballot ballot = cleanup.ballot();
                    if (state.committedBallot() == null || ballot.isAfter(state.committedBallot())) {
                        refused++;
                        example = cleanup.table() + " at " + ballot + " (the latest commit here is "
                                + state.committedBallot() + ")";
                        continue;
                    }
                    store.cleanup(cleanup.table(), cleanup.key(), ballot,
                            ballot.equals(state.acceptedBallot()) && state.accepted() != null,
                            ballot.equals(state.committedBallot()) && state.committed() != null);
                }
            } catch (RuntimeException e) {
                refused++;
                example = cleanup.table() + " at " + cleanup.ballot() + " (" + e.getMessage() + ")";
            }
        }
        if (refused > 0) {
            LOG.error("Refused to clean up the Paxos state of {} of {} partitions, e.g. {}: a cleanup must only follow"
                    + " a commit of its ballot", refused, message.cleanups().size(), example);
        }
    }

    /**
     * Forgets what the registers of a dropped table hold (see {@link PaxosStore#forget}), so that
     * a table created again under its name can never complete or be sent one of its proposals.
     * Scans all of this node's registers: a drop is rare and this runs once per drop.
     *
     * @return how many partitions' registers were forgotten
     */
    public int forgetTable(TableId table) {
        int[] forgotten = new int[1];
        store.forEachKey(table, key -> {
            synchronized (lockOf(table, key)) {
                store.forget(table, key);
            }
            forgotten[0]++;
        });
        if (forgotten[0] > 0) {
            LOG.info("Forgot the Paxos state of {} partitions of the dropped table {}", forgotten[0], table);
        }
        return forgotten[0];
    }

    /**
     * A page of the registers of {@code table}'s partitions in {@code range}, as stored, for a
     * node that receives the range in a movement (a STREAM of PAXOS_REGISTERS; see
     * {@link PaxosStore#exportRegisters}).
     */
    public UpdatePage exportRegisters(TableId table, TokenRange range, PartitionKey resumeAfter, int maxPartitions) {
        return PaxosStore.exportRegisters(storage, table, range, resumeAfter, maxPartitions);
    }

    /**
     * Takes the registers of partitions this node receives in a movement, copied from the
     * replica its data comes from, merged with its own (each register keeps the higher ballot).
     * A proposal accepted by a quorum of the old replicas, even one committed on none or on too
     * few of them, is then still accepted by a quorum of the new ones, and completed by the next
     * transaction of its partition: the data alone would not carry it (LWT and joins seed 13).
     * Reporting a proposal some replica accepted as accepted here is safe: the highest accepted
     * ballot of a quorum is still the one to complete.
     */
    public void receiveRegisters(TableId table, List<PartitionUpdate> registers) {
        store.receive(table, registers);
    }

    /** What this replica has recorded for a partition (for tests and tools). */
    public AcceptorState state(TableId table, PartitionKey key) {
        synchronized (lockOf(table, key)) {
            return store.load(table, key);
        }
    }

    private Object lockOf(TableId table, PartitionKey key) {
        return locks[Math.floorMod(table.hashCode() * 31 + key.hashCode(), LOCK_STRIPES)];
    }
}
