package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.MalformedMessageException;

/**
 * What gossip sends, one record per verb, each with its own serializer: {@link GossipDigestSyn}
 * offers digests, {@link GossipDigestAck} answers with newer states and the digests it wants,
 * {@link GossipDigestAck2} sends the states wanted. Every message starts with a version byte;
 * decoding refuses another version, truncated or corrupt input with a
 * {@link MalformedMessageException}, and bounds every count and length before allocating.
 */
sealed interface GossipMessage permits GossipDigestSyn, GossipDigestAck, GossipDigestAck2 {

    /** The layout version every gossip message starts with (2: each state says whether it is a delta). */
    int VERSION = 2;

    Verb verb();

    byte[] serialize();

    /** The message a payload of {@code verb} holds. */
    static GossipMessage deserialize(Verb verb, byte[] payload) {
        return switch (verb) {
            case GOSSIP_DIGEST_SYN -> GossipDigestSyn.deserialize(payload);
            case GOSSIP_DIGEST_ACK -> GossipDigestAck.deserialize(payload);
            case GOSSIP_DIGEST_ACK2 -> GossipDigestAck2.deserialize(payload);
            default -> throw new MalformedMessageException("Malformed gossip message: " + verb + " is not a gossip verb");
        };
    }
}
