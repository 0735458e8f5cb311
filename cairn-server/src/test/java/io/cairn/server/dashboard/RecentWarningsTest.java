package io.cairn.server.dashboard;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's warnings: the newest WARN and ERROR events only, as many as it keeps, each cut short. */
class RecentWarningsTest {

    private static final Logger LOG = LoggerFactory.getLogger("io.cairn.test.RecentWarningsTest");

    @Test
    void keepsTheNewestWarningsAndErrorsUpToItsCapacity() {
        try (RecentWarnings warnings = new RecentWarnings(5).attach()) {
            LOG.info("not a warning");
            for (int i = 0; i < 8; i++) {
                LOG.warn("warning {}", i);
            }
            LOG.error("it failed", new IllegalStateException("the disk is full"));
            assertThat(warnings.newest(100)).hasSize(5);
            assertThat(warnings.newest(100)).extracting(RecentWarnings.Warning::message).containsExactly(
                    "it failed (java.lang.IllegalStateException: the disk is full)", "warning 7", "warning 6",
                    "warning 5", "warning 4");
            RecentWarnings.Warning newest = warnings.newest(1).get(0);
            assertThat(newest.level()).isEqualTo("ERROR");
            assertThat(newest.logger()).isEqualTo("io.cairn.test.RecentWarningsTest");
            assertThat(newest.timeMillis()).isPositive();

            LOG.warn("x".repeat(RecentWarnings.MAX_MESSAGE_CHARS * 3));
            assertThat(warnings.newest(1).get(0).message()).hasSize(RecentWarnings.MAX_MESSAGE_CHARS).endsWith("\u2026");
        }
    }

    @Test
    void anEventForTheLogOnlyIsNotKept() {
        try (RecentWarnings warnings = new RecentWarnings(5).attach()) {
            LOG.warn(RecentWarnings.LOG_ONLY, "the password is hunter2");
            LOG.warn("shown");
            assertThat(warnings.newest(5)).extracting(RecentWarnings.Warning::message).containsExactly("shown");
        }
    }

    @Test
    void aClosedCollectorHearsNothingMore() {
        RecentWarnings warnings = new RecentWarnings(5).attach();
        warnings.close();
        LOG.warn("after the close");
        assertThat(warnings.newest(5)).isEmpty();
    }
}
