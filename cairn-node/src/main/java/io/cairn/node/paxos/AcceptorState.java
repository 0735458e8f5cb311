package io.cairn.node.paxos;

import io.cairn.node.messages.Ballot;
import io.cairn.storage.PartitionUpdate;

/**
 * What a replica has durably recorded of one partition's Paxos: its highest promise, the
 * latest proposal it accepted and the latest it committed. Any part may be absent (null).
 *
 * @param committed the committed proposal, while it is kept (null once cleaned up or when none)
 */
public record AcceptorState(Ballot promised, Ballot acceptedBallot, PartitionUpdate accepted, Ballot committedBallot,
                            PartitionUpdate committed) {

    public static final AcceptorState EMPTY = new AcceptorState(null, null, null, null, null);

    /**
     * The highest ballot the replica has promised, accepted or committed: it promises only
     * ballots above it and accepts only ballots at or above it. Counting the accepted and
     * committed ones as promised keeps a late, lower ballot from being accepted after them.
     */
    public Ballot highest() {
        return Ballot.max(promised, Ballot.max(acceptedBallot, committedBallot));
    }

    /** Whether the accepted proposal is newer than the committed one: it may be chosen but not yet committed here. */
    public boolean hasProposalInFlight() {
        return acceptedBallot != null && acceptedBallot.isAfter(committedBallot);
    }
}
