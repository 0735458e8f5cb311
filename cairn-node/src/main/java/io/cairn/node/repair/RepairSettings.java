package io.cairn.node.repair;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node repairs.
 *
 * @param automatic         whether the node repairs, without an operator, every range it is the primary replica of
 *                          (the first of the range's replicas), each within {@code gcGraceFraction} of its table's gc
 *                          grace; user tables' tombstones then wait for a repair before they are purged
 * @param propagationDelay  the longest a write may take to reach a replica: a repair started at {@code t} establishes
 *                          only the tombstones deleted before {@code t - propagationDelay}, since a later one may still
 *                          be on its way to some replica. Hints and logged batches older than half of it
 *                          ({@link #deliveryWindow}) are dropped, not delivered, so that it holds
 * @param gcGraceFraction   how often, as a fraction of a table's gc grace, a range is repaired again
 * @param minInterval       the shortest time between two automatic repairs of one range (a table whose gc grace is
 *                          zero is not repaired without pause)
 * @param checkInterval     how often the node looks for a range due for an automatic repair
 * @param bytesPerSecond    the most bytes a second a node's repairs stream (pulled and pushed pages); 0 for no limit
 */
public record RepairSettings(boolean automatic, Duration propagationDelay, double gcGraceFraction, Duration minInterval,
                             Duration checkInterval, long bytesPerSecond) {

    /** Twice Cassandra's hint window: hints are delivered for three hours (a batch replayed late may leave hints). */
    public static final Duration DEFAULT_PROPAGATION_DELAY = Duration.ofHours(6);

    /** A node's defaults: automatic repair on, every half of gc grace, at most 64 MiB a second. */
    public static final RepairSettings DEFAULTS = new RepairSettings(true, DEFAULT_PROPAGATION_DELAY, 0.5,
            Duration.ofHours(1), Duration.ofMinutes(1), 64L << 20);

    /** Repairs only when asked (tests and the simulator's default): tombstones go on gc grace alone. */
    public static final RepairSettings MANUAL = DEFAULTS.withAutomatic(false);

    public RepairSettings {
        Objects.requireNonNull(propagationDelay, "propagationDelay");
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (propagationDelay.isNegative()) {
            throw new IllegalArgumentException("The propagation delay must not be negative, got " + propagationDelay);
        }
        if (!(gcGraceFraction > 0 && gcGraceFraction <= 1)) {
            throw new IllegalArgumentException("The fraction of gc grace between repairs must be in (0, 1], got "
                    + gcGraceFraction);
        }
        if (minInterval.isNegative() || checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("Repair intervals must be positive, got " + minInterval + " and "
                    + checkInterval);
        }
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("The repair throughput must not be negative, got " + bytesPerSecond);
        }
    }

    public RepairSettings withAutomatic(boolean on) {
        return new RepairSettings(on, propagationDelay, gcGraceFraction, minInterval, checkInterval, bytesPerSecond);
    }

    public RepairSettings withPropagationDelay(Duration delay) {
        return new RepairSettings(automatic, delay, gcGraceFraction, minInterval, checkInterval, bytesPerSecond);
    }

    public RepairSettings withIntervals(Duration min, Duration check) {
        return new RepairSettings(automatic, propagationDelay, gcGraceFraction, min, check, bytesPerSecond);
    }

    public RepairSettings withBytesPerSecond(long limit) {
        return new RepairSettings(automatic, propagationDelay, gcGraceFraction, minInterval, checkInterval, limit);
    }

    /**
     * How old a hint or a logged batch may be when it is delivered or replayed: half the
     * propagation delay (three hours by default, Cassandra's hint window), since a batch replayed
     * at the end of the window may leave hints of its own. An older one is dropped, and the
     * replicas that lack its writes get them from repair.
     */
    public Duration deliveryWindow() {
        return propagationDelay.dividedBy(2);
    }

    /** How long after a range's last repair it is due again, for a table of {@code gcGraceSeconds}. */
    public Duration intervalFor(int gcGraceSeconds) {
        Duration fraction = Duration.ofMillis((long) (gcGraceSeconds * 1_000L * gcGraceFraction));
        return fraction.compareTo(minInterval) < 0 ? minInterval : fraction;
    }
}
