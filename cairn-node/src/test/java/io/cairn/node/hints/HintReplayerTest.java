package io.cairn.node.hints;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HintReplayerTest {

    @Test
    void aNodeThatComesBackReceivesAtMostTheThrottleFromAllTheOthersTogether() {
        long throttle = 1024 * 1024;
        assertThat(HintReplayer.share(throttle, 3)).as("two others deliver to the third").isEqualTo(throttle / 2);
        assertThat(HintReplayer.share(throttle, 6) * 5).isLessThanOrEqualTo(throttle);
        assertThat(HintReplayer.share(throttle, 2)).as("one other").isEqualTo(throttle);
        assertThat(HintReplayer.share(throttle, 1)).as("the ring not known yet").isEqualTo(throttle);
        assertThat(HintReplayer.share(0, 3)).as("no limit stays no limit").isZero();
        assertThat(HintReplayer.share(3, 100)).as("never zero, which would mean no limit").isEqualTo(1);
    }
}
