package io.cairn.server.query;

import io.cairn.common.time.ManualClock;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slow query log: what is slow, what a line says, and its bound on lines a minute. */
class SlowQueryLogTest {

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final List<String> lines = new ArrayList<>();
    private final SlowQueryLog log = new SlowQueryLog(500, clock, lines::add);
    private final InetSocketAddress client = new InetSocketAddress("127.0.0.9", 50_123);

    private void run(String statement, Duration took, boolean failed) {
        long start = log.start();
        clock.advance(took);
        if (log.isSlow(start)) {
            log.finished(start, statement, client, failed);
        }
    }

    @Test
    void logsOnlyStatementsAtOrAboveTheThresholdWithTheirTimeClientAndText() {
        run("SELECT * FROM ks.fast", Duration.ofMillis(499), false);
        run("SELECT * FROM ks.slow WHERE k = 1", Duration.ofMillis(612), false);
        run("INSERT INTO ks.t (k) VALUES (1)", Duration.ofMillis(500), true);
        assertThat(lines).containsExactly(
                "Slow query: 612 ms (slow_query_log_timeout 500 ms) from 127.0.0.9:50123: SELECT * FROM ks.slow "
                        + "WHERE k = 1",
                "Slow query: 500 ms (slow_query_log_timeout 500 ms), failed, from 127.0.0.9:50123: INSERT INTO ks.t "
                        + "(k) VALUES (1)");
    }

    @Test
    void longStatementsAreCut() {
        run("x".repeat(SlowQueryLog.MAX_STATEMENT_CHARS + 500), Duration.ofSeconds(1), false);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).endsWith("x".repeat(10) + "...").hasSizeLessThan(SlowQueryLog.MAX_STATEMENT_CHARS + 200);
    }

    @Test
    void atMostTwentyLinesAMinuteThenTheNextLineCountsTheOthers() {
        for (int i = 0; i < SlowQueryLog.MAX_LINES_PER_MINUTE + 7; i++) {
            run("SELECT " + i, Duration.ofSeconds(1), false);
        }
        assertThat(lines).hasSize(SlowQueryLog.MAX_LINES_PER_MINUTE);
        clock.advance(Duration.ofMinutes(1));
        run("SELECT after", Duration.ofSeconds(1), false);
        assertThat(lines).hasSize(SlowQueryLog.MAX_LINES_PER_MINUTE + 1);
        assertThat(lines.get(lines.size() - 1)).contains("SELECT after")
                .endsWith("(7 more slow queries were not logged: at most 20 lines a minute)");
    }

    @Test
    void theThresholdMustBePositive() {
        assertThatThrownBy(() -> new SlowQueryLog(0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
