package io.cairn.sim;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulated node's scheduler: pauses hold its work, a crash drops it, errors are findings. */
class NodeSchedulerTest {

    private final ManualClock time = new ManualClock(0);
    private final VirtualScheduler loop = new VirtualScheduler(time);
    private final List<Throwable> errors = new ArrayList<>();
    private final NodeScheduler node = new NodeScheduler(loop, errors::add);
    private final List<String> ran = new ArrayList<>();

    private void at(String what) {
        ran.add(what + "@" + time.currentTimeMicros() / 1_000_000);
    }

    @Test
    void aPauseHoldsOneShotTasksAndSkipsPeriodicOnes() {
        node.schedule(Duration.ofSeconds(2), () -> at("once"));
        node.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> at("tick"));
        node.pauseUntil(5_000_000);
        loop.advance(Duration.ofSeconds(7));
        assertThat(ran).containsExactly("once@5", "tick@5", "tick@6", "tick@7");
    }

    @Test
    void aNewIncarnationDropsTheOldOnesTasksAndCancelWorks() {
        node.schedule(Duration.ofSeconds(1), () -> at("old"));
        node.scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> at("old tick"));
        node.newIncarnation();
        node.schedule(Duration.ofSeconds(2), () -> at("new"));
        node.schedule(Duration.ofSeconds(3), () -> at("cancelled")).cancel();
        loop.advance(Duration.ofSeconds(5));
        assertThat(ran).containsExactly("new@2");
    }

    @Test
    void whatATaskThrowsIsRecordedAndTheNodeGoesOn() {
        node.schedule(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("bug");
        });
        node.schedule(Duration.ofSeconds(2), () -> at("after"));
        loop.advance(Duration.ofSeconds(3));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).hasMessage("bug");
        assertThat(ran).containsExactly("after@2");
    }
}
