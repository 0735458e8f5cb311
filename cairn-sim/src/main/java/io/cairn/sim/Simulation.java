package io.cairn.sim;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.NativeType;
import io.cairn.node.ring.TokenAllocator;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.TableMetadata;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.sim.History.Version;
import io.cairn.storage.Cell;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.TokenRange;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One seeded run: builds the cluster, runs the clients' workload under the nemesis for the
 * configured simulated time, then heals everything, checks liveness (all nodes up, then one
 * down), lets hints replay, reads every key at ALL (a read-repair pass), and hands the history
 * and the replicas' final state to the checkers.
 */
public final class Simulation {

    static final String KEYSPACE = "sim";
    static final String TABLE = "register";
    /** Clients give up on an operation after this (then its outcome is unknown). */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(12);
    private static final long START_MICROS = 1_750_000_000_000_000L;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final Duration LIVENESS_PHASE = Duration.ofSeconds(20);

    private final SimConfig config;
    private final ManualClock time = new ManualClock(START_MICROS);
    private final VirtualScheduler loop = new VirtualScheduler(time);
    private final EventLog log;
    private final SplittableRandom workloadRandom;
    private final SplittableRandom nemesisRandom;
    private final SimNetwork network;
    private final List<SimNode> nodes = new ArrayList<>();
    private final InJvmNetwork inJvm;
    private final SplittableRandom nodeRandom;
    /** Each ring token's owner, as nodes are added. */
    private final Map<Long, String> owners = new HashMap<>();
    /** Nodes added during the run, at most {@link #MAX_JOINS}. */
    private int joined;
    private static final int MAX_JOINS = 2;
    private final History history = new History();
    private final List<String> nodeErrors = new ArrayList<>();
    private final List<String> finalReadFailures = new ArrayList<>();
    /** What nodes lacked of their data when they joined. */
    private final List<String> joinViolations = new ArrayList<>();
    /** When nodes crashed (the history's clock). */
    private final List<Long> crashTimes = new ArrayList<>();
    private final List<Checkers.Window> livenessWindows = new ArrayList<>();
    private boolean nemesisOn;
    private boolean workloadOn;
    private int nextValue = 1;

    private Simulation(SimConfig config, PrintStream trace, boolean traceMessages) {
        this.config = config;
        this.log = new EventLog(trace, START_MICROS, traceMessages);
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom networkRandom = root.split();
        this.workloadRandom = root.split();
        this.nemesisRandom = root.split();
        SplittableRandom nodeRandom = root.split();
        InJvmNetwork inJvm = new InJvmNetwork(loop);
        this.network = new SimNetwork(inJvm, networkRandom, log, time);
        this.inJvm = inJvm;
        this.nodeRandom = nodeRandom;
        for (int i = 0; i < config.nodes(); i++) {
            nodes.add(newNode(true));
        }
    }

    /**
     * A node at the next address, with tokens balanced against the ring so far; nodes of the
     * initial cluster are bootstrapped, later ones join.
     */
    private SimNode newNode(boolean bootstrapped) {
        int index = nodes.size();
        NodeAddress address = address(index);
        SplittableRandom random = nodeRandom.split();
        List<Long> tokens = TokenAllocator.allocate(owners, 4, random);
        for (long token : tokens) {
            owners.put(token, address.toString());
        }
        long skew = config.faults() ? random.nextLong(-500_000, 500_001) : 0;
        double drift = config.faults() ? random.nextDouble(-100, 100) : 0;
        return new SimNode(index, address, new SimClock(time, skew, drift), loop, error -> nodeError(index, error),
                inJvm, List.of(address(0)), tokens, random, config, address((index + 1) % config.nodes()),
                bootstrapped, event -> log.trace(time.currentTimeMicros(), event));
    }

    private static NodeAddress address(int index) {
        return new NodeAddress("127.0.0." + (index + 1), 7000);
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

    private void nodeError(int node, Throwable error) {
        if (nodeErrors.size() < 20) {
            java.io.StringWriter text = new java.io.StringWriter();
            error.printStackTrace(new java.io.PrintWriter(text));
            nodeErrors.add("node " + (node + 1) + " threw: " + text.toString().lines().limit(8)
                    .reduce((a, b) -> a + "\n    " + b).orElse(""));
        }
        log.trace(time.currentTimeMicros(), "node " + (node + 1) + " threw " + error);
    }

    private SimResult run() {
        createSchema();
        nodes.forEach(SimNode::start);
        loop.advance(SETTLE);
        long workloadStart = time.currentTimeMicros();
        workloadOn = true;
        for (int client = 0; client < config.clients(); client++) {
            int id = client;
            loop.schedule(Duration.ofMillis(workloadRandom.nextInt(100)), () -> nextOperation(id));
        }
        if (config.faults()) {
            nemesisOn = true;
            loop.schedule(Duration.ofSeconds(5 + nemesisRandom.nextInt(10)), this::nemesis);
        }
        loop.advance(config.duration());
        nemesisOn = false;
        healEverything();
        loop.advance(RECOVERY);
        livenessPhase("all nodes up");
        if (config.nodes() >= 3) {
            SimNode victim = nodes.get(nemesisRandom.nextInt(nodes.size()));
            crash(victim);
            // The failure detector convicts it within about ten seconds; requests fail over meanwhile.
            loop.advance(Duration.ofSeconds(15));
            livenessPhase("node " + (victim.index + 1) + " down");
            restart(victim);
        }
        workloadOn = false;
        loop.advance(CLIENT_TIMEOUT);
        loop.advance(RECOVERY);
        Map<Integer, Version> finalVersions = readRepairPass();
        loop.advance(Duration.ofSeconds(10));
        Map<Integer, Map<String, String>> replicaStates = replicaStates();
        long simulatedMicros = time.currentTimeMicros() - START_MICROS;
        Map<String, List<String>> violations = new LinkedHashMap<>();
        violations.put("lost writes", Checkers.lostWrites(history, finalVersions, this::mayBeLost));
        violations.put("read after write", Checkers.readAfterWrite(history, this::mayBeLost));
        violations.put("phantom values", Checkers.noPhantoms(history, finalVersions));
        violations.put("convergence", Checkers.convergence(replicaStates));
        violations.put("liveness", Checkers.liveness(history, livenessWindows));
        violations.put("final reads", List.copyOf(finalReadFailures));
        List<String> joins = new ArrayList<>(joinViolations);
        nodes.stream().filter(node -> !node.isBootstrapped())
                .forEach(node -> joins.add("node " + (node.index + 1) + " never joined the ring"));
        violations.put("joins", joins);
        violations.put("node errors", List.copyOf(nodeErrors));
        log.trace(time.currentTimeMicros(), "run ends after " + (time.currentTimeMicros() - workloadStart) / 1_000_000
                + " s of workload and recovery");
        return new SimResult(config, log.hash(), log.events(), simulatedMicros, history, violations);
    }

    /** Defines the keyspace and table on node 1 and gives every node the same schema rows. */
    private void createSchema() {
        SimNode first = nodes.get(0);
        first.openStorage();
        StatementParser parser = new StatementParser();
        first.schema.apply(parser.parse("CREATE KEYSPACE " + KEYSPACE + " WITH replication = {'class': "
                + "'SimpleStrategy', 'replication_factor': " + SimConfig.REPLICATION_FACTOR + "}").statement(), null);
        first.schema.apply(parser.parse("CREATE TABLE " + KEYSPACE + "." + TABLE
                + " (k int PRIMARY KEY, v bigint)").statement(), null);
        List<SchemaManager.SchemaMutation> mutations = first.schema.mutationsFor(KEYSPACE);
        for (SimNode node : nodes) {
            if (node != first) {
                node.openStorage();
                node.schema.applyMutations(mutations);
            }
            node.sync();
        }
    }

    // ---- the workload -------------------------------------------------------------------

    private void nextOperation(int client) {
        if (!workloadOn) {
            return;
        }
        // A driver sends to nodes it is connected to: a crashed one refuses, so clients pick among the others.
        List<SimNode> up = nodes.stream().filter(SimNode::isServing).toList();
        SimNode node = up.get(workloadRandom.nextInt(up.size()));
        Runnable next = () -> loop.schedule(Duration.ofMillis(workloadRandom.nextInt(200)),
                () -> nextOperation(client));
        // Scans are rarer: each walks every piece of the ring, a read round per piece.
        if (workloadRandom.nextInt(40) == 0) {
            scan(client, node, consistency(false), next);
            return;
        }
        boolean write = workloadRandom.nextBoolean();
        int key = workloadRandom.nextInt(config.keys());
        ConsistencyLevel consistency = consistency(write);
        Kind kind = !write ? Kind.READ : workloadRandom.nextInt(8) == 0 ? Kind.DELETE : Kind.WRITE;
        invoke(client, node, kind, key, consistency, next);
    }

    private ConsistencyLevel consistency(boolean write) {
        int draw = workloadRandom.nextInt(10);
        if (draw < 7) {
            return ConsistencyLevel.QUORUM;
        }
        if (draw < 9) {
            return ConsistencyLevel.ONE;
        }
        return write ? ConsistencyLevel.ALL : ConsistencyLevel.QUORUM;
    }

    /**
     * Starts one operation on {@code node} and returns it (it completes later); {@code then} runs
     * when the client has its outcome.
     */
    private Op invoke(int client, SimNode node, Kind kind, int key, ConsistencyLevel consistency, Runnable then) {
        Op op = history.invoke(client, node.index, kind, key, consistency, now());
        long value = kind.changes() ? nextValue++ : 0;
        if (!node.isUp()) {
            complete(op, Outcome.FAILED, null, "connection refused", then);
            return op;
        }
        loop.schedule(CLIENT_TIMEOUT, () -> complete(op, Outcome.UNKNOWN, op.version, "client timeout", then));
        node.scheduler.schedule(Duration.ZERO, () -> {
            CompletableFuture<Version> result;
            ConsistencyLevel asked = config.plant() == Plant.QUORUM_AFTER_ONE
                    && consistency == ConsistencyLevel.QUORUM ? ConsistencyLevel.ONE : consistency;
            TableMetadata table = node.schema.current().table(KEYSPACE, TABLE);
            PartitionKey partition = partitionKey(table, key);
            if (kind.changes()) {
                Version version = new Version(node.clock.currentTimeMicros(),
                        kind == Kind.DELETE ? History.TOMBSTONE : value);
                op.version = version;
                PartitionUpdate update = kind == Kind.DELETE
                        ? SchemaRows.deletePartition(table, NativeType.INT.decompose(key), version.timestamp(),
                                node.clock.currentTimeSeconds())
                        : SchemaRows.row(table, Map.of("k", NativeType.INT.decompose(key),
                                "v", NativeType.BIGINT.decompose(value)), version.timestamp());
                result = node.coordinator.writeAsync(table, List.of(update), asked).thenApply(ignored -> version);
            } else {
                result = node.coordinator.readAsync(table, partition,
                        ReadFilter.all(node.clock.currentTimeSeconds()), asked).thenApply(Simulation::version);
            }
            result.whenComplete((version, error) -> {
                if (error == null) {
                    complete(op, Outcome.OK, version, null, then);
                } else {
                    Throwable cause = unwrap(error);
                    complete(op, outcome(kind, cause), kind.changes() ? op.version : null, describe(cause),
                            then);
                    if (!(cause instanceof CqlException)) {
                        nodeError(node.index, cause);
                    }
                }
            });
        });
        return op;
    }

    /** Rows per page of a client's scan: small, so that scans page across ring pieces. */
    private static final int SCAN_PAGE_ROWS = 3;

    /**
     * Reads the whole table page by page through {@code node} (each page a range read at
     * {@code consistency}, as a driver pages); once done, each key's value as seen is recorded.
     */
    private void scan(int client, SimNode node, ConsistencyLevel consistency, Runnable then) {
        Op op = history.invoke(client, node.index, Kind.SCAN, -1, consistency, now());
        loop.schedule(CLIENT_TIMEOUT, () -> complete(op, Outcome.UNKNOWN, null, "client timeout", then));
        Map<Integer, Version> seen = new TreeMap<>();
        node.scheduler.schedule(Duration.ZERO, () -> scanPage(node, op, null, seen, then));
    }

    private void scanPage(SimNode node, Op op, ScanPosition resumeAfter, Map<Integer, Version> seen, Runnable then) {
        TableMetadata table = node.schema.current().table(KEYSPACE, TABLE);
        ReadFilter filter = ReadFilter.all(node.clock.currentTimeSeconds()).withRowLimit(SCAN_PAGE_ROWS);
        node.coordinator.scanAsync(table, TokenRange.FULL, resumeAfter, filter, op.consistency)
                .whenComplete((page, error) -> {
                    if (error != null) {
                        Throwable cause = unwrap(error);
                        complete(op, Outcome.FAILED, null, describe(cause), then);
                        if (!(cause instanceof CqlException)) {
                            nodeError(node.index, cause);
                        }
                        return;
                    }
                    for (PartitionData partition : page.partitions()) {
                        int key = (Integer) NativeType.INT.compose(
                                TableLayout.partitionKeyValues(table, partition.key()).get(0));
                        if (seen.containsKey(key)) {
                            nodeErrors.add("scan #" + op.id + " returned k" + key + " twice");
                        }
                        seen.put(key, version(partition));
                    }
                    if (page.hasMorePages() && op.outcome == Outcome.OPEN) {
                        scanPage(node, op, page.next(), seen, then);
                        return;
                    }
                    boolean first = op.outcome == Outcome.OPEN;
                    complete(op, Outcome.OK, null, null, then);
                    if (first) {
                        for (int key = 0; key < config.keys(); key++) {
                            history.observe(op, key, seen.get(key));
                        }
                    }
                });
    }

    private static Outcome outcome(Kind kind, Throwable error) {
        if (error instanceof UnavailableException) {
            return Outcome.FAILED;
        }
        if (error instanceof WriteTimeoutException) {
            return Outcome.UNKNOWN;
        }
        if (error instanceof ReadTimeoutException) {
            return Outcome.FAILED;
        }
        return kind.changes() ? Outcome.UNKNOWN : Outcome.FAILED;
    }

    /** What failed a future's chain: the cause a continuation's CompletionException wraps. */
    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    private void complete(Op op, Outcome outcome, Version version, String error, Runnable then) {
        if (op.outcome != Outcome.OPEN) {
            return;
        }
        op.outcome = outcome;
        op.version = version;
        op.error = error;
        op.completedMicros = now();
        log.record(op.id, op.completedMicros, outcome.ordinal(), version == null ? 0 : version.value(),
                version == null ? 0 : version.timestamp());
        if (log.isTracing()) {
            log.trace(time.currentTimeMicros(), op.toString());
        }
        then.run();
    }

    /** Virtual time since the run began, in microseconds: the history's clock. */
    private long now() {
        return time.currentTimeMicros() - START_MICROS;
    }

    static PartitionKey partitionKey(TableMetadata table, int key) {
        return TableLayout.partitionKey(table, List.of(NativeType.INT.decompose(key)));
    }

    /** The register's version in a read partition, or null when it has none. */
    static Version version(PartitionData data) {
        for (Row row : data.rows()) {
            Cell cell = row.cell("v");
            if (cell != null && !cell.isTombstone()) {
                return new Version(cell.timestampMicros(), ByteBuffer.wrap(cell.value()).getLong());
            }
        }
        return null;
    }

    // ---- the nemesis --------------------------------------------------------------------

    private void nemesis() {
        if (!nemesisOn) {
            return;
        }
        int action = nemesisRandom.nextInt(100);
        if (config.joins() && joined < MAX_JOINS && nemesisRandom.nextInt(10) == 0) {
            addNode();
        } else if (action < 20) {
            partition();
        } else if (action < 35) {
            network.healAll();
            log.trace(time.currentTimeMicros(), "nemesis: network healed");
        } else if (action < 50) {
            crashOrRestart();
        } else if (action < 60) {
            SimNode node = nodes.get(nemesisRandom.nextInt(nodes.size()));
            long pause = 1_000_000L + nemesisRandom.nextLong(20_000_000L);
            node.scheduler.pauseUntil(time.currentTimeMicros() + pause);
            log.trace(time.currentTimeMicros(), "nemesis: node " + (node.index + 1) + " paused for "
                    + pause / 1000 + " ms");
        } else if (action < 80) {
            SimNetwork.Weather weather = new SimNetwork.Weather(nemesisRandom.nextDouble() * 0.1,
                    nemesisRandom.nextDouble() * 0.05, nemesisRandom.nextDouble() * 0.2,
                    Duration.ofMillis(10 + nemesisRandom.nextInt(3_000)));
            network.setWeather(weather);
            log.trace(time.currentTimeMicros(), "nemesis: weather " + weather);
        } else if (action < 90) {
            network.setWeather(SimNetwork.Weather.CALM);
            log.trace(time.currentTimeMicros(), "nemesis: calm weather");
        } else {
            SimNode node = nodes.get(nemesisRandom.nextInt(nodes.size()));
            long step = nemesisRandom.nextLong(-300_000, 300_001);
            node.clock.step(step);
            log.trace(time.currentTimeMicros(), "nemesis: node " + (node.index + 1) + "'s clock stepped "
                    + step / 1000 + " ms");
        }
        loop.schedule(Duration.ofMillis(2_000 + nemesisRandom.nextInt(28_000)), this::nemesis);
    }

    /** A new node joins: it gets the schema (as a schema push would give it) and starts joining. */
    private void addNode() {
        joined++;
        SimNode node = newNode(false);
        node.openStorage();
        node.schema.applyMutations(nodes.get(0).schema.mutationsFor(KEYSPACE));
        node.sync();
        nodes.add(node);
        node.onJoined(started -> checkJoined(node, started - START_MICROS));
        log.record(time.currentTimeMicros(), -3, node.index);
        log.trace(time.currentTimeMicros(), "nemesis: node " + (node.index + 1) + " added; it joins the ring");
        node.start();
    }

    /** Checks that the keys a node that just joined now replicates are still on a quorum of their replicas. */
    private void checkJoined(SimNode node, long copyStarted) {
        TableMetadata table = node.schema.current().table(KEYSPACE, TABLE);
        for (int key = 0; key < config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            List<NodeAddress> replicas = node.topology.replicasFor(KEYSPACE, partition.token());
            if (!replicas.contains(node.address)) {
                continue;
            }
            Map<String, Version> held = new TreeMap<>();
            for (NodeAddress replica : replicas) {
                SimNode holder = nodeAt(replica);
                held.put("node " + (holder.index + 1), version(holder.storage.read(table.tableId(), partition,
                        ReadFilter.all(holder.clock.currentTimeSeconds()))));
            }
            String violation = Checkers.keptOnJoin(history, "node " + (node.index + 1), key, held, copyStarted,
                    this::mayBeLost);
            if (violation != null) {
                joinViolations.add(violation);
            }
        }
    }

    private void partition() {
        List<NodeAddress> order = new ArrayList<>(nodes.stream().map(node -> node.address).toList());
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, nemesisRandom.nextInt(i + 1));
        }
        network.healAll();
        int kind = nemesisRandom.nextInt(3);
        if (kind == 0) {
            network.split(order.subList(0, 1), order.subList(1, order.size()), "isolated " + order.get(0));
        } else if (kind == 1 || order.size() < 4) {
            int cut = order.size() / 2;
            network.split(order.subList(0, cut), order.subList(cut, order.size()),
                    "halves " + order.subList(0, cut) + " | " + order.subList(cut, order.size()));
        } else {
            network.majorityRing(order);
        }
        log.trace(time.currentTimeMicros(), "nemesis: partition " + network.partition());
    }

    private void crashOrRestart() {
        List<SimNode> down = nodes.stream().filter(node -> !node.isUp()).toList();
        int maxDown = (nodes.size() - 1) / 2;
        if (!down.isEmpty() && (down.size() >= maxDown || nemesisRandom.nextBoolean())) {
            restart(down.get(nemesisRandom.nextInt(down.size())));
        } else {
            List<SimNode> up = nodes.stream().filter(SimNode::isUp).toList();
            crash(up.get(nemesisRandom.nextInt(up.size())));
        }
    }

    /**
     * Under periodic commit-log sync, a write acknowledged less than a sync period before some
     * node crashed may be gone from that replica (Cassandra's documented trade-off); under
     * batch sync no acknowledged write may be lost.
     */
    private boolean mayBeLost(Op write) {
        if (!config.periodicSync()) {
            return false;
        }
        long window = SimNode.COMMIT_LOG_SYNC_PERIOD.toNanos() / 1_000L;
        for (long crashed : crashTimes) {
            if (crashed >= write.invokedMicros && crashed <= write.completedMicros + window) {
                return true;
            }
        }
        return false;
    }

    private void crash(SimNode node) {
        crashTimes.add(now());
        node.crash();
        log.record(time.currentTimeMicros(), -1, node.index);
        log.trace(time.currentTimeMicros(), "nemesis: node " + (node.index + 1) + " crashed");
    }

    private void restart(SimNode node) {
        node.start();
        log.record(time.currentTimeMicros(), -2, node.index);
        log.trace(time.currentTimeMicros(), "nemesis: node " + (node.index + 1) + " restarted");
    }

    private void healEverything() {
        network.healAll();
        network.setWeather(SimNetwork.Weather.CALM);
        for (SimNode node : nodes) {
            if (!node.isUp()) {
                restart(node);
            }
        }
        log.trace(time.currentTimeMicros(), "healed: network whole and calm, every node up");
    }

    // ---- the final checks ---------------------------------------------------------------

    /** Every client keeps working through the phase, which is a liveness window. */
    private void livenessPhase(String what) {
        long from = now();
        log.trace(time.currentTimeMicros(), "liveness phase: " + what);
        loop.advance(LIVENESS_PHASE);
        // Operations invoked in the window are judged; the window ends a client timeout before
        // the phase does, so that each of them has had its full time.
        livenessWindows.add(new Checkers.Window(from, now() - CLIENT_TIMEOUT.toNanos() / 1000));
    }

    /** Reads every key at ALL through a live node (repairing replicas that differ). */
    private Map<Integer, Version> readRepairPass() {
        Map<Integer, Version> finals = new TreeMap<>();
        for (int key = 0; key < config.keys(); key++) {
            Op op = invoke(-1, nodes.get(key % nodes.size()), Kind.READ, key, ConsistencyLevel.ALL, () -> { });
            loop.advance(CLIENT_TIMEOUT);
            finals.put(key, op.outcome == Outcome.OK ? op.version : null);
            if (op.outcome != Outcome.OK) {
                finalReadFailures.add("the final read of k" + key + " at ALL failed: " + op);
            }
        }
        return finals;
    }

    private SimNode nodeAt(NodeAddress address) {
        return nodes.stream().filter(node -> node.address.equals(address)).findFirst().orElseThrow();
    }

    /** Each replica's cells of each key, read from its own storage. */
    private Map<Integer, Map<String, String>> replicaStates() {
        Map<Integer, Map<String, String>> states = new TreeMap<>();
        SimNode any = nodes.get(0);
        TableMetadata table = any.schema.current().table(KEYSPACE, TABLE);
        for (int key = 0; key < config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            Map<String, String> byReplica = new TreeMap<>();
            for (NodeAddress replica : any.topology.replicasFor(KEYSPACE, partition.token())) {
                SimNode node = nodeAt(replica);
                PartitionData data = node.storage.read(table.tableId(), partition,
                        ReadFilter.all(time.currentTimeMicros() / 1_000_000));
                Version version = version(data);
                byReplica.put("node " + (node.index + 1), version == null ? "none" : version.toString());
            }
            states.put(key, byReplica);
        }
        return states;
    }
}
