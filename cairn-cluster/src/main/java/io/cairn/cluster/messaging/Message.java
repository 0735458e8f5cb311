package io.cairn.cluster.messaging;

import java.util.Objects;

/**
 * One internode message. A request carries an id its response echoes; a one-way message
 * has an id too but nobody waits for it.
 *
 * @param epoch   the cluster metadata epoch its sender had applied when it sent it (0: unknown);
 *                messaging carries it without interpreting it
 * @param payload the verb's serialized body; messaging never looks inside
 */
public record Message(long id, Verb verb, NodeAddress from, boolean isResponse, long epoch, byte[] payload) {

    public Message {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(payload, "payload");
        if (epoch < 0) {
            throw new IllegalArgumentException("Negative epoch " + epoch + " in a message from " + from);
        }
    }
}
