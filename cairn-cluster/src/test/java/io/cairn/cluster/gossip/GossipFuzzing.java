package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.Verb;

import java.util.List;

/** Opens the package's gossip decoder to the fuzz target. */
public final class GossipFuzzing {

    private static final List<Verb> VERBS = List.of(Verb.GOSSIP_DIGEST_SYN, Verb.GOSSIP_DIGEST_ACK,
            Verb.GOSSIP_DIGEST_ACK2);

    private GossipFuzzing() {
    }

    /** Decodes {@code payload} as a gossip message of the {@code verb}-th gossip verb. */
    public static Object decode(int verb, byte[] payload) {
        return GossipMessage.deserialize(VERBS.get(verb), payload);
    }
}
