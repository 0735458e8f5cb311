package io.cairn.cluster.messaging;

/**
 * The encoding of a failure sent in place of a response ({@link Verb#FAILURE_RESPONSE}): one
 * byte, the failure's ordinal. A byte this version does not know reads as
 * {@link ResponseCallback.Failure#UNREACHABLE}: the request failed, for a reason a newer peer
 * knows better.
 */
final class FailureResponses {

    private FailureResponses() {
    }

    /** {@code request} as the request a failure answers: same id and sender, verb FAILURE_RESPONSE. */
    static Message asResponseTo(Message request) {
        return new Message(request.id(), Verb.FAILURE_RESPONSE, request.from(), false, request.epoch(), request.payload());
    }

    static byte[] payload(ResponseCallback.Failure failure) {
        return new byte[] {(byte) failure.ordinal()};
    }

    static ResponseCallback.Failure failureOf(byte[] payload) {
        ResponseCallback.Failure[] failures = ResponseCallback.Failure.values();
        if (payload.length != 1 || payload[0] < 0 || payload[0] >= failures.length) {
            return ResponseCallback.Failure.UNREACHABLE;
        }
        return failures[payload[0]];
    }
}
