package io.cairn.sim;

import io.cairn.cql.ConsistencyLevel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The clients' record of a run: each operation's invocation and completion, with virtual
 * times, as checkers need it.
 */
public final class History {

    /**
     * WRITE and READ of one key; SCAN, a range read of the whole table page by page (the op of
     * key -1), whose view of each key is then recorded as a READ of that key ({@link #observe});
     * LOGGED_BATCH and UNLOGGED_BATCH, a write of the register and of the key's mirror row in
     * one batch (at one timestamp, so its version is the register's); APPEND, an element
     * appended to the key's list, and SET_FIRST, the list's first element replaced (a read
     * before the write), both with the element as the version's value.
     *
     * <p>Lightweight transactions, on {@code sim.lwt} and {@code sim.lwt_unique} (values, not
     * versions: {@link Op#expected}, {@link Op#written}, {@link Op#applied}, {@link Op#seen}):
     * CAS, {@code UPDATE ... IF v = expected}; CREATE, {@code INSERT ... IF NOT EXISTS} of a
     * register; UNIQUE_INSERT, {@code INSERT ... IF NOT EXISTS} of a unique-insert key;
     * LWT_READ, a read of a register at SERIAL or QUORUM; UNIQUE_READ, a SERIAL read of a
     * unique-insert key.
     *
     * <p>Counters, on {@code sim.counters}: INCREMENT, one {@code UPDATE ... SET n = n + ?} or a
     * COUNTER batch of a few (its keys and their summed deltas in {@link Op#deltas}; the op's
     * key is the first); COUNTER_READ, a read of a counter ({@link Op#seen}, 0 when no row).
     */
    public enum Kind {
        WRITE, DELETE, READ, SCAN, LOGGED_BATCH, UNLOGGED_BATCH, APPEND, SET_FIRST,
        CAS, CREATE, UNIQUE_INSERT, LWT_READ, UNIQUE_READ, INCREMENT, COUNTER_READ;

        /** Whether it is a counter's operation (an increment or a read of {@code sim.counters}). */
        boolean isCounter() {
            return this == INCREMENT || this == COUNTER_READ;
        }

        /** Whether it changes the register (a write, a delete or a batch). */
        boolean changes() {
            return this == WRITE || this == DELETE || this == LOGGED_BATCH || this == UNLOGGED_BATCH;
        }

        /** Whether it changes a list. */
        boolean changesList() {
            return this == APPEND || this == SET_FIRST;
        }

        /** Whether it is a lightweight transaction's operation (conditional write or read of its tables). */
        boolean isLwt() {
            return this == CAS || this == CREATE || this == UNIQUE_INSERT || this == LWT_READ || this == UNIQUE_READ;
        }

        /** Whether it is a conditional write (answered with whether it applied). */
        boolean isConditional() {
            return this == CAS || this == CREATE || this == UNIQUE_INSERT;
        }
    }

    /** A delete's "value": above every written one, as a tombstone wins over cells of its timestamp. */
    public static final long TOMBSTONE = Long.MAX_VALUE;

    /**
     * How an operation ended. FAILED: it certainly did not happen (unavailable, refused);
     * UNKNOWN: it may have (a timeout); OPEN: never completed.
     */
    public enum Outcome { OK, FAILED, UNKNOWN, OPEN }

    /**
     * A cell's version as reconciliation orders it: the higher timestamp wins, and on equal
     * timestamps the greater value (our values are positive longs, so numeric order is the
     * byte order storage compares), and a deletion ({@link #TOMBSTONE}) above every value.
     */
    public record Version(long timestamp, long value) implements Comparable<Version> {
        @Override
        public int compareTo(Version other) {
            int cmp = Long.compare(timestamp, other.timestamp);
            return cmp != 0 ? cmp : Long.compare(value, other.value);
        }

        boolean isTombstone() {
            return value == TOMBSTONE;
        }

        @Override
        public String toString() {
            return (isTombstone() ? "deleted" : Long.toString(value)) + "@" + timestamp;
        }
    }

    /** One operation; mutable until completed. */
    public static final class Op {
        final int id;
        final int client;
        final int node;
        final Kind kind;
        final int key;
        final ConsistencyLevel consistency;
        final long invokedMicros;
        /** A write's version (set when the coordinator takes it), a read's result (null: no value). */
        Version version;
        long completedMicros = Long.MAX_VALUE;
        Outcome outcome = Outcome.OPEN;
        String error;
        /** A conditional write's condition: the value it expects ({@link #NO_ROW} for IF NOT EXISTS). */
        long expected = NO_ROW;
        /** The value a conditional write writes when it applies. */
        long written = NO_ROW;
        /** Whether a completed conditional write applied. */
        boolean applied;
        /** What a read returned, or the current value a conditional write that did not apply returned. */
        long seen = NO_ROW;
        /** An increment's deltas, summed by key (a batch may increment a key twice); null for other kinds. */
        java.util.SortedMap<Integer, Long> deltas;

        Op(int id, int client, int node, Kind kind, int key, ConsistencyLevel consistency, long invokedMicros) {
            this.id = id;
            this.client = client;
            this.node = node;
            this.kind = kind;
            this.key = key;
            this.consistency = consistency;
            this.invokedMicros = invokedMicros;
        }

        public Kind kind() {
            return kind;
        }

        public int key() {
            return key;
        }

        public Outcome outcome() {
            return outcome;
        }

        public ConsistencyLevel consistency() {
            return consistency;
        }

        public Version version() {
            return version;
        }

        public long invokedMicros() {
            return invokedMicros;
        }

        public long completedMicros() {
            return completedMicros;
        }

        /** A lightweight transaction's condition and answer, as the trace shows it. */
        private String lwtDetail() {
            String answer = outcome != Outcome.OK ? ""
                    : kind.isConditional() ? (applied ? " applied" : " not applied, current " + value(seen))
                    : " " + value(seen);
            return switch (kind) {
                case CAS -> " if " + value(expected) + " set " + written + answer;
                case CREATE, UNIQUE_INSERT -> " if not exists " + written + answer;
                default -> answer;
            };
        }

        boolean isAcknowledgedAtQuorum() {
            return kind.changes() && outcome == Outcome.OK && (consistency == ConsistencyLevel.QUORUM
                    || consistency == ConsistencyLevel.ALL);
        }

        @Override
        public String toString() {
            if (kind.isCounter()) {
                String detail = kind == Kind.INCREMENT ? " " + deltas
                        : outcome == Outcome.OK ? " " + seen : "";
                return String.format(java.util.Locale.ROOT, "#%d client %d via node %d %s k%d at %s [%.3f s, %s] %s%s",
                        id, client, node + 1, kind, key, consistency, invokedMicros / 1e6,
                        completedMicros == Long.MAX_VALUE ? "-" : String.format(java.util.Locale.ROOT, "%.3f s",
                                completedMicros / 1e6), outcome, detail + (error == null ? "" : " (" + error + ")"));
            }
            if (kind.isLwt()) {
                return String.format(java.util.Locale.ROOT, "#%d client %d via node %d %s k%d at %s [%.3f s, %s] %s%s",
                        id, client, node + 1, kind, key, consistency, invokedMicros / 1e6,
                        completedMicros == Long.MAX_VALUE ? "-" : String.format(java.util.Locale.ROOT, "%.3f s",
                                completedMicros / 1e6), outcome, lwtDetail() + (error == null ? "" : " (" + error + ")"));
            }
            return String.format(java.util.Locale.ROOT, "#%d client %d via node %d %s k%d at %s [%.3f s, %s] %s%s",
                    id, client, node + 1, kind, key, consistency, invokedMicros / 1e6,
                    completedMicros == Long.MAX_VALUE ? "-" : String.format(java.util.Locale.ROOT, "%.3f s",
                            completedMicros / 1e6), outcome, (version == null ? "" : " " + version)
                            + (error == null ? "" : " (" + error + ")"));
        }
    }

    /** A value's absence: no row (a register before its creation). */
    public static final long NO_ROW = LinearizabilityChecker.NONE;

    static String value(long value) {
        return value == NO_ROW ? "no row" : Long.toString(value);
    }

    private final List<Op> ops = new ArrayList<>();

    Op invoke(int client, int node, Kind kind, int key, ConsistencyLevel consistency, long nowMicros) {
        Op op = new Op(ops.size(), client, node, kind, key, consistency, nowMicros);
        ops.add(op);
        return op;
    }

    /** A key as a completed scan saw it: a READ over the scan's whole time. */
    void observe(Op scan, int key, Version version) {
        Op op = invoke(scan.client, scan.node, Kind.READ, key, scan.consistency, scan.invokedMicros);
        op.completedMicros = scan.completedMicros;
        op.outcome = Outcome.OK;
        op.version = version;
        op.error = "seen by scan #" + scan.id;
    }

    public List<Op> ops() {
        return Collections.unmodifiableList(ops);
    }

    long count(Outcome outcome) {
        return ops.stream().filter(op -> op.outcome == outcome).count();
    }
}
