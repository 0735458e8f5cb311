package io.cairn.node.paxos;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.messages.Ballot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Counts one proposal's answers, then its commits. The proposal is chosen once {@code required}
 * replicas accepted it (a COMMITTED answer is an acceptance too); from then on every replica
 * that accepted but did not commit, and every replica outside the electorate, is to be sent
 * the commit ({@link #takeCommitTargets}), and the round is DONE once {@code commitBlockFor}
 * replicas that count committed. Before it is chosen, when too many refused or failed for it
 * ever to be: REFUSED if nobody accepted and everyone answered (safe to retry from round 1),
 * else UNKNOWN (someone may hold it: a later prepare may still complete it). Once chosen, when
 * the commit level can no longer be met: COMMIT_FAILED. Each final step is returned once.
 * Thread-safe; sends, stores and reads no clock.
 */
final class ProposeRound {

    enum Step { NONE, DONE, REFUSED, UNKNOWN, COMMIT_FAILED }

    private final int required;
    private final int commitBlockFor;
    private final Predicate<NodeAddress> countsForCommit;
    private final Set<NodeAddress> outstanding;
    private final Set<NodeAddress> othersToCommit;
    private final Set<NodeAddress> accepted = new HashSet<>();
    private final Set<NodeAddress> committed = new HashSet<>();
    private final Set<NodeAddress> commitSent = new HashSet<>();
    private final Set<NodeAddress> commitOutstanding = new HashSet<>();
    private int failed;
    private Ballot highestRejection;
    private boolean chosen;
    private boolean finished;
    private boolean cleanupTaken;

    /**
     * @param contacted      the replicas the proposal goes to (the electorate's live members)
     * @param othersToCommit live replicas outside the electorate, which only get the commit
     */
    ProposeRound(int required, int commitBlockFor, Predicate<NodeAddress> countsForCommit, List<NodeAddress> contacted,
                 List<NodeAddress> othersToCommit) {
        if (contacted.size() < required) {
            throw new IllegalArgumentException("Proposing to " + contacted.size() + " replicas cannot gather "
                    + required + " acceptances");
        }
        this.required = required;
        this.commitBlockFor = commitBlockFor;
        this.countsForCommit = countsForCommit;
        this.outstanding = new LinkedHashSet<>(contacted);
        this.othersToCommit = new LinkedHashSet<>(othersToCommit);
    }

    synchronized Step accepted(NodeAddress node) {
        if (outstanding.remove(node)) {
            accepted.add(node);
        }
        return check();
    }

    /** The replica accepted and, seeing the quorum complete, committed too. */
    synchronized Step committed(NodeAddress node) {
        if (outstanding.remove(node)) {
            accepted.add(node);
            committed.add(node);
        }
        return check();
    }

    synchronized Step rejected(NodeAddress node, Ballot promised) {
        if (outstanding.remove(node)) {
            highestRejection = Ballot.max(highestRejection, promised);
        }
        return check();
    }

    /** No answer to the proposal: a timeout, an unreachable or overloaded replica. */
    synchronized Step failed(NodeAddress node) {
        if (outstanding.remove(node)) {
            failed++;
        }
        return check();
    }

    synchronized Step commitAcknowledged(NodeAddress node) {
        if (commitOutstanding.remove(node)) {
            committed.add(node);
        }
        return check();
    }

    synchronized Step commitFailed(NodeAddress node) {
        commitOutstanding.remove(node);
        return check();
    }

    /** Once chosen: the replicas to send the commit to now (each returned once). Empty before. */
    synchronized List<NodeAddress> takeCommitTargets() {
        if (!chosen) {
            return List.of();
        }
        List<NodeAddress> targets = new ArrayList<>();
        for (NodeAddress node : pendingCommitTargets()) {
            commitSent.add(node);
            commitOutstanding.add(node);
            targets.add(node);
        }
        return targets;
    }

    private List<NodeAddress> pendingCommitTargets() {
        List<NodeAddress> targets = new ArrayList<>();
        for (NodeAddress node : accepted) {
            if (!committed.contains(node) && !commitSent.contains(node)) {
                targets.add(node);
            }
        }
        for (NodeAddress node : othersToCommit) {
            if (!commitSent.contains(node)) {
                targets.add(node);
            }
        }
        return targets;
    }

    private Step check() {
        if (finished) {
            return Step.NONE;
        }
        if (!chosen) {
            if (accepted.size() >= required) {
                chosen = true;
            } else if (accepted.size() + outstanding.size() < required) {
                if (!accepted.isEmpty() || failed > 0) {
                    finished = true;
                    return Step.UNKNOWN;
                }
                if (!outstanding.isEmpty()) {
                    // A replica yet to answer may still accept it, and a later prepare complete it:
                    // refused only once every replica refused.
                    return Step.NONE;
                }
                finished = true;
                return Step.REFUSED;
            } else {
                return Step.NONE;
            }
        }
        int done = count(committed);
        if (done >= commitBlockFor) {
            finished = true;
            return Step.DONE;
        }
        int possible = done + count(commitOutstanding) + count(outstanding) + count(pendingCommitTargets());
        if (possible < commitBlockFor) {
            finished = true;
            return Step.COMMIT_FAILED;
        }
        return Step.NONE;
    }

    private int count(java.util.Collection<NodeAddress> nodes) {
        int count = 0;
        for (NodeAddress node : nodes) {
            if (countsForCommit.test(node)) {
                count++;
            }
        }
        return count;
    }

    /**
     * True once, when every one of {@code replicas} committed the proposal (answered COMMITTED or
     * acknowledged the commit): none will need its update again, so it may be cleaned up.
     */
    synchronized boolean takeCleanup(java.util.Collection<NodeAddress> replicas) {
        if (cleanupTaken || !chosen || replicas.isEmpty() || !committed.containsAll(replicas)) {
            return false;
        }
        cleanupTaken = true;
        return true;
    }

    synchronized boolean isFinished() {
        return finished;
    }

    synchronized int acceptedCount() {
        return accepted.size();
    }

    synchronized int committedCount() {
        return count(committed);
    }

    /** The highest ballot a rejection named, or null. */
    synchronized Ballot highestRejection() {
        return highestRejection;
    }
}
