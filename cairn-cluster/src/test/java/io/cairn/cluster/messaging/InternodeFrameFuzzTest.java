package io.cairn.cluster.messaging;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Fuzz target: an internode frame's body (id, verb, flags, sender, epoch, payload) and the
 * handshake's strings take any bytes a peer sends. The only failures allowed are what the
 * accepting side's decoder catches to close that connection alone
 * ({@link IllegalArgumentException}, {@link IndexOutOfBoundsException}); anything else, a
 * hang or running out of memory is a bug. {@code JAZZER_FUZZ=1} fuzzes.
 */
class InternodeFrameFuzzTest {

    @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
    void decodesAnyBytes(FuzzedDataProvider data) {
        boolean handshake = data.consumeBoolean();
        ByteBuf in = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
        try {
            if (handshake) {
                while (WireFormat.readString(in) != null) {
                    // Each string of a handshake, until one has not fully arrived.
                }
            } else {
                WireFormat.readBody(in);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException closed) {
            // The connection is closed.
        }
    }
}
