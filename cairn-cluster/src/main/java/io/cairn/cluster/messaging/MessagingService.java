package io.cairn.cluster.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Internode messaging: one-way messages, and requests whose single response or failure
 * reaches a callback. Implementations: {@link NettyMessagingService} over TCP, and
 * {@link InJvmNetwork}'s nodes for tests and the simulator.
 *
 * <p>Delivery is at most once and unordered across verbs; a request that gets no response
 * within its timeout fails with {@link ResponseCallback.Failure#TIMEOUT}, and a late response
 * is dropped.
 */
public interface MessagingService extends AutoCloseable {

    NodeAddress localAddress();

    /** Handles requests and one-way messages of {@code verb}; one handler per verb. */
    void registerHandler(Verb verb, MessageHandler handler);

    /** Sends a message nobody answers. Failures are silent (counted, logged). */
    void sendOneWay(NodeAddress to, Verb verb, byte[] payload);

    /** Sends a request; {@code callback} hears its response or its failure, exactly once. */
    void sendRequest(NodeAddress to, Verb verb, byte[] payload, Duration timeout, ResponseCallback callback);

    /**
     * Sends a request stamped with {@code epoch} instead of this node's current one: the epoch
     * the sender planned it at (its replicas), which the receiver judges it by. 0 (a plan that
     * knows no epoch) stamps this node's current epoch, as the other sends do.
     */
    void sendRequest(NodeAddress to, Verb verb, byte[] payload, long epoch, Duration timeout,
                     ResponseCallback callback);

    /**
     * Sends a request and completes with its response's payload, or with null when it failed
     * or timed out (callers that need to know why use {@link #sendRequest}). Never fails.
     */
    default CompletableFuture<byte[]> request(NodeAddress to, Verb verb, byte[] payload, Duration timeout) {
        return request(to, verb, payload, -1, timeout);
    }

    /**
     * {@link #request(NodeAddress, Verb, byte[], Duration)}, stamped with {@code epoch} (see
     * {@link #sendRequest(NodeAddress, Verb, byte[], long, Duration, ResponseCallback)}); -1
     * (or 0) stamps this node's current epoch.
     */
    default CompletableFuture<byte[]> request(NodeAddress to, Verb verb, byte[] payload, long epoch,
                                              Duration timeout) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        ResponseCallback callback = new ResponseCallback() {
            @Override
            public void onResponse(Message response) {
                answer.complete(response.payload());
            }

            @Override
            public void onFailure(NodeAddress peer, Failure failure) {
                answer.complete(null);
            }
        };
        if (epoch < 0) {
            sendRequest(to, verb, payload, timeout, callback);
        } else {
            sendRequest(to, verb, payload, epoch, timeout, callback);
        }
        return answer;
    }

    /**
     * Stamps every message this node sends from now on (requests, one-way messages, responses)
     * with {@code localEpoch}'s value, the cluster metadata epoch it has applied, and tells
     * {@code observer} the epoch of every message received, before the message is handled.
     * Set once, before traffic that needs it; until then messages carry epoch 0 (unknown),
     * which observers never hear.
     */
    void useEpochs(java.util.function.LongSupplier localEpoch, EpochObserver observer);

    /** Answers {@code request}. */
    void respond(Message request, byte[] payload);

    /**
     * Answers {@code request} with a failure instead of its verb's answer: its sender's callback
     * hears {@code failure} at once rather than waiting for the timeout.
     */
    default void respondFailure(Message request, ResponseCallback.Failure failure) {
        respond(FailureResponses.asResponseTo(request), FailureResponses.payload(failure));
    }

    /**
     * Messages this node has sent to other nodes so far (requests, one-way messages and
     * responses alike, each counted once when handed to its connection), or -1 when this
     * implementation does not count them. What a statement costs in messages is measured with it.
     */
    default long messagesSent() {
        return -1;
    }

    /** Why {@code peer} refused this node at the handshake (e.g. another cluster), or null when it did not. */
    default String refusalBy(NodeAddress peer) {
        return null;
    }

    @Override
    void close();
}
