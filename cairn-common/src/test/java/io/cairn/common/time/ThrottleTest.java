package io.cairn.common.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThrottleTest {

    private final ManualClock clock = new ManualClock(1_750_000_000_000_000L);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);

    @Test
    void pagesGoAtTheConfiguredRateOnePageOfBurstAtMost() {
        Throttle throttle = new Throttle(1 << 20, clock, scheduler);

        CompletableFuture<Void> first = throttle.pace(1 << 20);
        CompletableFuture<Void> second = throttle.pace(512 << 10);
        CompletableFuture<Void> third = throttle.pace(1 << 20);

        assertThat(first).as("the first page goes at once").isCompleted();
        assertThat(second).isNotCompleted();
        scheduler.advance(Duration.ofMillis(999));
        assertThat(second).as("after the first page's second").isNotCompleted();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(second).isCompleted();
        assertThat(third).isNotCompleted();
        scheduler.advance(Duration.ofMillis(500));
        assertThat(third).as("after the first and second pages' 1.5 s").isCompleted();

        // Idle time is not saved up: after a pause, again one page at once and then the rate.
        scheduler.advance(Duration.ofSeconds(60));
        assertThat(throttle.pace(1 << 20)).isCompleted();
        assertThat(throttle.pace(1)).isNotCompleted();
    }

    @Test
    void noLimitLetsEverythingThroughAndANegativeOneIsRefused() {
        Throttle unlimited = new Throttle(0, clock, scheduler);
        for (int i = 0; i < 100; i++) {
            assertThat(unlimited.pace(1L << 30)).isCompleted();
        }
        assertThatThrownBy(() -> new Throttle(-1, clock, scheduler)).isInstanceOf(IllegalArgumentException.class);
    }
}
