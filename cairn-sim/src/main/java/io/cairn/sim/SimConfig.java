package io.cairn.sim;

import java.time.Duration;

/**
 * One simulated run.
 *
 * @param seed              every random choice of the run comes from it
 * @param nodes             cluster size (3 to 5 in CI)
 * @param duration          simulated time of the faulty workload, before the final checks
 * @param keys              the registers clients read and write
 * @param clients           clients, each with one operation in flight at a time
 * @param hintedHandoff     whether coordinators store hints for replicas that miss writes
 * @param periodicSync      the commit log's periodic sync (a crash loses the last 10 s of a
 *                          node's writes) instead of batch sync (a crash loses nothing acknowledged)
 * @param faults            whether the nemesis runs (partitions, loss, crashes, pauses, clock steps)
 * @param plant             a bug planted on purpose, or {@link Plant#NONE}
 * @param joins             whether the nemesis also changes the topology while the faults go on:
 *                          adds nodes (up to two), which join the ring and receive their data,
 *                          decommissions one, and loses nodes for good, one removed and one
 *                          replaced by a new node
 * @param lwt               whether the clients run lightweight transactions ({@link LwtWorkload})
 *                          instead of the regular workload, with their checkers
 * @param moves             whether the nemesis also moves nodes to other tokens (up to two moves)
 *                          while the faults go on
 * @param autoRepair        whether the nodes repair automatically (and their tombstones wait for
 *                          repair); without it, only read repair and the final checks' repairs
 *                          converge the replicas, and tombstones go on gc grace alone
 * @param counters          whether the clients increment and read counters ({@link CounterWorkload})
 *                          instead of the regular workload, with their checkers
 */
public record SimConfig(long seed, int nodes, Duration duration, int keys, int clients, boolean hintedHandoff,
                        boolean periodicSync, boolean faults, Plant plant, boolean joins, boolean lwt, boolean moves,
                        boolean autoRepair, boolean counters) {

    /** The replication factor of the simulated keyspace. */
    public static final int REPLICATION_FACTOR = 3;

    public SimConfig {
        if (nodes < REPLICATION_FACTOR || nodes > 9) {
            throw new IllegalArgumentException("nodes must be between " + REPLICATION_FACTOR + " and 9");
        }
        if (keys < 1 || clients < 1) {
            throw new IllegalArgumentException("keys and clients must be positive");
        }
        if (lwt && counters) {
            throw new IllegalArgumentException("a run has lightweight transactions or counters, not both");
        }
    }

    /** The CI configuration for {@code seed}: 3 to 5 nodes (from the seed), faults on. */
    public static SimConfig standard(long seed, Duration duration) {
        int nodes = 3 + (int) Math.floorMod(seed * 0x9E3779B97F4A7C15L >>> 7, 3L);
        return new SimConfig(seed, nodes, duration, 8, 4, true, false, true, Plant.NONE, false, false, false, true, false);
    }

    /**
     * The CI configuration of lightweight transactions for {@code seed}: 3 to 5 nodes (from the
     * seed), every fault on, crashes under periodic commit-log sync (Paxos state must be synced
     * to survive them), few registers and several clients, so that transactions contend.
     */
    public static SimConfig lwt(long seed, Duration duration) {
        return new SimConfig(seed, standard(seed, duration).nodes(), duration, 3, 3, true, true, true, Plant.NONE,
                false, true, false, true, false);
    }

    /**
     * The CI configuration of counters for {@code seed}: 3 to 5 nodes (from the seed), every
     * fault on, crashes under periodic commit-log sync (a leader's latest shard states are lost
     * in them, and its replicas hold them), few counters and several clients, so that increments
     * contend.
     */
    public static SimConfig counters(long seed, Duration duration) {
        return new SimConfig(seed, standard(seed, duration).nodes(), duration, 3, 4, true, true, true, Plant.NONE,
                false, false, false, true, true);
    }

    public SimConfig withCounters(boolean enabled) {
        return new SimConfig(seed, nodes, duration, keys, clients, hintedHandoff, periodicSync, faults, plant, joins,
                lwt, moves, autoRepair, enabled);
    }

    public SimConfig withPlant(Plant planted) {
        return new SimConfig(seed, nodes, duration, keys, clients, hintedHandoff, periodicSync, faults, planted, joins, lwt, moves, autoRepair, counters);
    }

    public SimConfig withNodes(int count) {
        return new SimConfig(seed, count, duration, keys, clients, hintedHandoff, periodicSync, faults, plant, joins, lwt, moves, autoRepair, counters);
    }

    public SimConfig withHintedHandoff(boolean enabled) {
        return new SimConfig(seed, nodes, duration, keys, clients, enabled, periodicSync, faults, plant, joins, lwt, moves, autoRepair, counters);
    }

    public SimConfig withFaults(boolean enabled) {
        return new SimConfig(seed, nodes, duration, keys, clients, hintedHandoff, periodicSync, enabled, plant, joins, lwt, moves, autoRepair, counters);
    }

    public SimConfig withPeriodicSync(boolean enabled) {
        return new SimConfig(seed, nodes, duration, keys, clients, hintedHandoff, enabled, faults, plant, joins, lwt, moves, autoRepair, counters);
    }

    public SimConfig withJoins(boolean enabled) {
        return new SimConfig(seed, nodes, duration, keys, clients, hintedHandoff, periodicSync, faults, plant, enabled, lwt, moves, autoRepair, counters);
    }

    public SimConfig withLwt(boolean enabled) {
        return new SimConfig(seed, nodes, duration, keys, clients, hintedHandoff, periodicSync, faults, plant, joins,
                enabled, moves, autoRepair, counters);
    }

    public SimConfig withDuration(Duration newDuration) {
        return new SimConfig(seed, nodes, newDuration, keys, clients, hintedHandoff, periodicSync, faults, plant, joins,
                lwt, moves, autoRepair, counters);
    }

    public SimConfig withSeed(long newSeed) {
        return new SimConfig(newSeed, nodes, duration, keys, clients, hintedHandoff, periodicSync, faults, plant, joins, lwt, moves, autoRepair, counters);
    }

    public SimConfig withMoves(boolean enabled) {
        return new SimConfig(seed, nodes, duration, keys, clients, hintedHandoff, periodicSync, faults, plant, joins, lwt,
                enabled, autoRepair, counters);
    }

    public SimConfig withAutoRepair(boolean enabled) {
        return new SimConfig(seed, nodes, duration, keys, clients, hintedHandoff, periodicSync, faults, plant, joins, lwt,
                moves, enabled, counters);
    }
}
