package io.cairn.node.paxos;

import io.cairn.node.messages.Ballot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ballots this replica accepted since its store opened, the newest {@code capacity} of them,
 * so that a refusal is always evidence. The network may deliver a PROPOSE twice: a copy that
 * arrives after a higher promise must not be answered "rejected" when the first copy was
 * accepted, or its coordinator, hearing only that answer, would take its proposal for refused,
 * decide again and report its own change as not applied. Such a copy is answered "uncertain".
 *
 * <p>What it cannot know is uncertain: a ballot at or below the promise floor (it may have been
 * accepted before a restart) or below one it forgot to stay within {@code capacity}.
 * Thread-safe.
 */
final class AcceptedBallots {

    /** Ballots remembered; about 50 bytes each. */
    static final int DEFAULT_CAPACITY = 100_000;

    enum Knowledge { ACCEPTED, NEVER_ACCEPTED, UNCERTAIN }

    private final int capacity;
    private final Map<Ballot, Boolean> ballots;
    /** Ballots at or below this may have been accepted here without being remembered (null: none). */
    private Ballot uncertainUpTo;

    /** @param floor the store's promise floor when it opened: what came before it is unknown (null: nothing) */
    AcceptedBallots(int capacity, Ballot floor) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.uncertainUpTo = floor;
        this.ballots = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Ballot, Boolean> eldest) {
                if (size() <= AcceptedBallots.this.capacity) {
                    return false;
                }
                uncertainUpTo = Ballot.max(uncertainUpTo, eldest.getKey());
                return true;
            }
        };
    }

    synchronized void accepted(Ballot ballot) {
        ballots.put(ballot, Boolean.TRUE);
    }

    /** Whether a proposal at {@code ballot} was accepted here. */
    synchronized Knowledge of(Ballot ballot) {
        if (ballots.containsKey(ballot)) {
            return Knowledge.ACCEPTED;
        }
        return uncertainUpTo != null && ballot.compareTo(uncertainUpTo) <= 0 ? Knowledge.UNCERTAIN
                : Knowledge.NEVER_ACCEPTED;
    }
}
