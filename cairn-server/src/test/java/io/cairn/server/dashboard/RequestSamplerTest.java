package io.cairn.server.dashboard;

import io.cairn.common.time.ManualClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The dashboard's samples: a bounded ring of rates and percentiles of what happened each second. */
class RequestSamplerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);

    private Timer timer(String operation) {
        // As the coordinator's request timers are built.
        return Timer.builder("requests").tag("operation", operation).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private static Sample sample(double ops) {
        return new Sample(0, ops, 0, 0, 0);
    }

    @Test
    void aFullRingDropsItsOldestSamples() {
        SampleRing ring = new SampleRing(3);
        assertThat(ring.newest(5)).isEmpty();
        for (int i = 1; i <= 5; i++) {
            ring.add(sample(i));
        }
        assertThat(ring.size()).isEqualTo(3);
        assertThat(ring.newest(10)).extracting(Sample::opsPerSecond).containsExactly(3.0, 4.0, 5.0);
        assertThat(ring.newest(2)).extracting(Sample::opsPerSecond).containsExactly(4.0, 5.0);
        assertThat(ring.newest(0)).isEmpty();
        assertThatThrownBy(() -> new SampleRing(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSamplerKeepsFifteenMinutesOfSecondsAtMost() {
        SampleRing ring = new SampleRing(RequestSampler.CAPACITY);
        RequestSampler sampler = new RequestSampler(registry, "requests", "failures", clock, ring);
        for (int i = 0; i < RequestSampler.CAPACITY + 100; i++) {
            sampler.sample();
            clock.advance(RequestSampler.INTERVAL);
        }
        assertThat(ring.size()).isEqualTo(RequestSampler.CAPACITY).isEqualTo(900);
    }

    @Test
    void eachSampleIsTheRatesAndPercentilesOfItsOwnSecondOnly() {
        SampleRing ring = new SampleRing(10);
        RequestSampler sampler = new RequestSampler(registry, "requests", "failures", clock, ring);
        Timer reads = timer("read");
        Timer writes = timer("write");
        Counter failures = Counter.builder("failures").tag("kind", "timeout").register(registry);
        reads.record(Duration.ofSeconds(5));
        sampler.sample();
        assertThat(ring.size()).as("the first sample only takes the counts it starts from").isZero();

        for (int i = 0; i < 99; i++) {
            (i % 2 == 0 ? reads : writes).record(Duration.ofMillis(2));
        }
        writes.record(Duration.ofMillis(200));
        failures.increment(4);
        clock.advance(Duration.ofSeconds(2));
        sampler.sample();

        Sample first = ring.newest(1).get(0);
        assertThat(first.opsPerSecond()).as("100 requests over 2 s").isEqualTo(50.0);
        assertThat(first.errorsPerSecond()).isEqualTo(2.0);
        assertThat(first.p50Millis()).as("the 5 s request before the sample is not in it").isCloseTo(2.0, within(0.3));
        assertThat(first.p99Millis()).isCloseTo(2.0, within(0.3));
        assertThat(first.timeMillis()).isEqualTo(clock.currentTimeMillis());

        clock.advance(Duration.ofSeconds(1));
        sampler.sample();
        Sample idle = ring.newest(1).get(0);
        assertThat(idle.opsPerSecond()).isZero();
        assertThat(idle.errorsPerSecond()).isZero();
        assertThat(idle.p99Millis()).as("no request, no latency").isZero();

        for (int i = 0; i < 10; i++) {
            reads.record(Duration.ofMillis(i < 5 ? 1 : 40));
        }
        clock.advance(Duration.ofSeconds(1));
        sampler.sample();
        Sample mixed = ring.newest(1).get(0);
        assertThat(mixed.opsPerSecond()).isEqualTo(10.0);
        assertThat(mixed.p50Millis()).isCloseTo(1.0, within(0.15));
        assertThat(mixed.p99Millis()).isCloseTo(40.0, within(5.0));
    }

    @Test
    void aPercentileIsInterpolatedWithinItsBucket() {
        TreeMap<Long, Long> atMost = new TreeMap<>();
        atMost.put(1_000_000L, 0L);
        atMost.put(2_000_000L, 10L);
        atMost.put(4_000_000L, 10L);
        assertThat(RequestSampler.percentileMillis(atMost, 10, 0.5)).isEqualTo(1.5);
        assertThat(RequestSampler.percentileMillis(atMost, 10, 1.0)).isEqualTo(2.0);
        assertThat(RequestSampler.percentileMillis(atMost, 20, 0.99)).as("above every bucket: the highest bound")
                .isEqualTo(4.0);
        assertThat(RequestSampler.percentileMillis(atMost, 0, 0.5)).isZero();
    }
}
