package io.cairn.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a history of operations on one register is linearizable: whether each
 * operation can be placed at one instant between its invocation and its completion so that the
 * register's sequential behaviour explains every result (Wing and Gong's search, with Lowe's
 * cache of visited (linearized set, state) pairs so that equivalent branches are searched once).
 *
 * <p>Operations: write, read, and compare-and-set (what lightweight transactions will need).
 * An operation with an unknown outcome (a timeout) may have taken effect at any instant after
 * its invocation, or never.
 */
public final class LinearizabilityChecker {

    /** The register's value before any write. */
    public static final long NONE = Long.MIN_VALUE;

    /** Bounds the search (states visited); past it the answer is {@link Verdict#UNKNOWN}. */
    private final int maxSteps;

    public LinearizabilityChecker(int maxSteps) {
        this.maxSteps = maxSteps;
    }

    public enum Type { WRITE, READ, CAS }

    public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    /**
     * One operation. For WRITE, {@code value} is written; a READ returned {@code value}; a CAS
     * compared with {@code expected}, wrote {@code value} when equal, and answered
     * {@code applied}. {@code completed} is {@link Long#MAX_VALUE} when the outcome is unknown.
     */
    public record Operation(Type type, long invoked, long completed, long expected, long value, boolean applied) {

        public static Operation write(long invoked, long completed, long value) {
            return new Operation(Type.WRITE, invoked, completed, NONE, value, true);
        }

        public static Operation read(long invoked, long completed, long value) {
            return new Operation(Type.READ, invoked, completed, NONE, value, true);
        }

        public static Operation cas(long invoked, long completed, long expected, long value, boolean applied) {
            return new Operation(Type.CAS, invoked, completed, expected, value, applied);
        }

        boolean isUnknown() {
            return completed == Long.MAX_VALUE;
        }

        /** The register after this operation from {@code state}, or null when it cannot happen there. */
        Long apply(long state) {
            switch (type) {
                case WRITE:
                    return value;
                case READ:
                    return state == value ? state : null;
                default:
                    if (isUnknown()) {
                        return state == expected ? value : null;
                    }
                    if (applied) {
                        return state == expected ? value : null;
                    }
                    return state != expected ? state : null;
            }
        }
    }

    /** Whether {@code history} (any order) is linearizable from an empty register. */
    public Verdict check(List<Operation> history) {
        List<Operation> ops = new ArrayList<>();
        for (Operation op : history) {
            // A read whose outcome is unknown says nothing.
            if (!(op.type() == Type.READ && op.isUnknown())) {
                ops.add(op);
            }
        }
        ops.sort(java.util.Comparator.comparingLong(Operation::invoked));
        Search search = new Search(ops);
        boolean found = search.run(new BitSet(ops.size()), NONE);
        if (search.exhausted) {
            return Verdict.UNKNOWN;
        }
        return found ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE;
    }

    private final class Search {
        private final List<Operation> ops;
        private final int mustLinearize;
        private final Set<Visited> visited = new HashSet<>();
        private int steps;
        private boolean exhausted;

        Search(List<Operation> ops) {
            this.ops = ops;
            this.mustLinearize = (int) ops.stream().filter(op -> !op.isUnknown()).count();
        }

        private record Visited(BitSet done, long state) {
        }

        boolean run(BitSet done, long state) {
            if (completedDone(done) == mustLinearize) {
                return true;
            }
            if (++steps > maxSteps) {
                exhausted = true;
                return false;
            }
            if (!visited.add(new Visited((BitSet) done.clone(), state))) {
                return false;
            }
            // Any operation invoked before the earliest pending completion may go next.
            long horizon = Long.MAX_VALUE;
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                horizon = Math.min(horizon, ops.get(i).completed());
            }
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                Operation op = ops.get(i);
                if (op.invoked() > horizon) {
                    break;
                }
                Long next = op.apply(state);
                if (next == null) {
                    continue;
                }
                done.set(i);
                boolean found = run(done, next);
                done.clear(i);
                if (found) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
            }
            return false;
        }

        private int completedDone(BitSet done) {
            int count = 0;
            for (int i = done.nextSetBit(0); i >= 0; i = done.nextSetBit(i + 1)) {
                if (!ops.get(i).isUnknown()) {
                    count++;
                }
            }
            return count;
        }
    }
}
