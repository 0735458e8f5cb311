package io.cairn.sim;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.TableMetadata;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.sim.History.Version;
import io.cairn.storage.Cell;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The checks at the end of a run, once everything is healed: reads of every register, mirror
 * row and list at ALL (a read-repair pass for half of the registers, the other half converged by
 * repair alone before they are read), each replica's own cells, each node's schema, each
 * replacement in every node's log, and the checkers' verdicts on them and on the history. Also
 * checks each join, leave, removal and replacement as it completes.
 */
final class FinalChecks {

    private final SimCluster cluster;
    /** The regular workload, or null in a run of lightweight transactions. */
    private final Workload workload;
    /** The checks of lightweight transactions, or null in a regular run. */
    private final LwtFinalChecks lwt;
    /** The checks of counters, or null in another run. */
    private final CounterFinalChecks counters;
    private final Predicate<Op> mayBeLost;
    private final List<String> finalReadFailures = new ArrayList<>();
    /** What nodes lacked of their data when they joined. */
    private final List<String> joinViolations = new ArrayList<>();

    FinalChecks(SimCluster cluster, Workload workload, LwtFinalChecks lwt, CounterFinalChecks counters,
                Predicate<Op> mayBeLost) {
        this.cluster = cluster;
        this.workload = workload;
        this.lwt = lwt;
        this.counters = counters;
        this.mayBeLost = mayBeLost;
    }

    /** Every checker's violations, after the final reads. */
    Map<String, List<String>> run(List<Checkers.Window> livenessWindows) {
        Map<String, List<String>> violations = new LinkedHashMap<>();
        if (lwt != null) {
            violations.putAll(lwt.run(livenessWindows));
        } else if (counters != null) {
            violations.putAll(counters.run(livenessWindows));
        } else {
            registerChecks(livenessWindows, violations);
        }
        violations.put("schema agreement", Checkers.schemaAgreement(schemas()));
        List<String> joins = new ArrayList<>(joinViolations);
        cluster.nodes.stream().filter(node -> !node.isBootstrapped())
                .forEach(node -> joins.add("node " + (node.index + 1) + " never joined the ring"));
        violations.put("metadata log", metadataLog());
        // After the metadata log had time to reach every node.
        joins.addAll(replacementsInLogs());
        violations.put("joins and leaves", joins);
        violations.put("node errors", List.copyOf(cluster.nodeErrors));
        return violations;
    }

    /**
     * Time for the metadata log to reach every node once all are up: a node's next try to
     * register, and two pulls from the metadata replicas.
     */
    static final java.time.Duration METADATA_SETTLE = io.cairn.node.agreement.MetadataService.RETRY
            .plus(io.cairn.node.agreement.MetadataExchange.PULL_INTERVAL.multipliedBy(2));

    /** The metadata log checker's verdict on the nodes that are up and joined, after {@link #METADATA_SETTLE}. */
    private List<String> metadataLog() {
        cluster.loop.advance(METADATA_SETTLE);
        Map<String, List<io.cairn.node.metadata.LogEntry>> logs = new TreeMap<>();
        Map<String, String> halted = new TreeMap<>();
        java.util.Set<java.util.UUID> members = new java.util.HashSet<>();
        for (SimNode node : cluster.nodes) {
            if (!node.isUp() || !node.isBootstrapped()) {
                continue;
            }
            String name = "node " + (node.index + 1);
            logs.put(name, node.metadataLog());
            node.metadataHalted().ifPresent(reason -> halted.put(name, reason));
            members.add(node.hostId());
        }
        return Checkers.metadataLog(logs, halted, members);
    }

    /**
     * The regular workload's final reads and checkers. Automatic repair stops first: the final
     * repairs are the ones judged. The even keys are read at ALL first, and the convergence
     * checker judges the read repair of that pass; then every node repairs in turn, and the
     * repair convergence checker wants every replica of every key identical (the odd keys had
     * no final read-repair pass: repair alone converged them); then the odd keys are read, and
     * the lost-write, resurrection and other checkers judge the final values of all. When no
     * repair can run (a node of the ring down for good, a movement), the odd keys' read repair
     * is judged instead.
     */
    private void registerChecks(List<Checkers.Window> livenessWindows, Map<String, List<String>> violations) {
        cluster.nodes.forEach(SimNode::stopAutoRepair);
        Map<Integer, Version> registers = new TreeMap<>();
        Map<Integer, java.util.Set<Long>> mirrors = new TreeMap<>();
        finalReads(key -> key % 2 == 0, registers, mirrors);
        List<String> convergence = new ArrayList<>(Checkers.convergence(statesOf(key -> key % 2 == 0)));
        List<String> repaired = repairConvergence();
        finalReads(key -> key % 2 == 1, registers, mirrors);
        if (repaired == null) {
            convergence.addAll(Checkers.convergence(statesOf(key -> key % 2 == 1)));
        }
        Map<Integer, List<Long>> lists = new TreeMap<>();
        List<Op> listReads = new ArrayList<>();
        for (int key = 0; key < Workload.LIST_KEYS; key++) {
            Op read = offTheRecord(key);
            listReads.add(read);
            int listKey = key;
            // Only a list read in full is judged.
            workload.readList(via(key), read, elements -> lists.put(listKey, elements));
        }
        cluster.loop.advance(CqlClient.CLIENT_TIMEOUT);
        listReads.forEach(read -> judged(read, "the list of k" + read.key));
        cluster.loop.advance(java.time.Duration.ofSeconds(10));
        History history = cluster.history;
        violations.put("lost writes", Checkers.lostWrites(history, registers, mayBeLost));
        violations.put("resurrections", Checkers.resurrections(history, registers, mayBeLost));
        violations.put("read after write", Checkers.readAfterWrite(history, mayBeLost));
        violations.put("phantom values", Checkers.noPhantoms(history, registers));
        violations.put("convergence", convergence);
        violations.put("liveness", Checkers.liveness(history, livenessWindows));
        violations.put("logged batches", Checkers.loggedBatches(history, registers, mirrors, mayBeLost));
        violations.put("list appends", Checkers.listAppends(history, lists, mayBeLost));
        violations.put("final reads", List.copyOf(finalReadFailures));
        violations.put("repair convergence", repaired == null ? List.of() : repaired);
    }

    /** Reads the registers {@code which} picks and their mirror rows at ALL (a read-repair pass over them). */
    private void finalReads(java.util.function.IntPredicate which, Map<Integer, Version> registers,
                            Map<Integer, java.util.Set<Long>> mirrors) {
        for (int key = 0; key < cluster.config.keys(); key++) {
            if (!which.test(key)) {
                continue;
            }
            // The register and its mirror rows are read side by side: both have their full time.
            Op read = workload.register(-1, via(key), Kind.READ, key, ConsistencyLevel.ALL, () -> { });
            Op mirror = offTheRecord(key);
            int mirrorKey = key;
            // Only mirror rows read in full are judged.
            workload.readMirror(via(key), mirror, rows -> mirrors.put(mirrorKey, rows));
            cluster.loop.advance(CqlClient.CLIENT_TIMEOUT);
            registers.put(key, judged(read, "k" + key));
            judged(mirror, "the mirror rows of k" + key);
        }
    }

    /** The replicas' versions of the keys {@code which} picks. */
    private Map<Integer, Map<String, String>> statesOf(java.util.function.IntPredicate which) {
        Map<Integer, Map<String, String>> states = new TreeMap<>(replicaStates());
        states.keySet().removeIf(key -> !which.test(key));
        return states;
    }

    /** How many times a node's repair is tried (a node just healed may still think another down). */
    static final int REPAIR_ATTEMPTS = 3;

    /**
     * Repair alone makes the replicas identical: once healed and settled (every node of the ring
     * up, no movement), each node repairs the table incrementally in turn, and every replica of
     * each key must then hold the same value (its version: the register's value and timestamp,
     * or none); then each node repairs it in full in turn, each key's first repairer losing its
     * copy before or after its own repair, and the replicas must agree again. Null (no verdict)
     * when a node of the ring is down for good or a movement runs: repair needs every replica.
     */
    private List<String> repairConvergence() {
        List<SimNode> up = cluster.nodes.stream().filter(node -> node.isUp() && node.isBootstrapped()).toList();
        if (up.isEmpty()) {
            return null;
        }
        SimNode observer = up.stream().max(java.util.Comparator.comparingLong(SimNode::epoch)
                .thenComparingInt(node -> node.index)).orElseThrow();
        io.cairn.node.metadata.ClusterMetadata metadata = observer.metadata();
        java.util.Set<java.util.UUID> upIds = new java.util.HashSet<>();
        up.forEach(node -> upIds.add(node.hostId()));
        if (metadata.movement() != null
                || !metadata.tokens().keySet().stream().allMatch(id -> upIds.contains(id.hostId()))) {
            cluster.trace("repair skipped: a node of the ring is down or a movement runs");
            return null;
        }
        // First, incremental repairs alone: each compares only what some replica wrote since
        // the last repair. Each key's first repairer misses a write the others got (it loses its
        // copy, and the others write theirs again), so its own incremental repair must find the
        // key in the others' lists and pull it back; afterwards every replica must hold the same.
        TableMetadata table = observer.schema.current().table(Simulation.KEYSPACE, Simulation.TABLE);
        List<String> violations = new ArrayList<>();
        Map<SimNode, List<Integer>> missed = new java.util.HashMap<>();
        for (int key = 0; key < cluster.config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            List<NodeAddress> replicas = observer.topology.replicasFor(Simulation.KEYSPACE, partition.token());
            List<SimNode> holders = up.stream().filter(node -> replicas.contains(node.address)).toList();
            if (holders.size() < 2) {
                continue;
            }
            holders.get(0).loseCopy(table, partition);
            holders.subList(1, holders.size()).forEach(node -> node.writeAgain(table, partition));
            missed.computeIfAbsent(holders.get(0), node -> new ArrayList<>()).add(key);
        }
        for (SimNode node : up) {
            String failure = repair(node, false);
            if (failure != null) {
                violations.add("the incremental repair on node " + (node.index + 1) + " failed: " + failure);
            }
            Map<Integer, Map<String, String>> states = replicaStates();
            for (int key : missed.getOrDefault(node, List.of())) {
                if (new java.util.HashSet<>(states.get(key).values()).size() > 1) {
                    violations.add("after node " + (node.index + 1) + "'s own incremental repair, replicas of k"
                            + key + " differ: " + states.get(key));
                }
            }
        }
        for (String differing : Checkers.convergence(replicaStates())) {
            violations.add("after incremental repairs, " + differing);
        }
        // Hints and read repair during the run leave little for repair to find, so each key's
        // first repairer loses its copy (a failed disk under that partition): for even keys before
        // any repair, so that its own repair must pull the key back; for odd keys right after its
        // own repair, so that the key's other replicas, repairing later, must send it back.
        Map<SimNode, List<PartitionKey>> lostAfter = new java.util.HashMap<>();
        Map<SimNode, List<Integer>> lostBefore = new java.util.HashMap<>();
        for (int key = 0; key < cluster.config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            List<NodeAddress> replicas = observer.topology.replicasFor(Simulation.KEYSPACE, partition.token());
            SimNode first = up.stream().filter(node -> replicas.contains(node.address)).findFirst().orElse(null);
            if (first == null) {
                continue;
            }
            if (key % 2 == 0) {
                first.loseCopy(table, partition);
                lostBefore.computeIfAbsent(first, node -> new ArrayList<>()).add(key);
            } else {
                lostAfter.computeIfAbsent(first, node -> new ArrayList<>()).add(partition);
            }
        }
        // A lost copy is written nowhere, so no list names it: full repairs compare everything.
        for (SimNode node : up) {
            String failure = repair(node, true);
            if (failure != null) {
                violations.add("the repair on node " + (node.index + 1) + " failed: " + failure);
            }
            // Its own repair alone must have pulled back what it lost: no other replica's repair
            // has sent it anything yet.
            Map<Integer, Map<String, String>> states = replicaStates();
            for (int key : lostBefore.getOrDefault(node, List.of())) {
                Map<String, String> byReplica = states.get(key);
                if (new java.util.HashSet<>(byReplica.values()).size() > 1) {
                    violations.add("after node " + (node.index + 1) + "'s own repair, replicas of k" + key
                            + " differ: " + byReplica);
                }
            }
            List<PartitionKey> lost = lostAfter.getOrDefault(node, List.of());
            lost.forEach(partition -> node.loseCopy(table, partition));
            if (!lost.isEmpty()) {
                cluster.trace("node " + (node.index + 1) + " lost its copy of " + lost.size() + " keys");
            }
        }
        for (String differing : Checkers.convergence(replicaStates())) {
            violations.add("after repair, " + differing);
        }
        return violations;
    }

    /**
     * Runs a repair of the register table on {@code node} until it succeeds, at most
     * {@link #REPAIR_ATTEMPTS} times (a node just healed may still think another down); null, or
     * why the last attempt failed.
     */
    private String repair(SimNode node, boolean full) {
        String failure = null;
        for (int attempt = 0; attempt < REPAIR_ATTEMPTS; attempt++) {
            java.util.concurrent.CompletableFuture<io.cairn.node.repair.Repair.Result> repaired =
                    node.repair(Simulation.KEYSPACE, Simulation.TABLE, full);
            // Waits on this attempt as long as a replica may take to answer (a tree's wait).
            java.time.Duration waited = java.time.Duration.ZERO;
            while (!repaired.isDone() && waited.compareTo(REPAIR_WAIT) < 0) {
                cluster.loop.advance(java.time.Duration.ofMillis(100));
                waited = waited.plusMillis(100);
            }
            if (!repaired.isDone()) {
                return "not done in " + REPAIR_WAIT.toMinutes() + " min";
            }
            if (!repaired.isCompletedExceptionally()) {
                cluster.trace("node " + (node.index + 1) + " repaired " + Simulation.TABLE + ": " + repaired.join());
                return null;
            }
            failure = repaired.handle((result, error) -> String.valueOf(
                    io.cairn.common.concurrent.AsyncLoop.unwrap(error).getMessage())).join();
            cluster.loop.advance(java.time.Duration.ofSeconds(5));
        }
        return REPAIR_ATTEMPTS + " times, last: " + failure;
    }

    /** How long one repair attempt may take in the simulation: more than a replica's waits for a tree. */
    static final java.time.Duration REPAIR_WAIT = java.time.Duration.ofMinutes(3);

    private SimNode via(int key) {
        List<SimNode> present = cluster.nodes.stream().filter(node -> !node.isLost()).toList();
        return present.get(key % present.size());
    }

    /** A final read that is not part of the clients' history (it reads no register). */
    private Op offTheRecord(int key) {
        return new Op(-1, -1, -1, Kind.READ, key, ConsistencyLevel.ALL, cluster.now());
    }

    private Version judged(Op read, String what) {
        if (read.outcome != Outcome.OK) {
            finalReadFailures.add("the final read of " + what + " at ALL failed: " + read);
            return null;
        }
        return read.version;
    }

    /** Checks that the keys a node that just joined now replicates are still on a quorum of their replicas. */
    void checkJoined(SimNode node, long copyStarted) {
        TableMetadata table = node.schema.current().table(Simulation.KEYSPACE, Simulation.TABLE);
        for (int key = 0; key < cluster.config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            List<NodeAddress> replicas = node.topology.replicasFor(Simulation.KEYSPACE, partition.token());
            if (!replicas.contains(node.address)) {
                continue;
            }
            Map<String, Version> held = heldBy(replicas, table, partition);
            String violation = Checkers.keptOnMovement(cluster.history, "node " + (node.index + 1) + " joined", key, held,
                    copyStarted, mayBeLost);
            if (violation != null) {
                joinViolations.add(violation);
            }
        }
    }

    /** A node lost for good, replaced by {@code replacement}: its name, host id and ring tokens when it was lost. */
    private record Replacement(String dead, java.util.UUID deadId, java.util.SortedSet<Long> deadTokens,
                               SimNode replacement) {
    }

    /** The replacements started during the run. */
    private final List<Replacement> replacements = new ArrayList<>();

    /**
     * Notes that {@code replacement} (not started yet) replaces {@code lost}, with the lost
     * node's ring tokens as the node furthest in the log has them (the tokens it was started
     * with when no node up has it in its ring), and checks its join once it has joined (see
     * {@link #checkReplaced}).
     */
    void replacing(SimNode lost, SimNode replacement) {
        io.cairn.node.metadata.NodeId lostId = new io.cairn.node.metadata.NodeId(lost.hostId());
        java.util.SortedSet<Long> tokens = cluster.nodes.stream().filter(node -> node.isUp() && node.isBootstrapped())
                .max(java.util.Comparator.comparingLong(SimNode::epoch))
                .map(observer -> observer.metadata().tokens().get(lostId))
                .orElseGet(() -> new java.util.TreeSet<>(lost.tokens()));
        replacements.add(new Replacement("node " + (lost.index + 1), lost.hostId(), tokens, replacement));
        replacement.onJoined(started -> checkReplaced(replacement, lost, started - SimCluster.START_MICROS));
    }

    /**
     * Checks, once {@code replacement} has replaced {@code lost} (it joined), that every key it
     * now replicates is still on a quorum of its replicas, and that the replacement itself holds
     * every QUORUM-acknowledged write of those keys completed before it began copying (or a newer
     * one): the copy merged the ranges from every replica that stays, and at least one of them
     * held each such write. Writes at ONE made before the loss may be gone with the lost node;
     * under periodic sync, a crash may take back what a replica held, so only the quorum is judged.
     */
    void checkReplaced(SimNode replacement, SimNode lost, long copyStarted) {
        checkJoined(replacement, copyStarted);
        if (cluster.config.periodicSync()) {
            return;
        }
        TableMetadata table = replacement.schema.current().table(Simulation.KEYSPACE, Simulation.TABLE);
        for (int key = 0; key < cluster.config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            if (!replacement.topology.replicasFor(Simulation.KEYSPACE, partition.token()).contains(replacement.address)) {
                continue;
            }
            String violation = Checkers.copiedOnReplace(cluster.history, "node " + (replacement.index + 1),
                    "node " + (lost.index + 1), key, version(stored(replacement, table, partition)), copyStarted,
                    mayBeLost);
            if (violation != null) {
                joinViolations.add(violation);
            }
        }
    }

    /**
     * Each replacement that joined, as every node up and joined has it in its log: the lost
     * node LEFT, the replacement JOINED with the lost node's tokens (unless it has left since:
     * a replacement may be decommissioned or lost in turn).
     */
    private List<String> replacementsInLogs() {
        List<String> violations = new ArrayList<>();
        for (Replacement replaced : replacements) {
            SimNode replacement = replaced.replacement();
            if (!replacement.isBootstrapped()) {
                // Reported as a node that never joined the ring.
                continue;
            }
            Map<String, io.cairn.node.metadata.ClusterMetadata> logs = new TreeMap<>();
            for (SimNode node : cluster.nodes) {
                if (node.isUp() && node.isBootstrapped()) {
                    logs.put("node " + (node.index + 1), node.metadata());
                }
            }
            boolean stays = cluster.nodes.contains(replacement) && !replacement.isLost();
            // A replacement that moved since owns the tokens it moved to.
            java.util.SortedSet<Long> tokens = replacement.hasMoved() ? new java.util.TreeSet<>(replacement.tokens())
                    : replaced.deadTokens();
            violations.addAll(Checkers.replaced(replaced.dead(), replaced.deadId(), tokens,
                    "node " + (replacement.index + 1), replacement.hostId(), stays, logs));
        }
        return violations;
    }

    /** What each of {@code replicas} holds of {@code partition} in its own storage, by node name. */
    private Map<String, Version> heldBy(List<NodeAddress> replicas, TableMetadata table, PartitionKey partition) {
        Map<String, Version> held = new TreeMap<>();
        for (NodeAddress replica : replicas) {
            SimNode holder = cluster.nodeAt(replica);
            held.put("node " + (holder.index + 1), version(stored(holder, table, partition)));
        }
        return held;
    }

    /** What the node told to decommission held of each key then (null: no row), by node. */
    private final Map<SimNode, Map<Integer, Version>> heldWhenLeaving = new java.util.HashMap<>();

    /** Notes what {@code node} holds of each key as it is told to decommission. */
    void leaving(SimNode node) {
        TableMetadata table = node.schema.current().table(Simulation.KEYSPACE, Simulation.TABLE);
        Map<Integer, Version> held = new TreeMap<>();
        for (int key = 0; key < cluster.config.keys(); key++) {
            held.put(key, version(stored(node, table, partitionKey(table, key))));
        }
        heldWhenLeaving.put(node, held);
    }

    /**
     * Checks, once {@code node} has left the ring (decommissioned, or removed), that every key is still on a quorum of its
     * replicas (every QUORUM-acknowledged write completed before then, or a newer one, is on a
     * quorum of the new replicas), and that each node that took over a range of it holds what
     * it held of that range when it was told to decommission, or newer: the copy happened.
     * Not judged under periodic sync, where a crash may take back what a node held.
     */
    void checkLeft(SimNode node) {
        // The node furthest in the log: it has the step that finished the movement.
        SimNode observer = cluster.nodes.stream().filter(other -> other != node && other.isUp())
                .max(java.util.Comparator.comparingLong(SimNode::epoch)).orElse(null);
        Map<Integer, Version> before = heldWhenLeaving.remove(node);
        if (observer == null || before == null || cluster.config.periodicSync()) {
            return;
        }
        TableMetadata table = observer.schema.current().table(Simulation.KEYSPACE, Simulation.TABLE);
        java.util.Optional<io.cairn.node.metadata.ClusterMetadata> prepared = observer.preparedLeaveOf(node);
        long now = cluster.now();
        for (int key = 0; key < cluster.config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            Map<String, Version> held = heldBy(observer.topology.replicasFor(Simulation.KEYSPACE, partition.token()),
                    table, partition);
            String violation = Checkers.keptOnMovement(cluster.history, "node " + (node.index + 1) + " left", key,
                    held, now, mayBeLost);
            if (violation != null) {
                joinViolations.add(violation);
            }
            if (prepared.isEmpty() || before.get(key) == null) {
                continue;
            }
            var keyspace = observer.schema.current().keyspace(Simulation.KEYSPACE);
            List<NodeAddress> old = prepared.get().ring().replicasFor(keyspace, partition.token());
            if (!old.contains(node.address)) {
                continue;
            }
            for (NodeAddress gained : prepared.get().nextRing().replicasFor(keyspace, partition.token())) {
                if (old.contains(gained)) {
                    continue;
                }
                SimNode holder = cluster.nodeAt(gained);
                Version now2 = version(stored(holder, table, partition));
                violation = Checkers.tookOver(cluster.history, "node " + (holder.index + 1), "node "
                        + (node.index + 1), "node " + (node.index + 1) + " left", key, before.get(key), now2);
                if (violation != null) {
                    joinViolations.add(violation);
                }
            }
        }
    }

    /** What every node up held of each key (null: no row) as a node was told to move, by mover and node. */
    private final Map<SimNode, Map<SimNode, Map<Integer, Version>>> heldWhenMoving = new java.util.HashMap<>();

    /** Notes what every node up holds of each key as {@code mover} is told to move. */
    void moving(SimNode mover) {
        TableMetadata table = mover.schema.current().table(Simulation.KEYSPACE, Simulation.TABLE);
        Map<SimNode, Map<Integer, Version>> byNode = new java.util.HashMap<>();
        for (SimNode node : cluster.nodes) {
            if (!node.isUp() || node.isLost() || !node.isBootstrapped()) {
                continue;
            }
            Map<Integer, Version> held = new TreeMap<>();
            for (int key = 0; key < cluster.config.keys(); key++) {
                held.put(key, version(stored(node, table, partitionKey(table, key))));
            }
            byNode.put(node, held);
        }
        heldWhenMoving.put(mover, byNode);
    }

    /**
     * Checks, once {@code mover} has moved, that every key is still on a quorum of its replicas
     * (as after a leave), and that each node that gained a key's range holds at least what the
     * old replicas it may have copied from held of it when the move was ordered: it copies from a
     * replica giving the range up, or from every one staying when those are down, so it holds at
     * least the oldest of their versions. Not judged under periodic sync, where a crash may take
     * back what a node held.
     */
    void checkMoved(SimNode mover) {
        SimNode observer = cluster.nodes.stream().filter(SimNode::isUp)
                .max(java.util.Comparator.comparingLong(SimNode::epoch)).orElse(null);
        Map<SimNode, Map<Integer, Version>> before = heldWhenMoving.remove(mover);
        if (observer == null || before == null || cluster.config.periodicSync()) {
            return;
        }
        TableMetadata table = observer.schema.current().table(Simulation.KEYSPACE, Simulation.TABLE);
        java.util.Optional<io.cairn.node.metadata.ClusterMetadata> prepared = observer.preparedMoveOf(mover);
        var keyspace = observer.schema.current().keyspace(Simulation.KEYSPACE);
        String event = "node " + (mover.index + 1) + " moved";
        long now = cluster.now();
        for (int key = 0; key < cluster.config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            String violation = Checkers.keptOnMovement(cluster.history, event, key,
                    heldBy(observer.topology.replicasFor(Simulation.KEYSPACE, partition.token()), table, partition),
                    now, mayBeLost);
            if (violation != null) {
                joinViolations.add(violation);
            }
            if (prepared.isEmpty()) {
                continue;
            }
            List<NodeAddress> old = prepared.get().ring().replicasFor(keyspace, partition.token());
            for (NodeAddress gained : prepared.get().nextRing().replicasFor(keyspace, partition.token())) {
                if (old.contains(gained)) {
                    continue;
                }
                // The oldest of what its possible sources held: each must have been up and noted.
                SimNode oldest = null;
                Version least = null;
                for (NodeAddress source : old) {
                    SimNode holder = cluster.nodeAt(source);
                    Version held = before.getOrDefault(holder, Map.of()).get(key);
                    if (held == null) {
                        least = null;
                        break;
                    }
                    if (least == null || held.compareTo(least) < 0) {
                        least = held;
                        oldest = holder;
                    }
                }
                if (least == null) {
                    continue;
                }
                SimNode taker = cluster.nodeAt(gained);
                violation = Checkers.tookOver(cluster.history, "node " + (taker.index + 1), "node "
                        + (oldest.index + 1), event, key, least, version(stored(taker, table, partition)));
                if (violation != null) {
                    joinViolations.add(violation);
                }
            }
        }
    }

    /**
     * What {@code node}'s own storage holds of {@code partition}: nothing when the node has no
     * such table (it never received the schema, which the checks then report).
     */
    private static PartitionData stored(SimNode node, TableMetadata table, PartitionKey partition) {
        if (!node.storage.tables().contains(table.tableId())) {
            return new PartitionData(partition, null, java.util.List.of());
        }
        return node.storage.read(table.tableId(), partition, ReadFilter.all(node.clock.currentTimeSeconds()));
    }

    /** Each replica's cells of each register, read from its own storage. */
    private Map<Integer, Map<String, String>> replicaStates() {
        Map<Integer, Map<String, String>> states = new TreeMap<>();
        // The node furthest in the log places the keys (a planted bug may keep another behind:
        // node 1's, whose topology lags; of nodes as far, the last).
        SimNode any = cluster.nodes.stream().filter(SimNode::isUp)
                .max(java.util.Comparator.comparingLong(SimNode::epoch).thenComparingInt(node -> node.index))
                .orElse(cluster.nodes.get(0));
        TableMetadata table = any.schema.current().table(Simulation.KEYSPACE, Simulation.TABLE);
        for (int key = 0; key < cluster.config.keys(); key++) {
            PartitionKey partition = partitionKey(table, key);
            Map<String, String> byReplica = new TreeMap<>();
            for (NodeAddress replica : any.topology.replicasFor(Simulation.KEYSPACE, partition.token())) {
                boolean known = cluster.nodes.stream().anyMatch(node -> node.address.equals(replica));
                SimNode node = known ? cluster.nodeAt(replica) : null;
                if (node == null || node.isLost()) {
                    continue;
                }
                Version version = version(stored(node, table, partition));
                byReplica.put("node " + (node.index + 1), version == null ? "none" : version.toString());
            }
            states.put(key, byReplica);
        }
        return states;
    }

    /** Each node's schema version and the tables (with their columns) of the workload's keyspace. */
    private Map<String, String> schemas() {
        Map<String, String> schemas = new TreeMap<>();
        for (SimNode node : cluster.nodes) {
            if (node.isLost()) {
                continue;
            }
            KeyspaceMetadata keyspace = node.schema.current().keyspace(Simulation.KEYSPACE);
            Map<String, List<String>> tables = new TreeMap<>();
            if (keyspace != null) {
                keyspace.tables().forEach((name, table) -> tables.put(name,
                        table.columns().stream().map(column -> column.name()).sorted().toList()));
            }
            schemas.put("node " + (node.index + 1), node.schema.current().version() + " " + tables);
        }
        return schemas;
    }

    static PartitionKey partitionKey(TableMetadata table, int key) {
        return TableLayout.partitionKey(table, List.of(NativeType.INT.decompose(key)));
    }

    /** The register's version in a partition read from storage, or null when it has none. */
    static Version version(PartitionData data) {
        for (Row row : data.rows()) {
            Cell cell = row.cell("v");
            if (cell != null && !cell.isTombstone()) {
                return new Version(cell.timestampMicros(), ByteBuffer.wrap(cell.value()).getLong());
            }
        }
        return null;
    }
}
