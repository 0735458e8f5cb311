package io.cairn.node.tracing;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.TimeUuids;
import io.cairn.node.messages.TraceEventsMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One node's events of a traced request: their order, elapsed times and bound. */
class TraceStateTest {

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000L);
    private final TimeUuids ids = new TimeUuids(new SplittableRandom(3));
    private final NodeAddress self = new NodeAddress("127.0.0.2", 7000);

    @Test
    void eventsCarryTheirNodeElapsedTimeAndOrder() {
        TraceState trace = new TraceState(new UUID(1, 2), self, clock, ids);
        trace.event("first");
        clock.advance(Duration.ofNanos(1_500_000));
        trace.event("second");
        List<TraceEventsMessage.Event> events = trace.takeEvents();
        assertThat(events).extracting(TraceEventsMessage.Event::activity).containsExactly("first", "second");
        assertThat(events).extracting(TraceEventsMessage.Event::elapsedMicros).containsExactly(0, 1_500);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.host()).isEqualTo("127.0.0.2");
            assertThat(event.port()).isEqualTo(7000);
            assertThat(event.thread()).isEqualTo(Thread.currentThread().getName());
        });
        assertThat(TimeUuids.epochMicros(events.get(1).id())).isGreaterThan(TimeUuids.epochMicros(events.get(0).id()));
        assertThat(trace.takeEvents()).as("taken events are forgotten").isEmpty();
    }

    @Test
    void aRequestKeepsAtMostTheBoundAndSaysHowManyItDropped() {
        TraceState trace = new TraceState(new UUID(1, 2), self, clock, ids);
        for (int i = 0; i < TraceEventsMessage.MAX_EVENTS + 40; i++) {
            trace.event("step " + i);
        }
        trace.addAll(List.of(new TraceEventsMessage.Event(new UUID(9, 9), "late", "127.0.0.3", 7000, 5, "t")));
        List<TraceEventsMessage.Event> events = trace.takeEvents();
        assertThat(events).hasSize(TraceEventsMessage.MAX_EVENTS);
        assertThat(events.get(events.size() - 1).activity()).startsWith("42 more events were not recorded");
        // They fit one message to the coordinator.
        assertThat(new TraceEventsMessage(trace.session(), events).serialize()).isNotEmpty();
    }

    @Test
    void aClosedTraceGivesWhatItRecordedAndRefusesReplicasEventsThatComeLater() {
        TraceState trace = new TraceState(new UUID(1, 2), self, clock, ids);
        trace.event("first");
        assertThat(trace.addAll(List.of(new TraceEventsMessage.Event(new UUID(9, 9), "replica", "127.0.0.3", 7000,
                5, "t")))).isTrue();
        assertThat(trace.close()).extracting(TraceEventsMessage.Event::activity).containsExactly("first", "replica");
        assertThat(trace.addAll(List.of(new TraceEventsMessage.Event(new UUID(9, 10), "late", "127.0.0.3", 7000,
                9, "t")))).as("written on their own instead").isFalse();
        assertThat(trace.takeEvents()).isEmpty();
    }

    @Test
    void aLongActivityIsCutToWhatAMessageCarries() {
        TraceState trace = new TraceState(new UUID(1, 2), self, clock, ids);
        trace.event("Parsing " + "x".repeat(TraceEventsMessage.MAX_ACTIVITY_BYTES));
        assertThat(trace.takeEvents().get(0).activity()).hasSize(TraceEventsMessage.MAX_ACTIVITY_BYTES).endsWith("...");
    }
}
