package io.cairn.sim;

import io.cairn.sim.History.Kind;
import io.cairn.sim.History.Op;
import io.cairn.sim.History.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Judges the counters of a run's history: each counter's final value lies between the sum of
 * the increments acknowledged and that sum plus the increments whose outcome is unknown; every
 * read during the run saw a value no increment could exceed; the final reads through every node
 * and every replica's own shards agree; and the clients made progress. Each check returns its
 * violations as readable lines (empty: it holds).
 */
public final class CounterCheckers {

    private CounterCheckers() {
    }

    /** Each key's sum of the deltas of the increments {@code which} accepts. */
    static Map<Integer, Long> sums(History history, Predicate<Op> which) {
        Map<Integer, Long> sums = new TreeMap<>();
        for (Op op : history.ops()) {
            if (op.kind == Kind.INCREMENT && which.test(op)) {
                op.deltas.forEach((key, delta) -> sums.merge(key, delta, Long::sum));
            }
        }
        return sums;
    }

    /**
     * After healing, each counter's final value ({@code finals}, by key, by the node that read it)
     * is at least the sum of its acknowledged increments (but those {@code mayBeLost} excuses: at
     * ONE, only the leader may have held one that a crash under periodic sync then lost) and at
     * most the sum of its acknowledged increments and those whose outcome is unknown (timed out,
     * or never answered). An increment refused (UNAVAILABLE, invalid) did not happen.
     */
    public static List<String> bounds(History history, Map<Integer, Map<String, Long>> finals,
                                      Predicate<Op> mayBeLost) {
        Map<Integer, Long> acknowledged = sums(history, op -> op.outcome == Outcome.OK);
        Map<Integer, Long> surely = sums(history, op -> op.outcome == Outcome.OK && !mayBeLost.test(op));
        Map<Integer, Long> unknown = sums(history, op -> op.outcome == Outcome.UNKNOWN || op.outcome == Outcome.OPEN);
        List<String> violations = new ArrayList<>();
        finals.forEach((key, byNode) -> byNode.forEach((node, value) -> {
            long lower = surely.getOrDefault(key, 0L);
            long upper = acknowledged.getOrDefault(key, 0L) + unknown.getOrDefault(key, 0L);
            if (value < lower) {
                violations.add("k" + key + " read at ALL through " + node + " is " + value + ", below the "
                        + lower + " of its acknowledged increments (" + acknowledged.getOrDefault(key, 0L)
                        + " acknowledged, " + unknown.getOrDefault(key, 0L) + " unknown): increments were lost");
            } else if (value > upper) {
                violations.add("k" + key + " read at ALL through " + node + " is " + value + ", above the "
                        + upper + " of its acknowledged and unknown increments (" + acknowledged.getOrDefault(key, 0L)
                        + " acknowledged, " + unknown.getOrDefault(key, 0L) + " unknown): increments were counted twice");
            }
        }));
        return violations;
    }

    /**
     * Every read of a counter that answered saw a value between 0 (the deltas are positive) and
     * the sum of the increments invoked before it answered that were not refused.
     */
    public static List<String> reads(History history) {
        List<Op> increments = history.ops().stream().filter(op -> op.kind == Kind.INCREMENT
                && op.outcome != Outcome.FAILED).sorted(java.util.Comparator.comparingLong(op -> op.invokedMicros))
                .toList();
        List<Op> reads = history.ops().stream().filter(op -> op.kind == Kind.COUNTER_READ
                && op.outcome == Outcome.OK).sorted(java.util.Comparator.comparingLong(op -> op.completedMicros))
                .toList();
        List<String> violations = new ArrayList<>();
        Map<Integer, Long> sent = new TreeMap<>();
        int next = 0;
        for (Op read : reads) {
            while (next < increments.size() && increments.get(next).invokedMicros <= read.completedMicros) {
                increments.get(next++).deltas.forEach((key, delta) -> sent.merge(key, delta, Long::sum));
            }
            long most = sent.getOrDefault(read.key, 0L);
            if (read.seen < 0 || read.seen > most) {
                violations.add(read + " saw " + read.seen + ", outside [0, " + most
                        + "] (the increments sent before it answered)");
            }
        }
        return violations;
    }

    /**
     * After healing and the final reads' repairs, each counter has one value: the same read at
     * ALL through every node and summed from every replica's own shards ({@code values}, by key,
     * by where it was seen).
     */
    public static List<String> agreement(Map<Integer, Map<String, Long>> values) {
        List<String> violations = new ArrayList<>();
        values.forEach((key, byWhere) -> {
            if (byWhere.values().stream().distinct().count() > 1) {
                violations.add("k" + key + " has different values: " + byWhere);
            }
        });
        return violations;
    }

    /** The run did work: some increment was acknowledged and some read answered. */
    public static List<String> progress(History history) {
        long acknowledged = history.ops().stream().filter(op -> op.kind == Kind.INCREMENT
                && op.outcome == Outcome.OK).count();
        long read = history.ops().stream().filter(op -> op.kind == Kind.COUNTER_READ && op.outcome == Outcome.OK)
                .count();
        List<String> violations = new ArrayList<>();
        if (acknowledged == 0 || read == 0) {
            violations.add("the clients made no progress: " + acknowledged + " increments acknowledged, " + read
                    + " reads answered");
        }
        return violations;
    }
}
