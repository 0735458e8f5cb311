package io.cairn.sim;

import io.cairn.cql.parser.StatementParser;
import io.cairn.node.schema.SchemaManager;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One seeded run: builds the cluster, runs the clients' workload ({@link Workload},
 * {@link LwtWorkload}'s lightweight transactions or {@link CounterWorkload}'s counters) under the
 * {@link Nemesis} for the configured simulated time, then heals everything, checks liveness
 * (all nodes up, then one down), lets hints and batchlogs replay, and hands the history and the
 * final state to the checkers ({@link FinalChecks}).
 */
public final class Simulation {

    static final String KEYSPACE = "sim";
    static final String TABLE = "register";
    /** Clients give up on an operation after this (then its outcome is unknown). */
    static final Duration CLIENT_TIMEOUT = CqlClient.CLIENT_TIMEOUT;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final Duration LIVENESS_PHASE = Duration.ofSeconds(20);
    /** How long the failure detector may take to convict a crashed node (phi 8 at one-second heartbeats). */
    private static final Duration CONVICTION = Duration.ofSeconds(30);

    private final SimConfig config;
    private final SimCluster cluster;
    private final Clients clients;
    private final Nemesis nemesis;
    private final FinalChecks finalChecks;
    /** The checks of counters, which watch the shards from the start, or null. */
    private final CounterFinalChecks counterChecks;
    private final List<Checkers.Window> livenessWindows = new ArrayList<>();

    private Simulation(SimConfig config, PrintStream trace, boolean traceMessages) {
        this.config = config;
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom networkRandom = root.split();
        SplittableRandom workloadRandom = root.split();
        SplittableRandom nemesisRandom = root.split();
        SplittableRandom nodeRandom = root.split();
        this.cluster = new SimCluster(config, trace, traceMessages, networkRandom, nodeRandom);
        Workload workload = null;
        LwtFinalChecks lwtChecks = null;
        CounterWorkload counters = null;
        Clients.Operations operations;
        if (config.lwt()) {
            LwtWorkload lwt = new LwtWorkload(cluster, workloadRandom);
            operations = lwt;
            lwtChecks = new LwtFinalChecks(cluster, lwt);
        } else if (config.counters()) {
            counters = new CounterWorkload(cluster, workloadRandom);
            operations = counters;
        } else {
            workload = new Workload(cluster, workloadRandom);
            operations = workload;
        }
        this.clients = new Clients(cluster, workloadRandom, operations);
        FinalChecks[] checks = new FinalChecks[1];
        this.nemesis = new Nemesis(cluster, nemesisRandom,
                node -> node.onJoined(started -> checks[0].checkJoined(node, started - SimCluster.START_MICROS)),
                node -> checks[0].leaving(node), node -> checks[0].checkLeft(node),
                (lost, replacement) -> checks[0].replacing(lost, replacement), node -> checks[0].moving(node),
                node -> checks[0].checkMoved(node));
        CounterFinalChecks counterChecks = counters == null ? null
                : new CounterFinalChecks(cluster, counters, nemesis::incrementMayBeLost);
        this.finalChecks = new FinalChecks(cluster, workload, lwtChecks, counterChecks, nemesis::mayBeLost);
        this.counterChecks = counterChecks;
        checks[0] = finalChecks;
        for (int i = 0; i < config.nodes(); i++) {
            cluster.nodes.add(cluster.newNode(true));
        }
    }

    /** Runs {@code config} and checks it. */
    public static SimResult run(SimConfig config) {
        return run(config, null);
    }

    /** Runs {@code config}, printing every event to {@code trace} when it is not null. */
    public static SimResult run(SimConfig config, PrintStream trace) {
        return run(config, trace, false);
    }

    /** Runs {@code config}, printing every event, and every message when {@code traceMessages}, to {@code trace}. */
    public static SimResult run(SimConfig config, PrintStream trace, boolean traceMessages) {
        return new Simulation(config, trace, traceMessages).run();
    }

    /** How many ten-second rounds the run waits, after healing, for a topology change to finish. */
    static final int TOPOLOGY_SETTLE_ROUNDS = 30;

    private SimResult run() {
        createSchema();
        cluster.nodes.forEach(SimNode::start);
        cluster.loop.advance(SETTLE);
        long workloadStart = cluster.time.currentTimeMicros();
        clients.start();
        if (counterChecks != null) {
            counterChecks.watchShards();
        }
        if (config.faults()) {
            nemesis.start();
        }
        cluster.loop.advance(config.duration());
        nemesis.stop();
        nemesis.healEverything();
        cluster.loop.advance(RECOVERY);
        // A decommission, a removal or a replacement still under way finishes now that everything
        // healed (it is retried), before the checks: a node lost for good and still in the ring is
        // one down.
        for (int waited = 0; waited < TOPOLOGY_SETTLE_ROUNDS && nemesis.topologyChangeUnderWay(); waited++) {
            cluster.loop.advance(java.time.Duration.ofSeconds(10));
        }
        livenessPhase("all nodes up");
        if (config.nodes() >= 3) {
            List<SimNode> present = cluster.nodes.stream().filter(node -> !node.isLost()).toList();
            SimNode victim = present.get(nemesis.random().nextInt(present.size()));
            nemesis.crash(victim);
            // The failure detector convicts it within about twenty seconds; until then a logged
            // batch may pick it to hold its batchlog, and fail (regular requests fail over).
            cluster.loop.advance(CONVICTION);
            livenessPhase("node " + (victim.index + 1) + " down");
            nemesis.restart(victim);
        }
        clients.stop();
        cluster.loop.advance(CLIENT_TIMEOUT);
        cluster.loop.advance(RECOVERY);
        Map<String, List<String>> violations = finalChecks.run(livenessWindows);
        SimNode unmoved = nemesis.unfinishedMove();
        if (unmoved != null) {
            List<String> joins = new ArrayList<>(violations.getOrDefault("joins and leaves", List.of()));
            joins.add("node " + (unmoved.index + 1) + " never finished its move, though every node healed");
            violations.put("joins and leaves", joins);
        }
        long simulatedMicros = cluster.time.currentTimeMicros() - SimCluster.START_MICROS;
        cluster.trace("run ends after " + (cluster.time.currentTimeMicros() - workloadStart) / 1_000_000
                + " s of workload and recovery");
        return new SimResult(config, cluster.log.hash(), cluster.log.events(), simulatedMicros, cluster.history,
                violations);
    }

    /**
     * Defines the keyspace and the workload's tables on node 1, which starts the cluster
     * metadata log with them; the other nodes learn them from the log.
     */
    private void createSchema() {
        SimNode first = cluster.nodes.get(0);
        first.openStorage();
        StatementParser parser = new StatementParser();
        first.schema.apply(parser.parse("CREATE KEYSPACE " + KEYSPACE + " WITH replication = {'class': "
                + "'SimpleStrategy', 'replication_factor': " + SimConfig.REPLICATION_FACTOR + "}").statement(), null);
        List<String> tables = new ArrayList<>(Workload.tables(config.autoRepair()));
        if (config.lwt()) {
            tables.addAll(LwtWorkload.tables());
        }
        if (config.counters()) {
            tables.addAll(CounterWorkload.tables());
        }
        for (String table : tables) {
            first.schema.apply(parser.parse(table).statement(), null);
        }
        for (SimNode node : cluster.nodes) {
            if (node != first) {
                node.openStorage();
            }
            node.sync();
        }
    }

    /** Every client keeps working through the phase, which is a liveness window. */
    private void livenessPhase(String what) {
        long from = cluster.now();
        cluster.trace("liveness phase: " + what);
        cluster.loop.advance(LIVENESS_PHASE);
        // Operations invoked in the window are judged; the window ends a client timeout before
        // the phase does, so that each of them has had its full time.
        livenessWindows.add(new Checkers.Window(from, cluster.now() - CLIENT_TIMEOUT.toNanos() / 1000));
    }
}
