package io.cairn.node.hints;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HintWindowTest {

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final HintWindow window = new HintWindow(Duration.ofHours(3), clock);
    private final NodeAddress node = new NodeAddress("127.0.0.2", 7000);

    @Test
    void aReplicaDownLongerThanTheWindowGetsNoMoreHintsUntilItIsBack() {
        assertThat(window.accepts(node)).as("up, or not yet seen down (a timeout)").isTrue();

        window.onDead(node, null);
        clock.advance(Duration.ofHours(3));
        assertThat(window.accepts(node)).as("down for exactly the window").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(window.accepts(node)).as("down for longer").isFalse();
        window.onDead(node, null);
        assertThat(window.accepts(node)).as("seen down again: still since the first time").isFalse();

        window.onAlive(node, null);
        assertThat(window.accepts(node)).isTrue();
        window.onDead(node, null);
        assertThat(window.accepts(node)).as("a new window from its next fall").isTrue();
        window.onRemoved(node, null);
        assertThat(window.accepts(node)).isTrue();
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThatThrownBy(() -> new HintWindow(Duration.ofSeconds(-1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
