package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteReader;
import io.cairn.common.wire.ByteWriter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The last message of an exchange: the states the ACK asked for. Layout: {@code [version][states]}. */
record GossipDigestAck2(Map<NodeAddress, EndpointState> states) implements GossipMessage {

    GossipDigestAck2 {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    @Override
    public Verb verb() {
        return Verb.GOSSIP_DIGEST_ACK2;
    }

    @Override
    public byte[] serialize() {
        ByteWriter out = GossipWire.start();
        GossipWire.writeStates(out, states);
        return out.toByteArray();
    }

    static GossipDigestAck2 deserialize(byte[] payload) {
        ByteReader in = GossipWire.open(payload, "gossip ACK2");
        Map<NodeAddress, EndpointState> states = GossipWire.readStates(in);
        in.expectEnd();
        return new GossipDigestAck2(states);
    }
}
