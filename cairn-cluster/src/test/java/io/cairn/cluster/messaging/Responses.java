package io.cairn.cluster.messaging;

import java.util.concurrent.CompletableFuture;

/** A callback that records its one outcome, for tests. */
final class Responses implements ResponseCallback {

    final CompletableFuture<Message> response = new CompletableFuture<>();
    final CompletableFuture<Failure> failure = new CompletableFuture<>();

    @Override
    public void onResponse(Message message) {
        if (failure.isDone() || !response.complete(message)) {
            throw new AssertionError("A second outcome for one request");
        }
    }

    @Override
    public void onFailure(NodeAddress peer, Failure reason) {
        if (response.isDone() || !failure.complete(reason)) {
            throw new AssertionError("A second outcome for one request");
        }
    }
}
