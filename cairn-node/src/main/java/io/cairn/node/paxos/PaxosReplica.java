package io.cairn.node.paxos;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosCommitMessage;
import io.cairn.node.messages.PaxosPrepareMessage;
import io.cairn.node.messages.PaxosPrepareResponse;
import io.cairn.node.messages.PaxosProposeMessage;
import io.cairn.node.messages.PaxosProposeResponse;
import io.cairn.node.messages.ReplicaMessage;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A replica's side of Paxos (the acceptor): promises, acceptances and commits of one partition
 * at a time, each checked and recorded under the partition's lock and durable (synced) before
 * it is answered. The coordinator calls {@link #prepare}, {@link #propose} and {@link #commit}
 * directly for its own replica; other nodes' requests come through the handlers that
 * {@link #register} installs. A malformed request is logged, counted and not answered (its
 * coordinator times out); no exception escapes a handler.
 *
 * <p>The locks are striped: a short critical section of storage work, never a wait on a future.
 */
public final class PaxosReplica {

    private static final Logger LOG = LoggerFactory.getLogger(PaxosReplica.class);
    private static final int LOCK_STRIPES = 256;

    private final StorageEngine storage;
    private final PaxosStore store;
    private final MessagingService messaging;
    private final NodeAddress self;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final AtomicLong malformedMessages = new AtomicLong();

    public PaxosReplica(StorageEngine storage, MessagingService messaging) {
        this.storage = storage;
        this.store = new PaxosStore(storage);
        this.messaging = messaging;
        this.self = messaging.localAddress();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** Handles PAXOS_PREPARE, PAXOS_PROPOSE and PAXOS_COMMIT; {@code where} says where each runs (the replica stage). */
    public void register(UnaryOperator<MessageHandler> where) {
        messaging.registerHandler(Verb.PAXOS_PREPARE, where.apply(message -> handle(message,
                PaxosPrepareMessage::deserialize, prepare -> prepare(prepare).serialize())));
        messaging.registerHandler(Verb.PAXOS_PROPOSE, where.apply(message -> handle(message,
                PaxosProposeMessage::deserialize, propose -> propose(propose).serialize())));
        messaging.registerHandler(Verb.PAXOS_COMMIT, where.apply(message -> handle(message,
                PaxosCommitMessage::deserialize, commit -> {
                    commit(commit);
                    return new byte[0];
                })));
    }

    private <T extends ReplicaMessage> void handle(Message message, Function<byte[], T> deserialize,
                                                   Function<T, byte[]> answer) {
        T request;
        try {
            request = deserialize.apply(message.payload());
        } catch (MalformedMessageException e) {
            malformedMessages.incrementAndGet();
            LOG.warn("Ignoring a {} from {}: {}", message.verb(), message.from(), e.getMessage());
            return;
        }
        try {
            messaging.respond(message, answer.apply(request));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer a {} from {}: {}", message.verb(), message.from(), e.getMessage());
        }
    }

    /** How many malformed Paxos requests this replica received and ignored. */
    public long malformedMessages() {
        return malformedMessages.get();
    }

    /**
     * Promises the ballot if it is above everything promised, accepted or committed here, and
     * answers the partition's Paxos state and raw data; otherwise refuses, naming the higher ballot.
     */
    public PaxosPrepareResponse prepare(PaxosPrepareMessage prepare) {
        synchronized (lockOf(prepare.table(), prepare.key())) {
            AcceptorState state = store.load(prepare.table(), prepare.key());
            Ballot highest = state.highest();
            if (!prepare.ballot().isAfter(highest)) {
                return PaxosPrepareResponse.refused(highest);
            }
            store.promise(prepare.table(), prepare.key(), prepare.ballot());
            PartitionUpdate data = storage.exportPartition(prepare.table(), prepare.key());
            boolean inFlight = state.hasProposalInFlight() && state.accepted() != null;
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
            Ballot highest = store.load(propose.table(), key).highest();
            if (highest != null && propose.ballot().compareTo(highest) < 0) {
                return new PaxosProposeResponse(PaxosProposeResponse.Outcome.REJECTED, highest);
            }
            store.accept(propose.table(), propose.ballot(), propose.update());
            Set<NodeAddress> acceptors = new HashSet<>(propose.acceptedBy());
            acceptors.add(self);
            if (acceptors.size() >= propose.required()) {
                store.commit(propose.table(), propose.ballot(), propose.update());
                return new PaxosProposeResponse(PaxosProposeResponse.Outcome.COMMITTED, propose.ballot());
            }
            return new PaxosProposeResponse(PaxosProposeResponse.Outcome.ACCEPTED, propose.ballot());
        }
    }

    /** Applies a chosen proposal and records its commit, durably. */
    public void commit(PaxosCommitMessage commit) {
        synchronized (lockOf(commit.table(), commit.update().key())) {
            store.commit(commit.table(), commit.ballot(), commit.update());
        }
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
