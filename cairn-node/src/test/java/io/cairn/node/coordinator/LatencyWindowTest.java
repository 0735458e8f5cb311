package io.cairn.node.coordinator;

import io.cairn.node.schema.SpeculativeRetry;
import io.cairn.cql.error.CqlException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyWindowTest {

    @Test
    void percentilesComeFromTheRecentSamplesOnly() {
        LatencyWindow window = new LatencyWindow();
        for (int i = 1; i < LatencyWindow.MIN_SAMPLES; i++) {
            window.record(i);
        }
        assertThat(window.percentile(99)).as("too few samples to say").isEqualTo(-1);
        for (int i = 1; i <= 100; i++) {
            window.record(i * 1_000L);
        }
        // The window holds 31 tiny samples and 1..100 µs: the 99th percentile of those 131.
        assertThat(window.percentile(99)).isEqualTo(99_000L);
        assertThat(window.percentile(50)).isEqualTo(35_000L);
        // Old samples leave the ring: after SIZE slow ones, only they count.
        for (int i = 0; i < LatencyWindow.SIZE; i++) {
            window.record(5_000_000L);
        }
        assertThat(window.percentile(50)).isEqualTo(5_000_000L);
    }

    @Test
    void speculativeRetryReadsCassandrasSpellings() {
        assertThat(SpeculativeRetry.parse("99p")).isEqualTo(SpeculativeRetry.DEFAULT);
        assertThat(SpeculativeRetry.parse("95PERCENTILE")).isEqualTo(
                new SpeculativeRetry(SpeculativeRetry.Kind.PERCENTILE, 95));
        assertThat(SpeculativeRetry.parse("10ms")).isEqualTo(new SpeculativeRetry(SpeculativeRetry.Kind.FIXED, 10));
        assertThat(SpeculativeRetry.parse("none").kind()).isEqualTo(SpeculativeRetry.Kind.NONE);
        assertThat(SpeculativeRetry.parse("ALWAYS").kind()).isEqualTo(SpeculativeRetry.Kind.ALWAYS);
        for (String bad : new String[] {"", "100p", "0p", "-1ms", "fast", "p", "ms"}) {
            assertThatThrownBy(() -> SpeculativeRetry.parse(bad)).as(bad).isInstanceOf(CqlException.class);
        }
    }
}
