package io.cairn.node.paxos;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosPrepareResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts the answers to one PREPARE: decided once {@code required} replicas promised
 * (PROMISED), or once that became impossible: CONTENDED when some replica refused (a higher
 * ballot is about: back off and retry), TIMED_OUT when only failures stood in the way. Each
 * outcome is returned once, by the answer that decided it; every other call returns PENDING.
 * Thread-safe; sends, stores and reads no clock.
 */
final class PrepareRound {

    enum Outcome { PENDING, PROMISED, CONTENDED, TIMED_OUT }

    /** A promise and who made it. */
    record Promise(NodeAddress from, PaxosPrepareResponse response) {
    }

    private final int required;
    private int outstanding;
    private final List<Promise> promises = new ArrayList<>();
    private int refusals;
    private Ballot highestRefusal;
    private boolean decided;

    /** @param contacted how many replicas were asked (at least {@code required}) */
    PrepareRound(int required, int contacted) {
        if (contacted < required) {
            throw new IllegalArgumentException("Asking " + contacted + " replicas cannot gather " + required
                    + " promises");
        }
        this.required = required;
        this.outstanding = contacted;
    }

    synchronized Outcome answered(NodeAddress from, PaxosPrepareResponse response) {
        if (decided) {
            return Outcome.PENDING;
        }
        outstanding--;
        if (response.promised()) {
            promises.add(new Promise(from, response));
        } else {
            refusals++;
            highestRefusal = Ballot.max(highestRefusal, response.promisedBallot());
        }
        return check();
    }

    synchronized Outcome failed(NodeAddress from) {
        if (decided) {
            return Outcome.PENDING;
        }
        outstanding--;
        return check();
    }

    private Outcome check() {
        if (promises.size() >= required) {
            decided = true;
            return Outcome.PROMISED;
        }
        if (promises.size() + outstanding < required) {
            decided = true;
            return refusals > 0 ? Outcome.CONTENDED : Outcome.TIMED_OUT;
        }
        return Outcome.PENDING;
    }

    synchronized boolean isDecided() {
        return decided;
    }

    synchronized List<Promise> promises() {
        return List.copyOf(promises);
    }

    /** The highest ballot a refusal named, or null. */
    synchronized Ballot highestRefusal() {
        return highestRefusal;
    }
}
