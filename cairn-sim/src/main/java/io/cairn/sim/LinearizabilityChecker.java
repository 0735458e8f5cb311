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

    /**
     * WRITE, READ and CAS as their names say; CAS_NOT_APPLIED, a compare-and-set that did not
     * apply and answered the register's current value (as a lightweight transaction does): a
     * read of that value, which must differ from the one it compared with.
     */
    public enum Type { WRITE, READ, CAS, CAS_NOT_APPLIED }

    public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    /**
     * One operation. For WRITE, {@code value} is written; a READ returned {@code value}; a CAS
     * compared with {@code expected}, wrote {@code value} when equal, and answered
     * {@code applied}; a CAS_NOT_APPLIED compared with {@code expected} and answered the current
     * {@code value}. {@code completed} is {@link Long#MAX_VALUE} when the outcome is unknown.
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

        /**
         * A compare-and-set with {@code expected} that did not apply and answered that the
         * register held {@code current}. (One whose outcome is unknown is a {@link #cas}.)
         */
        public static Operation casNotApplied(long invoked, long completed, long expected, long current) {
            if (completed == Long.MAX_VALUE) {
                throw new IllegalArgumentException("a CAS that answered 'not applied' has completed");
            }
            return new Operation(Type.CAS_NOT_APPLIED, invoked, completed, expected, current, false);
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
                case CAS_NOT_APPLIED:
                    return state == value && state != expected ? state : null;
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
        boolean found = search.run();
        if (search.exhausted) {
            return Verdict.UNKNOWN;
        }
        return found ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE;
    }

    /**
     * The depth-first search, with an explicit stack rather than recursion: a history of
     * thousands of operations would otherwise need a frame per operation.
     */
    private final class Search {
        private final List<Operation> ops;
        private final int mustLinearize;
        private final Set<Visited> visited = new HashSet<>();
        private final BitSet done;
        /** The operations linearized so far, in order, and the register before each. */
        private final int[] chosen;
        private final long[] before;
        private int depth;
        private int knownDone;
        private long state = NONE;
        private int steps;
        private boolean exhausted;

        Search(List<Operation> ops) {
            this.ops = ops;
            this.mustLinearize = (int) ops.stream().filter(op -> !op.isUnknown()).count();
            this.done = new BitSet(ops.size());
            this.chosen = new int[ops.size()];
            this.before = new long[ops.size()];
        }

        private record Visited(BitSet done, long state) {
        }

        boolean run() {
            // Where the next candidate search starts at the current depth (-1: a new state, to check first).
            int from = -1;
            while (true) {
                if (from < 0) {
                    if (knownDone == mustLinearize) {
                        return true;
                    }
                    if (++steps > maxSteps) {
                        exhausted = true;
                        return false;
                    }
                    from = visited.add(new Visited((BitSet) done.clone(), state)) ? 0 : ops.size();
                }
                int next = candidate(from);
                if (next >= 0) {
                    Operation op = ops.get(next);
                    chosen[depth] = next;
                    before[depth] = state;
                    depth++;
                    done.set(next);
                    knownDone += op.isUnknown() ? 0 : 1;
                    state = op.apply(state);
                    from = -1;
                    continue;
                }
                if (depth == 0) {
                    return false;
                }
                depth--;
                int last = chosen[depth];
                done.clear(last);
                knownDone -= ops.get(last).isUnknown() ? 0 : 1;
                state = before[depth];
                from = last + 1;
            }
        }

        /**
         * The first operation at or after index {@code from} that may go next from the current
         * state (invoked before the earliest pending completion, and possible there), or -1.
         */
        private int candidate(int from) {
            if (from >= ops.size()) {
                return -1;
            }
            long horizon = Long.MAX_VALUE;
            for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
                horizon = Math.min(horizon, ops.get(i).completed());
            }
            for (int i = done.nextClearBit(from); i < ops.size(); i = done.nextClearBit(i + 1)) {
                Operation op = ops.get(i);
                if (op.invoked() > horizon) {
                    return -1;
                }
                if (op.apply(state) != null) {
                    return i;
                }
            }
            return -1;
        }
    }
}
