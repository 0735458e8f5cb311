package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.wire.ByteWriter;
import io.cairn.common.wire.MalformedMessageException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gossip messages read back what was written and refuse anything else with a clear error. */
class GossipMessageTest {

    private static final NodeAddress A = new NodeAddress("127.0.0.1", 7000);
    private static final NodeAddress B = new NodeAddress("10.0.0.22", 7001);

    private static Map<NodeAddress, EndpointState> states() {
        Map<ApplicationState, VersionedValue> values = new EnumMap<>(ApplicationState.class);
        values.put(ApplicationState.STATUS, new VersionedValue("NORMAL", 3));
        values.put(ApplicationState.TOKENS, new VersionedValue("-42,7,9001", 4));
        values.put(ApplicationState.DATA_CENTER, new VersionedValue("dc-é", 5));
        Map<NodeAddress, EndpointState> states = new LinkedHashMap<>();
        states.put(A, new EndpointState(1_700_000_000, 9, values));
        states.put(B, new EndpointState(1_700_000_001, 1, Map.of(), true));
        return states;
    }

    private static List<GossipMessage> examples() {
        List<GossipDigest> digests = List.of(new GossipDigest(A, 1_700_000_000, 12), new GossipDigest(B, 0, 0));
        return List.of(new GossipDigestSyn(digests), new GossipDigestSyn(List.of()),
                new GossipDigestAck(states(), digests), new GossipDigestAck(Map.of(), List.of()),
                new GossipDigestAck2(states()));
    }

    @Test
    void everyMessageReadsBackAsWritten() {
        for (GossipMessage message : examples()) {
            assertThat(GossipMessage.deserialize(message.verb(), message.serialize())).isEqualTo(message);
        }
    }

    @Test
    void everyTruncationOfEveryMessageIsRefusedAsMalformed() {
        for (GossipMessage message : examples()) {
            byte[] bytes = message.serialize();
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> GossipMessage.deserialize(message.verb(), truncated))
                        .as("%s truncated to %d of %d bytes", message.verb(), length, bytes.length)
                        .isInstanceOf(MalformedMessageException.class)
                        .hasMessageStartingWith("Malformed gossip ")
                        .hasMessageContaining("expected");
            }
        }
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] bytes = new GossipDigestSyn(List.of(new GossipDigest(A, 1, 2))).serialize();
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> GossipMessage.deserialize(Verb.GOSSIP_DIGEST_SYN, longer))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("found 3 bytes trailing");
    }

    @Test
    void anotherVersionIsRefused() {
        byte[] bytes = new GossipDigestAck2(states()).serialize();
        bytes[0] = 1;
        assertThatThrownBy(() -> GossipMessage.deserialize(Verb.GOSSIP_DIGEST_ACK2, bytes))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageStartingWith("Malformed gossip ACK2: expected version 2, found version 1 at offset 0");
    }

    @Test
    void moreEndpointsThanTheLimitAreRefusedBeforeAllocating() {
        byte[] bytes = new ByteWriter().writeByte(GossipMessage.VERSION).writeInt(GossipWire.MAX_ENDPOINTS + 1)
                .toByteArray();
        assertThatThrownBy(() -> GossipMessage.deserialize(Verb.GOSSIP_DIGEST_SYN, bytes))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("expected a count between 0 and " + GossipWire.MAX_ENDPOINTS
                        + ", found count " + (GossipWire.MAX_ENDPOINTS + 1));
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        byte[] bytes = new ByteWriter().writeByte(GossipMessage.VERSION).writeInt(1).writeString("127.0.0.1")
                .writeInt(70_000).writeInt(1).writeInt(1).toByteArray();
        assertThatThrownBy(() -> GossipMessage.deserialize(Verb.GOSSIP_DIGEST_SYN, bytes))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("found port 70000");
    }

    @Test
    void anApplicationStateThisVersionDoesNotKnowIsSkipped() {
        byte[] bytes = new ByteWriter().writeByte(GossipMessage.VERSION).writeInt(1).writeString("127.0.0.1")
                .writeInt(7000).writeInt(5).writeInt(6).writeBoolean(false).writeInt(2)
                .writeInt(ApplicationState.STATUS.id()).writeInt(3).writeString("NORMAL")
                .writeInt(999).writeInt(4).writeString("from a newer node").toByteArray();
        GossipDigestAck2 ack2 = (GossipDigestAck2) GossipMessage.deserialize(Verb.GOSSIP_DIGEST_ACK2, bytes);
        assertThat(ack2.states().get(A).states()).containsOnlyKeys(ApplicationState.STATUS);
    }

    @Test
    void aVerbThatIsNotGossipIsRefused() {
        assertThatThrownBy(() -> GossipMessage.deserialize(Verb.MUTATION, new byte[] {1}))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("MUTATION is not a gossip verb");
    }
}
