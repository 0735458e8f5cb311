package io.cairn.cluster.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.cluster.gossip.GossipFuzzing;
import io.cairn.common.wire.MalformedMessageException;

/**
 * Fuzz target: the gossip messages' decoder (SYN, ACK and ACK2, with the endpoint states they
 * carry) takes any payload a peer sends. The only failure allowed is
 * {@link MalformedMessageException}, on which the message is dropped; anything else, a hang or
 * running out of memory is a bug. {@code JAZZER_FUZZ=1} fuzzes.
 */
class GossipDecoderFuzzTest {

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void decodesAnyPayload(FuzzedDataProvider data) {
        int verb = data.consumeInt(0, 2);
        byte[] payload = data.consumeRemainingAsBytes();
        try {
            GossipFuzzing.decode(verb, payload);
        } catch (MalformedMessageException dropped) {
            // A malformed message is dropped.
        }
    }
}
