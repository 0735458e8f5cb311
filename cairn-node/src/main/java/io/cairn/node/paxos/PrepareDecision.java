package io.cairn.node.paxos;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosPrepareResponse;
import io.cairn.storage.PartitionUpdate;

import java.util.ArrayList;
import java.util.List;

/**
 * What a coordinator does once a quorum promised its ballot, decided from the promises alone.
 * In order: a proposal some replica accepted after the latest commit any of them knows may have
 * been chosen, so it is completed first ({@link Complete}); a replica that lacks the latest
 * commit gets it before anything new is decided ({@link CatchUp}), so that every chosen value
 * is on the data of a quorum before another can follow it; a commit at or past the ballot's
 * time means the ballot's writes could not win over it ({@link Retry} with a later ballot);
 * otherwise the promised replicas' data, merged, is the partition's linearizable state
 * ({@link Read}).
 */
sealed interface PrepareDecision {

    /** Re-propose {@code update} (accepted at {@code accepted}) with the new ballot, commit it, start over. */
    record Complete(Ballot accepted, PartitionUpdate update) implements PrepareDecision {
    }

    /** Commit {@code update} (chosen at {@code ballot}) on the {@code lagging} replicas, then start over. */
    record CatchUp(Ballot ballot, PartitionUpdate update, List<NodeAddress> lagging) implements PrepareDecision {
    }

    /** Start over at once with a later ballot. */
    record Retry() implements PrepareDecision {
    }

    /** Decide on the merge of these raw partitions. */
    record Read(List<PartitionUpdate> data) implements PrepareDecision {
    }

    static PrepareDecision of(Ballot ours, List<PrepareRound.Promise> promises) {
        Ballot latestCommit = null;
        PartitionUpdate latestCommitted = null;
        for (PrepareRound.Promise promise : promises) {
            PaxosPrepareResponse answer = promise.response();
            if (answer.committedBallot() != null && answer.committedBallot().isAfter(latestCommit)) {
                latestCommit = answer.committedBallot();
                latestCommitted = answer.committed();
            } else if (answer.committedBallot() != null && answer.committedBallot().equals(latestCommit)
                    && latestCommitted == null) {
                latestCommitted = answer.committed();
            }
        }
        PaxosPrepareResponse inFlight = null;
        for (PrepareRound.Promise promise : promises) {
            PaxosPrepareResponse answer = promise.response();
            if (inFlight != null && inFlight.acceptedBallot().equals(answer.acceptedBallot())
                    && !inFlight.accepted().equals(answer.accepted())) {
                // Either may have been chosen: failing is better than guessing.
                throw new IllegalStateException("Two updates were accepted under the ballot "
                        + answer.acceptedBallot() + ": a node re-issued a ballot (its storage lost or restored?)");
            }
            if (answer.acceptedBallot() != null && answer.acceptedBallot().isAfter(latestCommit)
                    && (inFlight == null || answer.acceptedBallot().isAfter(inFlight.acceptedBallot()))) {
                inFlight = answer;
            }
        }
        if (inFlight != null) {
            return new Complete(inFlight.acceptedBallot(), inFlight.accepted());
        }
        if (latestCommit != null && latestCommit.micros() >= ours.micros()) {
            return new Retry();
        }
        List<NodeAddress> lagging = new ArrayList<>();
        List<PartitionUpdate> data = new ArrayList<>();
        for (PrepareRound.Promise promise : promises) {
            if (latestCommit != null && !latestCommit.equals(promise.response().committedBallot())) {
                lagging.add(promise.from());
            }
            data.add(promise.response().data());
        }
        if (lagging.isEmpty()) {
            return new Read(List.copyOf(data));
        }
        if (latestCommitted != null) {
            return new CatchUp(latestCommit, latestCommitted, List.copyOf(lagging));
        }
        // The latest commit's update was cleaned up, which happens only once every replica of
        // the partition committed (and so applied) it: a member lacking it can only have become
        // a replica since, with data streamed from those that applied it. Its data needs nothing:
        // the merged read still holds the commit.
        return new Read(List.copyOf(data));
    }
}
