package io.cairn.sim;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.ManualClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The simulated network's weather: each message's delay (mostly a fraction of a millisecond
 * to a few, with a tail of slow ones), its loss, its duplication; and partitions, made of
 * the in-JVM network's cut links. Every draw comes from the run's seed; every message sent
 * goes into the event log.
 */
final class SimNetwork implements InJvmNetwork.DeliveryPolicy {

    /** The probabilities a nemesis turns up and down. */
    record Weather(double loss, double duplication, double slow, Duration slowDelay) {
        static final Weather CALM = new Weather(0, 0, 0.01, Duration.ofMillis(50));
    }

    private final InJvmNetwork network;
    private final RandomGenerator random;
    private final EventLog log;
    private final ManualClock time;
    private Weather weather = Weather.CALM;
    private String partition = "none";

    SimNetwork(InJvmNetwork network, RandomGenerator random, EventLog log, ManualClock time) {
        this.network = network;
        this.random = random;
        this.log = log;
        this.time = time;
        network.setDeliveryPolicy(this);
    }

    void setWeather(Weather weather) {
        this.weather = weather;
    }

    Weather weather() {
        return weather;
    }

    /** Not used: the network asks {@link #deliveries}, which also records and may duplicate. */
    @Override
    public Optional<Duration> delay(NodeAddress from, NodeAddress to, Message message) {
        throw new UnsupportedOperationException("the simulated network decides deliveries(), not one delay");
    }

    @Override
    public List<Duration> deliveries(NodeAddress from, NodeAddress to, Message message) {
        log.record(time.currentTimeMicros(), from.hashCode(), to.hashCode(), message.verb().ordinal(),
                message.id(), message.isResponse() ? 1 : 0, Arrays.hashCode(message.payload()));
        List<Duration> copies = new ArrayList<>(2);
        if (random.nextDouble() >= weather.loss()) {
            copies.add(oneDelay());
            // A COUNTER_WRITE is not idempotent (its leader adds the increment again): it relies
            // on the messaging's promise of delivery at most once, which TCP keeps, so it is the
            // one request never duplicated (the draw is made all the same).
            if (random.nextDouble() < weather.duplication() && !(message.verb() == Verb.COUNTER_WRITE
                    && !message.isResponse())) {
                copies.add(oneDelay());
            }
        }
        if (log.isTracingMessages()) {
            log.trace(time.currentTimeMicros(), String.format(java.util.Locale.ROOT, "  %s -> %s %s %s #%d, %d bytes: %s",
                    from.host(), to.host(), message.verb(), message.isResponse() ? "response" : "message",
                    message.id(), message.payload().length, copies.isEmpty() ? "lost"
                            : copies.stream().map(d -> d.toNanos() / 1000 + " us").toList().toString()));
        }
        return copies;
    }

    /** 100 µs to ~2 ms usually; now and then (weather.slow) up to weather.slowDelay. */
    private Duration oneDelay() {
        long micros = 100 + (long) (-Math.log(1 - random.nextDouble()) * 400);
        if (random.nextDouble() < weather.slow()) {
            micros += random.nextLong(Math.max(1, weather.slowDelay().toNanos() / 1_000L));
        }
        return Duration.ofNanos(micros * 1_000L);
    }

    /** Cuts both directions between the two groups (the others keep their links). */
    void split(List<NodeAddress> side, List<NodeAddress> other, String name) {
        for (NodeAddress a : side) {
            for (NodeAddress b : other) {
                network.cut(a, b);
                network.cut(b, a);
            }
        }
        partition = name;
    }

    /**
     * A majority ring: in {@code order}, each node keeps its links to its two neighbours only,
     * so each sees a majority of a 4- or 5-node cluster but no two see the same one.
     */
    void majorityRing(List<NodeAddress> order) {
        int n = order.size();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int distance = Math.min(Math.abs(i - j), n - Math.abs(i - j));
                if (distance > 1) {
                    network.cut(order.get(i), order.get(j));
                }
            }
        }
        partition = "majority ring " + order;
    }

    void healAll() {
        network.healAll();
        partition = "none";
    }

    String partition() {
        return partition;
    }
}
