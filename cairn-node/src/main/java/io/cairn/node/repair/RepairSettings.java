package io.cairn.node.repair;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node repairs.
 *
 * @param automatic       whether the node repairs, without an operator, every range it is the primary replica of
 *                        (the first of the range's replicas), each within {@code gcGraceFraction} of its table's gc
 *                        grace; user tables' tombstones then wait for a repair before they are purged
 * @param gcGraceFraction how often, as a fraction of a table's gc grace, a range is repaired again
 * @param minInterval     the shortest time between two automatic repairs of one range (a table whose gc grace is
 *                        zero is not repaired without pause)
 * @param checkInterval   how often the node looks for a range due for an automatic repair
 * @param bytesPerSecond  the most bytes a second a node's repairs stream (pulled and pushed pages); 0 for no limit
 */
public record RepairSettings(boolean automatic, double gcGraceFraction, Duration minInterval, Duration checkInterval,
                             long bytesPerSecond) {

    /** A node's defaults: automatic repair on, every half of gc grace, at most 64 MiB a second. */
    public static final RepairSettings DEFAULTS = new RepairSettings(true, 0.5, Duration.ofHours(1),
            Duration.ofMinutes(1), 64L << 20);

    /** Repairs only when asked (tests and the simulator's default): tombstones go on gc grace alone. */
    public static final RepairSettings MANUAL = DEFAULTS.withAutomatic(false);

    public RepairSettings {
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(checkInterval, "checkInterval");
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
        return new RepairSettings(on, gcGraceFraction, minInterval, checkInterval, bytesPerSecond);
    }

    public RepairSettings withIntervals(Duration min, Duration check) {
        return new RepairSettings(automatic, gcGraceFraction, min, check, bytesPerSecond);
    }

    public RepairSettings withBytesPerSecond(long limit) {
        return new RepairSettings(automatic, gcGraceFraction, minInterval, checkInterval, limit);
    }

    /** How long after a range's last repair it is due again, for a table of {@code gcGraceSeconds}. */
    public Duration intervalFor(int gcGraceSeconds) {
        Duration fraction = Duration.ofMillis((long) (gcGraceSeconds * 1_000L * gcGraceFraction));
        return fraction.compareTo(minInterval) < 0 ? minInterval : fraction;
    }
}
