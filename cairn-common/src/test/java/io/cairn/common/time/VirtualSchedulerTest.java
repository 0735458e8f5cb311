package io.cairn.common.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualSchedulerTest {

    @Test
    void tasksRunInDueOrderAtTheirOwnVirtualTime() {
        ManualClock clock = new ManualClock(0);
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        List<String> ran = new ArrayList<>();
        scheduler.schedule(Duration.ofMillis(30), () -> ran.add("c@" + clock.currentTimeMillis()));
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("a@" + clock.currentTimeMillis()));
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("b@" + clock.currentTimeMillis()));
        Scheduler.Cancellable cancelled = scheduler.schedule(Duration.ofMillis(20), () -> ran.add("never"));
        cancelled.cancel();
        assertThat(scheduler.advance(Duration.ofMillis(25))).isEqualTo(2);
        assertThat(ran).containsExactly("a@10", "b@10");
        assertThat(clock.currentTimeMillis()).isEqualTo(25);
        scheduler.advance(Duration.ofMillis(5));
        assertThat(ran).containsExactly("a@10", "b@10", "c@30");
    }

    @Test
    void periodicTasksRepeatUntilTheirHandleIsCancelled() {
        ManualClock clock = new ManualClock(0);
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        List<Long> runs = new ArrayList<>();
        Scheduler.Cancellable handle = scheduler.scheduleWithFixedDelay(Duration.ofMillis(5), Duration.ofMillis(10),
                () -> runs.add(clock.currentTimeMillis()));
        scheduler.advance(Duration.ofMillis(40));
        assertThat(runs).containsExactly(5L, 15L, 25L, 35L);
        handle.cancel();
        scheduler.advance(Duration.ofMillis(100));
        assertThat(runs).hasSize(4);
    }
}
