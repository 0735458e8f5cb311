package io.cairn.sim;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessageHandler;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosPrepareMessage;
import io.cairn.node.messages.PaxosPrepareResponse;
import io.cairn.node.messages.PaxosProposeMessage;
import io.cairn.node.messages.PaxosProposeResponse;
import io.cairn.node.paxos.AcceptorState;
import io.cairn.node.paxos.BallotGenerator;
import io.cairn.node.paxos.PaxosStore;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;

import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The planted Paxos bugs ({@link Plant}): faulty acceptors built from the node's public Paxos
 * store and message records, in place of the handlers other nodes' requests reach (a
 * coordinator's own acceptor, which it calls directly, stays correct), a rewrite of prepare
 * answers, and ballots from the clock alone. Each is what a plausible mistake in the protocol
 * would do; the simulation's checkers must catch every one.
 */
final class PaxosFaults {

    private final Plant plant;
    private final StorageEngine storage;
    private final MessagingService messaging;
    private final PaxosStore store;

    private PaxosFaults(Plant plant, StorageEngine storage, MessagingService messaging) {
        this.plant = plant;
        this.storage = storage;
        this.messaging = messaging;
        // The workload truncates nothing: no commit is older than a truncation.
        this.store = new PaxosStore(storage, table -> Long.MIN_VALUE);
    }

    /** Whether {@code plant} is one of these. */
    static boolean isPaxos(Plant plant) {
        return plant == Plant.PAXOS_PROMISES_LOWER_BALLOT || plant == Plant.PAXOS_PREPARE_HIDES_ACCEPTED
                || plant == Plant.PAXOS_ACCEPT_NOT_STORED || plant == Plant.PAXOS_CLOCK_BALLOTS;
    }

    /** The faults of {@code plant} on a node's storage and (real) messaging. */
    static PaxosFaults of(Plant plant, StorageEngine storage, MessagingService messaging) {
        return new PaxosFaults(plant, storage, messaging);
    }

    /** The handler of {@code verb} with the planted acceptor fault, or {@code handler} as is. */
    MessageHandler handler(Verb verb, MessageHandler handler) {
        if (plant == Plant.PAXOS_PROMISES_LOWER_BALLOT && verb == Verb.PAXOS_PREPARE) {
            return this::promiseAnyBallot;
        }
        if (plant == Plant.PAXOS_PROMISES_LOWER_BALLOT && verb == Verb.PAXOS_PROPOSE) {
            return message -> propose(message, true, true);
        }
        if (plant == Plant.PAXOS_ACCEPT_NOT_STORED && verb == Verb.PAXOS_PROPOSE) {
            return message -> propose(message, false, false);
        }
        return handler;
    }

    /** The answer {@code payload} to {@code request} as sent, with the planted rewrite. */
    byte[] response(Message request, byte[] payload) {
        if (plant != Plant.PAXOS_PREPARE_HIDES_ACCEPTED || request.verb() != Verb.PAXOS_PREPARE) {
            return payload;
        }
        PaxosPrepareResponse answer = PaxosPrepareResponse.deserialize(payload);
        return new PaxosPrepareResponse(answer.promised(), answer.promisedBallot(), null, null,
                answer.committedBallot(), answer.committed(), answer.data()).serialize();
    }

    /** Promises whatever ballot comes, as if it were the highest, and answers as a correct acceptor would. */
    private void promiseAnyBallot(Message message) {
        PaxosPrepareMessage prepare = PaxosPrepareMessage.deserialize(message.payload());
        AcceptorState state = store.load(prepare.table(), prepare.key());
        store.promise(prepare.table(), prepare.key(), prepare.ballot());
        PartitionUpdate data = storage.exportPartition(prepare.table(), prepare.key(), prepare.filter().slices());
        boolean inFlight = state.hasProposalInFlight() && state.accepted() != null;
        messaging.respond(message, new PaxosPrepareResponse(true, prepare.ballot(),
                inFlight ? state.acceptedBallot() : null, inFlight ? state.accepted() : null,
                state.committedBallot(), state.committed(), data).serialize());
    }

    /**
     * Answers a proposal: accepted, or committed when it completes the quorum its sender
     * names. With {@code anyBallot} it ignores the promised ballot; without {@code store} it
     * rejects as a correct acceptor would but stores and applies nothing it accepts.
     */
    private void propose(Message message, boolean anyBallot, boolean stores) {
        PaxosProposeMessage propose = PaxosProposeMessage.deserialize(message.payload());
        PartitionKey key = propose.update().key();
        Ballot highest = store.load(propose.table(), key).highest();
        if (!anyBallot && highest != null && propose.ballot().compareTo(highest) < 0) {
            messaging.respond(message, new PaxosProposeResponse(PaxosProposeResponse.Outcome.REJECTED, highest)
                    .serialize());
            return;
        }
        if (stores) {
            store.accept(propose.table(), propose.ballot(), propose.update());
        }
        Set<NodeAddress> acceptors = new HashSet<>(propose.acceptedBy());
        acceptors.add(messaging.localAddress());
        boolean chosen = acceptors.size() >= propose.required();
        if (chosen && stores) {
            store.commit(propose.table(), propose.ballot(), propose.update());
        }
        messaging.respond(message, new PaxosProposeResponse(chosen ? PaxosProposeResponse.Outcome.COMMITTED
                : PaxosProposeResponse.Outcome.ACCEPTED, propose.ballot()).serialize());
    }

    /** The node's ballot generator: under the planted bug, one that reads the clock alone. */
    static UnaryOperator<BallotGenerator> ballots(Plant plant, Clock clock) {
        if (plant != Plant.PAXOS_CLOCK_BALLOTS) {
            return UnaryOperator.identity();
        }
        return real -> new BallotGenerator(clock, real.nodeId(), BallotGenerator.unpersisted()) {
            @Override
            public Ballot next() {
                return new Ballot(clock().currentTimeMicros(), nodeId());
            }

            @Override
            public void observe(Ballot seen) {
                // Forgets it: the bug.
            }
        };
    }
}
