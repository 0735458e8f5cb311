package io.cairn.cluster.gossip;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The phi accrual failure detector (Hayashibara et al.), as Cassandra uses it: for each
 * peer, the intervals between heartbeats it was heard from; phi grows with the time since
 * the last one relative to the mean interval (an exponential model), and a peer is down
 * when phi passes the threshold. Times come from the caller (the node's clock).
 */
public final class PhiAccrualFailureDetector {

    /** Cassandra's default phi_convict_threshold. */
    public static final double DEFAULT_THRESHOLD = 8.0;
    /** Intervals remembered per peer. */
    public static final int WINDOW = 1000;
    /** An interval longer than this is a pause (e.g. the peer restarted), not a heartbeat rate. */
    static final long MAX_INTERVAL_MICROS = 2_000_000L;
    /** The interval assumed before any is measured: gossip runs every second. */
    static final long INITIAL_INTERVAL_MICROS = 1_000_000L;

    private final double threshold;
    private final Map<NodeAddress, History> histories = new ConcurrentHashMap<>();

    public PhiAccrualFailureDetector(double threshold) {
        this.threshold = threshold;
    }

    private static final class History {
        final ArrayDeque<Long> intervals = new ArrayDeque<>();
        long sum;
        long lastMicros;

        synchronized void add(long nowMicros) {
            if (lastMicros > 0) {
                long interval = nowMicros - lastMicros;
                if (interval > 0 && interval <= MAX_INTERVAL_MICROS) {
                    intervals.add(interval);
                    sum += interval;
                    if (intervals.size() > WINDOW) {
                        sum -= intervals.poll();
                    }
                }
            }
            lastMicros = nowMicros;
        }

        synchronized double phi(long nowMicros) {
            double mean = intervals.isEmpty() ? INITIAL_INTERVAL_MICROS : (double) sum / intervals.size();
            long since = nowMicros - lastMicros;
            return since / mean / Math.log(10);
        }
    }

    /** Records that {@code peer} was heard from (a newer heartbeat arrived). */
    public void report(NodeAddress peer, long nowMicros) {
        histories.computeIfAbsent(peer, p -> new History()).add(nowMicros);
    }

    /** The current suspicion of {@code peer}; 0 for a peer never heard from. */
    public double phi(NodeAddress peer, long nowMicros) {
        History history = histories.get(peer);
        return history == null ? 0 : history.phi(nowMicros);
    }

    public boolean isAlive(NodeAddress peer, long nowMicros) {
        History history = histories.get(peer);
        return history != null && history.phi(nowMicros) < threshold;
    }

    public void forget(NodeAddress peer) {
        histories.remove(peer);
    }
}
