package io.cairn.node.messages;

import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.util.Objects;

/**
 * A replica's answer to a {@link PaxosProposeMessage}: it accepted the proposal, accepted and
 * committed it (the proposal reached its quorum with this acceptance), or rejected it because
 * it had promised {@code promised}, a higher ballot (UNCERTAIN when it cannot tell whether it
 * accepted that ballot before). A late copy of a proposal the replica accepted is answered
 * ACCEPTED. Layout:
 * {@code [version][byte outcome][ballot promised]}.
 *
 * @param promised the replica's highest promised ballot (on a rejection, the one that beat the proposal)
 */
public record PaxosProposeResponse(Outcome outcome, Ballot promised) {

    public enum Outcome {
        ACCEPTED, COMMITTED, REJECTED,
        /**
         * Rejected now, and the replica cannot tell whether it accepted this ballot before (it
         * restarted since, or forgot): not evidence that nobody holds the proposal.
         */
        UNCERTAIN
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    public PaxosProposeResponse {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(promised, "promised");
    }

    public byte[] serialize() {
        ByteWriter out = ReplicaWire.start();
        out.writeByte(outcome.ordinal());
        Ballot.write(out, promised);
        return out.toByteArray();
    }

    public static PaxosProposeResponse deserialize(byte[] payload) {
        return ReplicaWire.read(payload, "PAXOS_PROPOSE response",
                in -> new PaxosProposeResponse(readOutcome(in), Ballot.read(in)));
    }

    private static Outcome readOutcome(ByteReader in) {
        int outcome = in.readUnsignedByte();
        if (outcome >= OUTCOMES.length) {
            throw in.malformed("unknown proposal outcome " + outcome);
        }
        return OUTCOMES[outcome];
    }
}
