package io.cairn.sim;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.counter.CounterCells;
import io.cairn.node.schema.TableMetadata;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.storage.Cell;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The checks at the end of a run of counters, once everything is healed: an increment of every
 * counter at QUORUM (each must be acknowledged), then a read of every counter at ALL through
 * every node (all recorded in the history, so the checkers judge them with the rest), each
 * replica's own shards summed, and the checkers' verdicts. While the run goes on, it also watches
 * every node's shards: each shard's states must grow with their timestamps.
 */
final class CounterFinalChecks {

    private final SimCluster cluster;
    private final CounterWorkload workload;
    private final Predicate<Op> mayBeLost;

    /** How often every node's shards are looked at while the run goes on. */
    static final java.time.Duration SHARD_WATCH = java.time.Duration.ofSeconds(1);

    /** Each shard's states seen, by key and shard (its path in hex): value by timestamp. */
    private final Map<String, java.util.TreeMap<Long, Long>> shardStates = new TreeMap<>();
    /** Shard states that went back (a later state with a smaller total, or two totals at one timestamp). */
    private final List<String> shardViolations = new ArrayList<>();

    CounterFinalChecks(SimCluster cluster, CounterWorkload workload, Predicate<Op> mayBeLost) {
        this.cluster = cluster;
        this.workload = workload;
        this.mayBeLost = mayBeLost;
    }

    /**
     * Looks at every node's shards every {@link #SHARD_WATCH} from now on: with positive deltas
     * only, each shard's states (a full total each, at a higher timestamp than the last) must
     * grow with their timestamps, whichever replica holds them.
     */
    void watchShards() {
        cluster.loop.schedule(SHARD_WATCH, () -> {
            observeShards();
            watchShards();
        });
    }

    private void observeShards() {
        for (SimNode node : cluster.nodes) {
            if (!node.isUp() || node.schema == null || node.storage == null) {
                continue;
            }
            TableMetadata table = node.schema.current().table(Simulation.KEYSPACE, "counters");
            if (table == null || !node.storage.tables().contains(table.tableId())) {
                continue;
            }
            for (int key = 0; key < cluster.config.keys(); key++) {
                PartitionData data = node.storage.read(table.tableId(), FinalChecks.partitionKey(table, key),
                        ReadFilter.all(0));
                for (Row row : data.rows()) {
                    for (Cell cell : row.cells()) {
                        if (cell.column().equals("n") && cell.path() != null && cell.path().length > 0
                                && cell.kind() != io.cairn.storage.CellKind.TOMBSTONE) {
                            observe(key, node, cell);
                        }
                    }
                }
            }
        }
    }

    private void observe(int key, SimNode node, Cell cell) {
        String shard = "k" + key + " shard " + java.util.HexFormat.of().formatHex(cell.path());
        java.util.TreeMap<Long, Long> states = shardStates.computeIfAbsent(shard, s -> new java.util.TreeMap<>());
        long timestamp = cell.timestampMicros();
        long value = CounterCells.value(cell);
        Long same = states.get(timestamp);
        if (same != null) {
            if (same != value) {
                shardViolations.add(shard + " holds " + value + " on node " + (node.index + 1) + " and " + same
                        + " elsewhere, both at timestamp " + timestamp);
            }
            return;
        }
        Map.Entry<Long, Long> before = states.lowerEntry(timestamp);
        Map.Entry<Long, Long> after = states.higherEntry(timestamp);
        if (before != null && before.getValue() >= value || after != null && after.getValue() <= value) {
            Map.Entry<Long, Long> other = before != null && before.getValue() >= value ? before : after;
            if (shardViolations.size() < 20) {
                shardViolations.add(shard + " went back: " + value + "@" + timestamp + " on node " + (node.index + 1)
                        + " (at " + cluster.now() / 1_000_000 + " s), but " + other.getValue() + "@" + other.getKey()
                        + " was seen before");
            }
        }
        states.put(timestamp, value);
    }

    /** The counters' checkers' violations, after the final increments and reads. */
    Map<String, List<String>> run(List<Checkers.Window> livenessWindows) {
        List<String> failures = new ArrayList<>();
        List<SimNode> serving = cluster.nodes.stream().filter(SimNode::isServing).toList();
        List<Op> increments = new ArrayList<>();
        for (int key = 0; key < cluster.config.keys(); key++) {
            increments.add(workload.increment(-1, serving.get(key % serving.size()), List.of(new int[] {key, 1}),
                    ConsistencyLevel.QUORUM, () -> { }));
        }
        cluster.loop.advance(CqlClient.CLIENT_TIMEOUT);
        List<String> liveness = new ArrayList<>();
        increments.stream().filter(op -> op.outcome != Outcome.OK)
                .forEach(op -> liveness.add("once healed, an increment at QUORUM was not acknowledged: " + op));
        Map<Integer, Map<String, Long>> finals = new TreeMap<>();
        List<Op> reads = new ArrayList<>();
        for (SimNode node : serving) {
            for (int key = 0; key < cluster.config.keys(); key++) {
                reads.add(workload.read(-1, node, key, ConsistencyLevel.ALL, () -> { }));
            }
        }
        cluster.loop.advance(CqlClient.CLIENT_TIMEOUT);
        for (Op read : reads) {
            if (read.outcome == Outcome.OK) {
                finals.computeIfAbsent(read.key, k -> new TreeMap<>()).put("node " + (read.node + 1), read.seen);
            } else {
                failures.add("the final ALL read of k" + read.key + " failed: " + read);
            }
        }
        Map<Integer, Map<String, Long>> values = new TreeMap<>();
        finals.forEach((key, byNode) -> byNode.forEach((node, value) ->
                values.computeIfAbsent(key, k -> new TreeMap<>()).put("read through " + node, value)));
        replicaValues().forEach((key, byReplica) -> byReplica.forEach((replica, value) ->
                values.computeIfAbsent(key, k -> new TreeMap<>()).put("stored on " + replica, value)));
        observeShards();
        History history = cluster.history;
        Map<String, List<String>> violations = new LinkedHashMap<>();
        violations.put("counter bounds", CounterCheckers.bounds(history, finals, mayBeLost));
        violations.put("counter reads", CounterCheckers.reads(history));
        violations.put("counter agreement", CounterCheckers.agreement(values));
        violations.put("counter shards", List.copyOf(shardViolations));
        violations.put("liveness", Checkers.liveness(history, livenessWindows));
        violations.put("counter liveness", liveness);
        violations.put("counter progress", CounterCheckers.progress(history));
        violations.put("final reads", failures);
        return violations;
    }

    /** Each replica's value of each counter: the sum of the live shards in its own storage. */
    private Map<Integer, Map<String, Long>> replicaValues() {
        Map<Integer, Map<String, Long>> values = new TreeMap<>();
        SimNode any = cluster.nodes.stream().filter(SimNode::isUp)
                .max(java.util.Comparator.comparingLong(SimNode::epoch).thenComparingInt(node -> node.index))
                .orElse(cluster.nodes.get(0));
        TableMetadata table = any.schema.current().table(Simulation.KEYSPACE, "counters");
        for (int key = 0; key < cluster.config.keys(); key++) {
            PartitionKey partition = FinalChecks.partitionKey(table, key);
            for (NodeAddress replica : any.topology.replicasFor(Simulation.KEYSPACE, partition.token())) {
                boolean known = cluster.nodes.stream().anyMatch(node -> node.address.equals(replica));
                SimNode node = known ? cluster.nodeAt(replica) : null;
                if (node == null || node.isLost() || !node.isUp()) {
                    continue;
                }
                values.computeIfAbsent(key, k -> new TreeMap<>()).put("node " + (node.index + 1),
                        total(node, table, partition));
            }
        }
        return values;
    }

    private static long total(SimNode node, TableMetadata table, PartitionKey partition) {
        if (!node.storage.tables().contains(table.tableId())) {
            return 0;
        }
        PartitionData data = node.storage.read(table.tableId(), partition,
                ReadFilter.all(node.clock.currentTimeSeconds()));
        List<Cell> shards = new ArrayList<>();
        for (Row row : data.rows()) {
            for (Cell cell : row.cells()) {
                if (cell.column().equals("n")) {
                    shards.add(cell);
                }
            }
        }
        return CounterCells.total(shards);
    }
}
