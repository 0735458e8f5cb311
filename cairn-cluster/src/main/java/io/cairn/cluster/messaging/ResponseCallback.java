package io.cairn.cluster.messaging;

/**
 * What a request's sender hears back: exactly one of a response or a failure, on a messaging
 * thread (or the simulator's).
 */
public interface ResponseCallback {

    void onResponse(Message response);

    void onFailure(NodeAddress peer, Failure failure);

    /** Why no response came. */
    enum Failure {
        /** No response within the request's timeout. */
        TIMEOUT,
        /** The message could not be sent: the peer is unreachable or its queue is full. */
        UNREACHABLE,
        /**
         * The peer received the request but refused to work on it: its stage for this kind of
         * work was full. Retrying at once would only add to the load.
         */
        OVERLOADED,
        /**
         * The peer refused the request because it was planned at a cluster metadata epoch whose
         * replicas (or table) have changed since: plan it again at the newer epoch, which the
         * refusal's envelope carries.
         */
        STALE_EPOCH,
        /**
         * The peer refused the request because it holds no replica for it at its own epoch: it
         * took the address of a dead node it has not replaced yet, or it left the ring. Its answer
         * must not count for the replica the request was meant for.
         */
        NOT_A_REPLICA
    }
}
