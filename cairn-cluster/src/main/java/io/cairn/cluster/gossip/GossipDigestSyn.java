package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.util.List;

/**
 * The first message of an exchange: the digests of every node the sender knows. Layout:
 * {@code [version][digests]}.
 */
record GossipDigestSyn(List<GossipDigest> digests) implements GossipMessage {

    GossipDigestSyn {
        digests = List.copyOf(digests);
    }

    @Override
    public Verb verb() {
        return Verb.GOSSIP_DIGEST_SYN;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = GossipWire.start();
        GossipWire.writeDigests(out, digests);
        return out.toByteArray();
    }

    static GossipDigestSyn deserialize(byte[] payload) {
        ByteReader in = GossipWire.open(payload, "gossip SYN");
        List<GossipDigest> digests = GossipWire.readDigests(in);
        in.expectEnd();
        return new GossipDigestSyn(digests);
    }
}
