package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a SYN: the states the receiver has newer than the digests offered, and the
 * digests of what it wants in return. Layout: {@code [version][states][digests]}.
 */
record GossipDigestAck(Map<NodeAddress, EndpointState> states, List<GossipDigest> wanted) implements GossipMessage {

    GossipDigestAck {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        wanted = List.copyOf(wanted);
    }

    @Override
    public Verb verb() {
        return Verb.GOSSIP_DIGEST_ACK;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = GossipWire.start();
        GossipWire.writeStates(out, states);
        GossipWire.writeDigests(out, wanted);
        return out.toByteArray();
    }

    static GossipDigestAck deserialize(byte[] payload) {
        ByteReader in = GossipWire.open(payload, "gossip ACK");
        Map<NodeAddress, EndpointState> states = GossipWire.readStates(in);
        List<GossipDigest> wanted = GossipWire.readDigests(in);
        in.expectEnd();
        return new GossipDigestAck(states, wanted);
    }
}
