package io.cairn.node.coordinator;

import io.cairn.node.replica.ReplicaHandlers;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The answers to one partition read: done once a data answer and {@code needed} answers in all
 * have arrived, or once every request sent has answered or failed. Answers after that are
 * ignored. Requests may be added while it runs: a spare replica replaces one that failed, or
 * joins when the others are slow (a speculative retry).
 */
final class ReadRound {

    private final int needed;
    private final long planEpoch;
    private volatile boolean refusedAsStale;
    private final java.util.ArrayDeque<NodeAddress> spares;
    private final List<NodeAddress> responders = new ArrayList<>();
    private final List<byte[]> dataAnswers = new ArrayList<>();
    private final List<byte[]> digests = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private byte[] data;
    private int outstanding;

    /**
     * A round of {@code requests} reads (to be sent after this), done when {@code needed}
     * answered; {@code spares} are the replicas to ask next, in order, when one fails or is slow.
     */
    ReadRound(int needed, int requests, List<NodeAddress> spares) {
        this(needed, requests, spares, 0);
    }

    /** A round whose replicas were planned at {@code planEpoch} (0: unknown), which its requests carry. */
    ReadRound(int needed, int requests, List<NodeAddress> spares, long planEpoch) {
        this.planEpoch = planEpoch;
        this.needed = needed;
        this.outstanding = requests;
        this.spares = new java.util.ArrayDeque<>(spares);
    }

    /**
     * Takes the next spare replica for one more request (a speculative retry), or null once
     * the round is done or no spare is left.
     */
    synchronized NodeAddress takeSpare() {
        if (done.isDone() || spares.isEmpty()) {
            return null;
        }
        outstanding++;
        return spares.poll();
    }

    /**
     * Records an answer: a DATA result, a DIGEST, or null when the request failed or timed out.
     * A failure while a spare replica is left returns that replica, to be asked instead.
     */
    synchronized NodeAddress answered(NodeAddress from, boolean isData, byte[] result) {
        outstanding--;
        if (done.isDone()) {
            return null;
        }
        if (result != null) {
            responders.add(from);
            if (isData) {
                dataAnswers.add(result);
                if (data == null) {
                    data = result;
                }
            }
            if (!isData) {
                digests.add(result);
            }
        } else if (!spares.isEmpty()) {
            outstanding++;
            return spares.poll();
        }
        if (data != null && responders.size() >= needed || outstanding == 0) {
            done.complete(null);
        }
        return null;
    }

    /** The DATA answers, in the order they came. */
    synchronized List<byte[]> dataAnswers() {
        return List.copyOf(dataAnswers);
    }

    /** Completes when the round is done (whether it succeeded or not). */
    CompletableFuture<Void> done() {
        return done;
    }

    synchronized boolean hasData() {
        return data != null;
    }

    /** Whether enough answered, with data among them. */
    synchronized boolean succeeded() {
        return data != null && responders.size() >= needed;
    }

    synchronized byte[] data() {
        return data;
    }

    /** The replicas that answered, in the order they did. */
    synchronized List<NodeAddress> responders() {
        return List.copyOf(responders);
    }

    /**
     * Whether every answer agrees: data answers byte for byte, digests with the data's digest
     * (computed only when a digest answer came).
     */
    synchronized boolean agree() {
        for (byte[] other : dataAnswers) {
            if (!Arrays.equals(other, data)) {
                return false;
            }
        }
        if (digests.isEmpty()) {
            return true;
        }
        byte[] dataDigest = ReplicaHandlers.digest(data);
        for (byte[] digest : digests) {
            if (!Arrays.equals(digest, dataDigest)) {
                return false;
            }
        }
        return true;
    }

    /** A replica refused one of this round's requests as planned at a stale epoch. */
    void refusedAsStale() {
        refusedAsStale = true;
    }

    /** Whether a replica refused one of this round's requests as planned at a stale epoch. */
    boolean wasRefusedAsStale() {
        return refusedAsStale;
    }

    /** The epoch this round's replicas were planned at: its requests carry it. */
    long planEpoch() {
        return planEpoch;
    }
}
