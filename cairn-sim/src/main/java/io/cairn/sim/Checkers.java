package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.sim.History.Version;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a run's history against what Cairn promises. Each check returns its violations as
 * readable lines (empty: it holds).
 */
public final class Checkers {

    private Checkers() {
    }

    /** Windows of virtual time, as [from, to) pairs in microseconds. */
    public record Window(long fromMicros, long toMicros) {
        boolean contains(long micros) {
            return micros >= fromMicros && micros < toMicros;
        }
    }

    /**
     * No acknowledged write is lost: after the run, each key's final value (what a read at ALL
     * returned once every node was back and connected) is every QUORUM- or ALL-acknowledged
     * write of that key, or a newer version.
     */
    public static List<String> lostWrites(History history, Map<Integer, Version> finalVersions) {
        return lostWrites(history, finalVersions, op -> false);
    }

    /**
     * {@link #lostWrites}, except for the writes {@code mayBeLost} names: under periodic
     * commit-log sync, those acknowledged shortly before a node crashed (it may have lost them
     * with its unsynced commit log, as Cassandra may).
     */
    public static List<String> lostWrites(History history, Map<Integer, Version> finalVersions,
                                          java.util.function.Predicate<Op> mayBeLost) {
        Map<Integer, List<Op>> deletes = deletes(history);
        List<String> violations = new ArrayList<>();
        for (Op op : history.ops()) {
            if (!op.isAcknowledgedAtQuorum() || mayBeLost.test(op)) {
                continue;
            }
            Version last = finalVersions.get(op.key);
            if (!covers(deletes.get(op.key), last, op.version, Long.MAX_VALUE)) {
                violations.add("lost write: " + op + " but the final value of k" + op.key + " is "
                        + (last == null ? "none" : last));
            }
        }
        return violations;
    }

    /**
     * Resurrection: no deleted value comes back. A key whose final value (read at ALL) is older
     * than a deletion acknowledged at QUORUM (and not possibly lost with a crashed node's
     * unsynced commit log) had that deletion lost: a replica that missed it handed the value
     * back once the others had purged their tombstone (the zombie row).
     */
    public static List<String> resurrections(History history, Map<Integer, Version> finalVersions,
                                             java.util.function.Predicate<Op> mayBeLost) {
        List<String> violations = new ArrayList<>();
        for (Op op : history.ops()) {
            if (op.kind != Kind.DELETE || !op.isAcknowledgedAtQuorum() || mayBeLost.test(op)) {
                continue;
            }
            Version last = finalVersions.get(op.key);
            if (last != null && last.compareTo(op.version) < 0) {
                violations.add("resurrected: k" + op.key + " is " + last + " after " + op);
            }
        }
        return violations;
    }

    /**
     * Whether a read that returned {@code seen} (null: no row) reflects {@code required} or a
     * newer version: a value must be at least as new; no row is right when a deletion at least
     * as new (that did not certainly fail, invoked before {@code beforeMicros}) explains it.
     */
    private static boolean covers(List<Op> deletes, Version seen, Version required, long beforeMicros) {
        if (seen != null) {
            return seen.compareTo(required) >= 0;
        }
        if (required.isTombstone()) {
            return true;
        }
        for (Op delete : deletes == null ? List.<Op>of() : deletes) {
            if (delete.version.compareTo(required) >= 0 && delete.invokedMicros < beforeMicros) {
                return true;
            }
        }
        return false;
    }

    /** Each key's deletions that did not certainly fail. */
    private static Map<Integer, List<Op>> deletes(History history) {
        Map<Integer, List<Op>> deletes = new java.util.HashMap<>();
        for (Op op : history.ops()) {
            if (op.kind == Kind.DELETE && op.outcome != Outcome.FAILED && op.version != null) {
                deletes.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
            }
        }
        return deletes;
    }

    /**
     * Read-after-write at QUORUM: a QUORUM (or ALL) read invoked after a QUORUM- or
     * ALL-acknowledged write of the same key completed returns that write or a newer version.
     */
    public static List<String> readAfterWrite(History history) {
        return readAfterWrite(history, op -> false);
    }

    /** {@link #readAfterWrite}, where reads need not see the writes {@code mayBeLost} names. */
    public static List<String> readAfterWrite(History history, java.util.function.Predicate<Op> mayBeLost) {
        Map<Integer, List<Op>> deletes = deletes(history);
        List<String> violations = new ArrayList<>();
        Map<Integer, TreeMap<Long, Op>> newestAcknowledged = new TreeMap<>();
        List<Op> writes = history.ops().stream().filter(Op::isAcknowledgedAtQuorum).filter(op -> !mayBeLost.test(op))
                .sorted(java.util.Comparator.comparingLong(op -> op.completedMicros)).toList();
        for (Op write : writes) {
            TreeMap<Long, Op> byCompletion = newestAcknowledged.computeIfAbsent(write.key, k -> new TreeMap<>());
            Map.Entry<Long, Op> before = byCompletion.floorEntry(write.completedMicros);
            Op newest = before == null || before.getValue().version.compareTo(write.version) < 0 ? write
                    : before.getValue();
            byCompletion.put(write.completedMicros, newest);
        }
        for (Op read : history.ops()) {
            if (read.kind != Kind.READ || read.outcome != Outcome.OK
                    || read.consistency != ConsistencyLevel.QUORUM && read.consistency != ConsistencyLevel.ALL) {
                continue;
            }
            TreeMap<Long, Op> byCompletion = newestAcknowledged.get(read.key);
            Map.Entry<Long, Op> before = byCompletion == null ? null
                    : byCompletion.lowerEntry(read.invokedMicros);
            if (before != null && !covers(deletes.get(read.key), read.version, before.getValue().version,
                    read.completedMicros)) {
                violations.add("stale read: " + read + " after " + before.getValue());
            }
        }
        return violations;
    }

    /**
     * A join or a leave kept each key on a quorum: once it is over ({@code event}, as the
     * violation names it), of the key's new replicas ({@code held}: what each holds, null for no
     * row) at least a quorum hold every QUORUM- or ALL-acknowledged write of the key completed
     * before {@code copyStartedMicros} (when the joining node began copying, or when the leave
     * finished), or newer, as they did before. Null when that holds, else the violation.
     */
    public static String keptOnMovement(History history, String event, int key, Map<String, Version> held,
                                        long copyStartedMicros, java.util.function.Predicate<Op> mayBeLost) {
        Op newest = null;
        for (Op op : history.ops()) {
            if (op.key == key && op.isAcknowledgedAtQuorum() && op.completedMicros < copyStartedMicros
                    && !mayBeLost.test(op) && (newest == null || op.version.compareTo(newest.version) > 0)) {
                newest = op;
            }
        }
        if (newest == null) {
            return null;
        }
        List<Op> deletes = deletes(history).get(key);
        int holding = 0;
        for (Version version : held.values()) {
            if (covers(deletes, version, newest.version, Long.MAX_VALUE)) {
                holding++;
            }
        }
        if (holding >= SimConfig.REPLICATION_FACTOR / 2 + 1) {
            return null;
        }
        return "after " + event + ", only " + holding + " of k" + key + "'s replicas " + held + " hold "
                + newest;
    }

    /**
     * A node that took over a range from others holds what {@code giver} held of the key
     * ({@code giverHeld}) when the movement was ordered, or newer (a newer deletion explains no
     * row): the movement ({@code event}, "node 3 left") copied its data before it finished. Null
     * when that holds, else the violation.
     */
    public static String tookOver(History history, String taker, String giver, String event, int key,
                                  Version giverHeld, Version held) {
        if (covers(deletes(history).get(key), held, giverHeld, Long.MAX_VALUE)) {
            return null;
        }
        return "after " + event + ", " + taker + ", which took over k" + key + ", holds " + held
                + " but " + giver + " held " + giverHeld + " when the movement was ordered";
    }

    /**
     * A node that replaced a lost one holds ({@code held}, null for no row) the newest QUORUM-
     * or ALL-acknowledged write of the key completed before it began copying
     * ({@code copyStartedMicros}), or newer (a newer deletion explains no row): it copied the
     * lost node's ranges from the replicas that stay, one of which held the write. Writes
     * {@code mayBeLost} names (at ONE before the loss, say) are not required. Null when that
     * holds, else the violation.
     */
    public static String copiedOnReplace(History history, String replacement, String replaced, int key, Version held,
                                         long copyStartedMicros, java.util.function.Predicate<Op> mayBeLost) {
        Op newest = null;
        for (Op op : history.ops()) {
            if (op.key == key && op.isAcknowledgedAtQuorum() && op.completedMicros < copyStartedMicros
                    && !mayBeLost.test(op) && (newest == null || op.version.compareTo(newest.version) > 0)) {
                newest = op;
            }
        }
        if (newest == null || covers(deletes(history).get(key), held, newest.version, Long.MAX_VALUE)) {
            return null;
        }
        return "after " + replacement + " replaced " + replaced + ", " + replacement + " holds "
                + (held == null ? "none" : held) + " of k" + key + ", though it began copying after " + newest
                + " completed";
    }

    /**
     * A replacement as every node's log has it ({@code logs}: each node's current metadata, by
     * name): the replaced node ({@code dead}, host id {@code deadId}) has LEFT and owns no
     * token, and the replacement ({@code replacement}, host id {@code newId}) is JOINED with
     * exactly the replaced node's tokens ({@code deadTokens}, as the ring had them when it was
     * lost), while it {@code stays} in the cluster (it may be decommissioned or lost later in
     * the run). Empty when that holds, else the violations.
     */
    public static List<String> replaced(String dead, java.util.UUID deadId, Set<Long> deadTokens, String replacement,
                                        java.util.UUID newId, boolean stays,
                                        Map<String, io.cairn.node.metadata.ClusterMetadata> logs) {
        List<String> violations = new ArrayList<>();
        io.cairn.node.metadata.NodeId deadNode = new io.cairn.node.metadata.NodeId(deadId);
        io.cairn.node.metadata.NodeId newNode = new io.cairn.node.metadata.NodeId(newId);
        logs.forEach((node, metadata) -> {
            io.cairn.node.metadata.NodeRecord deadRecord = metadata.directory().get(deadNode);
            io.cairn.node.metadata.NodeRecord newRecord = metadata.directory().get(newNode);
            String where = " in " + node + "'s log (at " + metadata.epoch() + ")";
            if (deadRecord == null || deadRecord.state() != io.cairn.node.metadata.NodeState.LEFT) {
                violations.add("after " + replacement + " replaced " + dead + ", " + dead + " is "
                        + (deadRecord == null ? "unknown" : deadRecord.state().toString()) + where);
            }
            if (metadata.tokens().containsKey(deadNode)) {
                violations.add("after " + replacement + " replaced " + dead + ", " + dead + " still owns tokens"
                        + where);
            }
            if (!stays) {
                return;
            }
            if (newRecord == null || newRecord.state() != io.cairn.node.metadata.NodeState.JOINED) {
                violations.add(replacement + ", which replaced " + dead + ", is "
                        + (newRecord == null ? "unknown" : newRecord.state().toString()) + where);
            }
            Set<Long> tokens = metadata.tokens().get(newNode);
            if (tokens == null || !tokens.equals(deadTokens)) {
                violations.add(replacement + ", which replaced " + dead + ", owns " + tokens + where + ", not "
                        + dead + "'s " + deadTokens);
            }
        });
        return violations;
    }

    /** Every value read (and each key's final value) was written by a write that did not certainly fail. */
    public static List<String> noPhantoms(History history, Map<Integer, Version> finalVersions) {
        Set<Version> written = new HashSet<>();
        for (Op op : history.ops()) {
            if (op.kind.changes() && op.outcome != Outcome.FAILED && op.version != null) {
                written.add(op.version);
            }
        }
        List<String> violations = new ArrayList<>();
        for (Op op : history.ops()) {
            if (op.kind == Kind.READ && op.outcome == Outcome.OK && op.version != null
                    && !written.contains(op.version)) {
                violations.add("read a value never written: " + op);
            }
        }
        finalVersions.forEach((key, version) -> {
            if (version != null && !written.contains(version)) {
                violations.add("final value of k" + key + " was never written: " + version);
            }
        });
        return violations;
    }

    /**
     * Liveness: every QUORUM operation invoked inside one of {@code windows} (when a majority
     * of each key's replicas was up and connected, the network calm) succeeded; but SET_FIRST,
     * which is refused when the list is empty.
     */
    public static List<String> liveness(History history, Collection<Window> windows) {
        List<String> violations = new ArrayList<>();
        for (Op op : history.ops()) {
            if (op.consistency == ConsistencyLevel.QUORUM && op.outcome != Outcome.OK && op.kind != Kind.SET_FIRST
                    && windows.stream().anyMatch(window -> window.contains(op.invokedMicros))) {
                violations.add("not live: " + op);
            }
        }
        return violations;
    }

    /**
     * Convergence: after healing, hint replay and a read-repair pass, every replica of each key
     * holds the same cells. {@code replicaStates} gives, by key, each replica's description of
     * its cells.
     */
    public static List<String> convergence(Map<Integer, Map<String, String>> replicaStates) {
        List<String> violations = new ArrayList<>();
        replicaStates.forEach((key, states) -> {
            if (new HashSet<>(states.values()).size() > 1) {
                violations.add("replicas of k" + key + " differ: " + states);
            }
        });
        return violations;
    }

    /**
     * A LOGGED batch is all or nothing, whatever its outcome (after recovery and batchlog
     * replay): it wrote the register of its key and a mirror row of its own (keyed by its value,
     * so never overwritten); {@code mirrorRows} gives each key's final mirror rows (a key whose
     * final read failed is absent and not judged). Its mirror row exists if and only if its
     * register write happened, as far as can be seen: the register holds it or something newer
     * once its mirror row exists, and when the register ever showed it (the final value or any
     * read), the mirror row exists. One acknowledged at QUORUM or ALL has its mirror row.
     */
    public static List<String> loggedBatches(History history, Map<Integer, Version> registerFinals,
                                             Map<Integer, Set<Long>> mirrorRows,
                                             java.util.function.Predicate<Op> mayBeLost) {
        Map<Integer, List<Op>> deletes = deletes(history);
        Set<Version> seen = new HashSet<>(registerFinals.values());
        for (Op op : history.ops()) {
            if (op.kind == Kind.READ && op.outcome == Outcome.OK && op.version != null) {
                seen.add(op.version);
            }
        }
        List<String> violations = new ArrayList<>();
        for (Op batch : history.ops()) {
            if (batch.kind != Kind.LOGGED_BATCH || batch.version == null || mayBeLost.test(batch)
                    || !mirrorRows.containsKey(batch.key)) {
                continue;
            }
            Version register = registerFinals.get(batch.key);
            boolean inMirror = mirrorRows.get(batch.key).contains(batch.version.value());
            if (inMirror && !covers(deletes.get(batch.key), register, batch.version, Long.MAX_VALUE)) {
                violations.add("half a logged batch: " + batch + " has its mirror row but the register of k"
                        + batch.key + " holds " + (register == null ? "none" : register));
            } else if (!inMirror && seen.contains(batch.version)) {
                violations.add("half a logged batch: " + batch + " was in the register of k" + batch.key
                        + " but has no mirror row");
            } else if (!inMirror && batch.isAcknowledgedAtQuorum()) {
                violations.add("acknowledged logged batch lost: " + batch + " has no mirror row");
            }
        }
        return violations;
    }

    /**
     * Lists keep their appends: each key's final list ({@code finalLists}) holds every append
     * acknowledged at QUORUM or ALL, but for as many as SET_FIRST operations that did not
     * certainly fail may have replaced (each replaces one element); and it holds no element
     * that no append or SET_FIRST that did not certainly fail wrote, and none twice.
     */
    public static List<String> listAppends(History history, Map<Integer, List<Long>> finalLists,
                                           java.util.function.Predicate<Op> mayBeLost) {
        List<String> violations = new ArrayList<>();
        Map<Integer, Set<Long>> written = new TreeMap<>();
        Map<Integer, Integer> replacements = new TreeMap<>();
        Map<Integer, List<Op>> acknowledged = new TreeMap<>();
        for (Op op : history.ops()) {
            if (!op.kind.changesList() || op.outcome == Outcome.FAILED || op.version == null) {
                continue;
            }
            written.computeIfAbsent(op.key, k -> new HashSet<>()).add(op.version.value());
            if (op.kind == Kind.SET_FIRST) {
                replacements.merge(op.key, 1, Integer::sum);
            } else if (op.outcome == Outcome.OK && (op.consistency == ConsistencyLevel.QUORUM
                    || op.consistency == ConsistencyLevel.ALL) && !mayBeLost.test(op)) {
                acknowledged.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
            }
        }
        finalLists.forEach((key, list) -> {
            Set<Long> seen = new HashSet<>();
            for (long element : list) {
                if (!seen.add(element)) {
                    violations.add("list of k" + key + " holds " + element + " twice");
                }
                if (!written.getOrDefault(key, Set.of()).contains(element)) {
                    violations.add("list of k" + key + " holds " + element + ", which nothing wrote");
                }
            }
            List<Op> missing = acknowledged.getOrDefault(key, List.of()).stream()
                    .filter(op -> !seen.contains(op.version.value())).toList();
            int excused = replacements.getOrDefault(key, 0);
            if (missing.size() > excused) {
                violations.add("list of k" + key + " lost " + missing.size() + " acknowledged appends (" + excused
                        + " may have been replaced), e.g. " + missing.get(0) + "; it has " + list.size() + " elements");
            }
        });
        return violations;
    }

    /**
     * Every node ends with one schema: {@code schemas} gives, by node, its schema version and
     * tables; they must all be equal.
     */
    public static List<String> schemaAgreement(Map<String, String> schemas) {
        if (new HashSet<>(schemas.values()).size() <= 1) {
            return List.of();
        }
        List<String> violations = new ArrayList<>();
        schemas.forEach((node, schema) -> violations.add(node + " has schema " + schema));
        return violations;
    }
    /**
     * The cluster metadata log: every node's log is a prefix of one log (safety), and once the
     * cluster has healed and had time to spread it, every node has all of it and every node is
     * in it (liveness). {@code logs} and {@code halted} are by node name; {@code members} are
     * the host ids of the nodes that joined.
     */
    public static List<String> metadataLog(Map<String, List<io.cairn.node.metadata.LogEntry>> logs,
                                           Map<String, String> halted, Set<java.util.UUID> members) {
        List<String> violations = new ArrayList<>();
        halted.forEach((node, reason) -> violations.add(node + "'s metadata log halted: " + reason));
        String longestNode = null;
        List<io.cairn.node.metadata.LogEntry> longest = List.of();
        for (Map.Entry<String, List<io.cairn.node.metadata.LogEntry>> log : logs.entrySet()) {
            if (longestNode == null || log.getValue().size() > longest.size()) {
                longestNode = log.getKey();
                longest = log.getValue();
            }
        }
        for (Map.Entry<String, List<io.cairn.node.metadata.LogEntry>> log : logs.entrySet()) {
            List<io.cairn.node.metadata.LogEntry> entries = log.getValue();
            for (int i = 0; i < entries.size(); i++) {
                if (!entries.get(i).equals(longest.get(i))) {
                    violations.add(log.getKey() + " and " + longestNode + " applied different entries at epoch "
                            + (i + 1) + ": " + entries.get(i) + " and " + longest.get(i));
                    break;
                }
            }
            if (entries.size() < longest.size()) {
                violations.add(log.getKey() + "'s metadata log stopped at epoch " + entries.size() + " of "
                        + longest.size());
            }
        }
        Set<java.util.UUID> inLog = new HashSet<>();
        for (io.cairn.node.metadata.LogEntry entry : longest) {
            if (entry.transformation() instanceof io.cairn.node.metadata.Initialize initialize) {
                inLog.add(initialize.first().id().hostId());
            } else if (entry.transformation() instanceof io.cairn.node.metadata.Register register) {
                inLog.add(register.node().id().hostId());
            }
        }
        for (java.util.UUID member : new java.util.TreeSet<>(members)) {
            if (!inLog.contains(member)) {
                violations.add("node " + member + " joined the ring but is not in the metadata log");
            }
        }
        return violations;
    }
}
