package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The answers to one partition read: done once a data answer and {@code needed} answers in all
 * have arrived, or once every request sent has answered or failed. Answers after that are
 * ignored. Requests may be added while it runs (a speculative retry).
 */
final class ReadRound {

    private final int needed;
    private final List<NodeAddress> responders = new ArrayList<>();
    private final List<byte[]> digests = new ArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private byte[] data;
    private int outstanding;

    /** A round of {@code requests} reads (to be sent after this), done when {@code needed} answered. */
    ReadRound(int needed, int requests) {
        this.needed = needed;
        this.outstanding = requests;
    }

    /** Counts one more request about to be sent; false once the round is done (nothing to send). */
    synchronized boolean addRequest() {
        if (done.isDone()) {
            return false;
        }
        outstanding++;
        return true;
    }

    /** Records an answer: a DATA result, a DIGEST, or null when the request failed or timed out. */
    synchronized void answered(NodeAddress from, boolean isData, byte[] result) {
        outstanding--;
        if (done.isDone()) {
            return;
        }
        if (result != null) {
            responders.add(from);
            if (isData && data == null) {
                data = result;
            }
            digests.add(isData ? ReplicaHandlers.digest(result) : result);
        }
        if (data != null && responders.size() >= needed || outstanding == 0) {
            done.complete(null);
        }
    }

    /** Waits until done. */
    void await() {
        done.join();
    }

    synchronized boolean isDone() {
        return done.isDone();
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

    /** Whether every answer has the same digest. */
    synchronized boolean agree() {
        for (byte[] digest : digests) {
            if (!Arrays.equals(digest, digests.get(0))) {
                return false;
            }
        }
        return true;
    }
}
