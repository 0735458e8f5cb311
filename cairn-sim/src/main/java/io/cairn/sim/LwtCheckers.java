package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;
import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;
import io.cairn.sim.LinearizabilityChecker.Operation;
import io.cairn.sim.LinearizabilityChecker.Verdict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges the lightweight transactions of a run's history: each register is linearizable, each
 * unique-insert key was won once, the final SERIAL and QUORUM reads agree, and lightweight
 * transactions stay live once everything is healed. Each check returns its violations as
 * readable lines (empty: it holds).
 */
public final class LwtCheckers {

    /** States the linearizability search may visit per key before it gives up (then it says so). */
    static final int MAX_SEARCH_STEPS = 2_000_000;
    /** Operations shown around the first one that cannot be linearized. */
    private static final int CONTEXT_OPS = 12;

    private LwtCheckers() {
    }

    /**
     * Each register of {@code sim.lwt} is linearizable: its conditional writes (CAS and
     * IF NOT EXISTS, with what they answered: applied; or not applied and the current value,
     * which is a read of it) and its SERIAL and QUORUM reads can be put in one order, each at an
     * instant between its invocation and its completion, that explains every answer. A timed-out
     * conditional write may have taken effect at any instant after its invocation, or never;
     * one refused as unavailable did not happen.
     */
    public static List<String> linearizable(History history) {
        List<String> violations = new ArrayList<>();
        Map<Integer, List<Op>> byKey = new TreeMap<>();
        for (Op op : history.ops()) {
            if (op.kind == Kind.CAS || op.kind == Kind.CREATE || op.kind == Kind.LWT_READ) {
                byKey.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
            }
        }
        LinearizabilityChecker checker = new LinearizabilityChecker(MAX_SEARCH_STEPS);
        byKey.forEach((key, ops) -> {
            Verdict verdict = checker.check(operations(ops, Long.MAX_VALUE));
            if (verdict == Verdict.NOT_LINEARIZABLE) {
                violations.add("k" + key + " is not linearizable (" + ops.size() + " operations); "
                        + firstFailure(checker, ops));
            } else if (verdict == Verdict.UNKNOWN) {
                violations.add("k" + key + ": the linearizability search gave up after " + MAX_SEARCH_STEPS
                        + " states (" + ops.size() + " operations); make the run shorter or the keys more");
            }
        });
        return violations;
    }

    /**
     * The register operations as the checker takes them, cut at {@code cutoff}: an operation
     * invoked later is left out, one completed later has an unknown outcome.
     */
    private static List<Operation> operations(List<Op> ops, long cutoff) {
        List<Operation> operations = new ArrayList<>();
        for (Op op : ops) {
            if (op.outcome == Outcome.FAILED || op.invokedMicros > cutoff) {
                continue;
            }
            boolean known = op.outcome == Outcome.OK && op.completedMicros <= cutoff;
            if (op.kind == Kind.LWT_READ) {
                if (known) {
                    operations.add(Operation.read(op.invokedMicros, op.completedMicros, op.seen));
                }
            } else if (!known) {
                operations.add(Operation.cas(op.invokedMicros, Long.MAX_VALUE, op.expected, op.written, true));
            } else if (op.applied) {
                operations.add(Operation.cas(op.invokedMicros, op.completedMicros, op.expected, op.written, true));
            } else {
                operations.add(Operation.casNotApplied(op.invokedMicros, op.completedMicros, op.expected, op.seen));
            }
        }
        return operations;
    }

    /**
     * Where the history first stops being linearizable: the earliest completion such that the
     * history up to it (later completions unknown) cannot be linearized, with the operations
     * around it.
     */
    private static String firstFailure(LinearizabilityChecker checker, List<Op> ops) {
        List<Op> byCompletion = ops.stream().filter(op -> op.outcome == Outcome.OK)
                .sorted(Comparator.comparingLong(op -> op.completedMicros)).toList();
        int low = 0;
        int high = byCompletion.size() - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (checker.check(operations(ops, byCompletion.get(middle).completedMicros)) == Verdict.LINEARIZABLE) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        if (byCompletion.isEmpty()) {
            return "no operation completed";
        }
        Op culprit = byCompletion.get(low);
        List<Op> context = ops.stream()
                .filter(op -> op != culprit && op.outcome != Outcome.FAILED && op.invokedMicros <= culprit.completedMicros)
                .sorted(Comparator.comparingLong((Op op) -> op.invokedMicros).reversed())
                .limit(CONTEXT_OPS).sorted(Comparator.comparingLong(op -> op.invokedMicros)).toList();
        StringBuilder text = new StringBuilder("first at ").append(culprit).append("; before it:");
        context.forEach(op -> text.append("\n      ").append(op));
        return text.toString();
    }

    /**
     * Unique inserts: for every key of {@code sim.lwt_unique}, at most one INSERT IF NOT EXISTS
     * applied; each one that did not apply answered an existing row, the value of an insert
     * that applied or may have (timed out) and was invoked before it answered, the same value
     * for all; and the SERIAL reads of the key (the final one included) see that winner's value
     * once one answered.
     */
    public static List<String> uniqueInserts(History history) {
        Map<Integer, List<Op>> byKey = new TreeMap<>();
        for (Op op : history.ops()) {
            if (op.kind == Kind.UNIQUE_INSERT || op.kind == Kind.UNIQUE_READ) {
                byKey.computeIfAbsent(op.key, k -> new ArrayList<>()).add(op);
            }
        }
        List<String> violations = new ArrayList<>();
        byKey.forEach((key, ops) -> uniqueKey(key, ops, violations));
        return violations;
    }

    private static void uniqueKey(int key, List<Op> ops, List<String> violations) {
        List<Op> applied = ops.stream().filter(op -> op.kind == Kind.UNIQUE_INSERT && op.outcome == Outcome.OK
                && op.applied).toList();
        if (applied.size() > 1) {
            violations.add("unique key u" + key + " was inserted " + applied.size() + " times: " + applied);
            return;
        }
        Op winner = applied.isEmpty() ? null : applied.get(0);
        Long winning = winner == null ? null : winner.written;
        Op firstWitness = winner;
        for (Op op : ops.stream().sorted(Comparator.comparingLong(op -> op.completedMicros)).toList()) {
            if (op.outcome != Outcome.OK || op == winner) {
                continue;
            }
            boolean read = op.kind == Kind.UNIQUE_READ;
            if (op.seen == History.NO_ROW) {
                if (!read) {
                    violations.add("unique key u" + key + ": " + op + " did not apply yet answered no row");
                } else if (winner != null && op.invokedMicros > winner.completedMicros) {
                    violations.add("unique key u" + key + ": " + op + " sees no row after " + winner);
                } else if (firstWitness != null && op.invokedMicros > firstWitness.completedMicros) {
                    violations.add("unique key u" + key + ": " + op + " sees no row after " + firstWitness
                            + " saw one");
                }
                continue;
            }
            if (writerOf(ops, op) == null) {
                violations.add("unique key u" + key + ": " + op + " answered " + op.seen
                        + ", which no insert invoked before it answered wrote");
                continue;
            }
            if (winning == null) {
                winning = op.seen;
                firstWitness = op;
            } else if (op.seen != winning) {
                violations.add("unique key u" + key + ": " + op + " answered " + op.seen + " but "
                        + firstWitness + " showed the winner is " + winning);
            }
        }
    }

    /** The insert of unique key {@code op.key} that wrote {@code op.seen}, invoked before {@code op} completed. */
    private static Op writerOf(List<Op> ops, Op op) {
        for (Op insert : ops) {
            if (insert.kind == Kind.UNIQUE_INSERT && insert.written == op.seen && insert.outcome != Outcome.FAILED
                    && insert.invokedMicros <= op.completedMicros) {
                return insert;
            }
        }
        return null;
    }

    /**
     * After healing, each key's final SERIAL read ({@code serial}) and the QUORUM read after it
     * ({@code quorum}) saw the same value. Keys whose final reads failed are absent (the final
     * reads' checker names them).
     */
    public static List<String> serialAgreesWithQuorum(Map<String, Long> serial, Map<String, Long> quorum) {
        List<String> violations = new ArrayList<>();
        serial.forEach((key, value) -> {
            Long other = quorum.get(key);
            if (other != null && other.longValue() != value.longValue()) {
                violations.add(key + ": the final SERIAL read saw " + History.value(value)
                        + " but the QUORUM read after it " + History.value(other));
            }
        });
        return violations;
    }

    /** Transactions a node must have coordinated in a window for its share of failures to be judged. */
    static final int LIVENESS_MIN_OPS = 10;
    /** The share of them that may fail (time out) without the node being judged not live. */
    static final double LIVENESS_MAX_FAILED = 0.1;

    /**
     * Lightweight transactions stay live: inside each of {@code windows} (everything healed, a
     * majority of every key's replicas up), every node answered (applied or not, rather than
     * timing out) at least nine in ten of the conditional writes and SERIAL reads it coordinated.
     * Not all of them: contending proposals may leave one another's outcome unknown, as in
     * Cassandra (healthy runs lose fewer than one in a hundred); but a node whose ballots cannot
     * get past its peers' (its clock is behind theirs) loses many.
     */
    public static List<String> liveness(History history, Collection<Checkers.Window> windows) {
        List<String> violations = new ArrayList<>();
        for (Checkers.Window window : windows) {
            Map<Integer, List<Op>> byNode = new TreeMap<>();
            for (Op op : history.ops()) {
                boolean serial = op.kind.isConditional() || op.consistency == ConsistencyLevel.SERIAL;
                if (op.kind.isLwt() && serial && window.contains(op.invokedMicros)) {
                    byNode.computeIfAbsent(op.node, n -> new ArrayList<>()).add(op);
                }
            }
            byNode.forEach((node, ops) -> {
                List<Op> failed = ops.stream().filter(op -> op.outcome != Outcome.OK).toList();
                if (ops.size() >= LIVENESS_MIN_OPS && failed.size() > ops.size() * LIVENESS_MAX_FAILED) {
                    violations.add(String.format(java.util.Locale.ROOT,
                            "not live: node %d answered %d of the %d transactions it coordinated in [%.3f s, %.3f s],"
                                    + " e.g. %s", node + 1, ops.size() - failed.size(), ops.size(),
                            window.fromMicros() / 1e6, window.toMicros() / 1e6, failed.get(0)));
                }
            });
        }
        return violations;
    }

    /** The run did work: some conditional write applied and some read answered (a mis-wired run does neither). */
    public static List<String> progress(History history) {
        long applied = history.ops().stream().filter(op -> op.kind.isConditional() && op.outcome == Outcome.OK
                && op.applied).count();
        long read = history.ops().stream().filter(op -> op.kind == Kind.LWT_READ && op.outcome == Outcome.OK).count();
        List<String> violations = new ArrayList<>();
        if (applied == 0 || read == 0) {
            violations.add("the clients made no progress: " + applied + " conditional writes applied, " + read
                    + " reads answered");
        }
        return violations;
    }
}
