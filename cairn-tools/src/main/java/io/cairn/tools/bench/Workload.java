package io.cairn.tools.bench;

import java.util.Locale;

/**
 * An operation mix over YCSB's record layout (a text key and ten 100-byte text fields): the
 * core workloads A to F with their proportions and request distributions, plain write-only and
 * read-only mixes, lightweight transactions (Paxos-backed conditional statements), and reads by
 * storage-attached indexes ({@code sai-eq}, {@code sai-range}) of a table of their own
 * ({@code ycsb.indexed (y_id text PRIMARY KEY, tag int, score int)}, one record per key: {@code tag}
 * shared by {@link #TAG_ROWS} records, {@code score} the record's number), which their load phase
 * writes instead of YCSB's; and nearest-neighbour searches ({@code ann}) of a table of vectors
 * ({@code ycsb.vectors (y_id text PRIMARY KEY, v vector<float, 128>)} with a storage-attached
 * index, {@link VectorData}), which its load phase writes.
 *
 * <p>{@code casKeys} bounds the records conditional updates touch: 0 means every loaded record,
 * a small number makes that many records hot, so that concurrent conditional updates race.
 */
record Workload(String name, double read, double update, double insert, double scan, double readModifyWrite,
                double casInsert, double casUpdate, long casKeys, String distribution, double indexEq,
                double indexRange, double vectorSearch) {

    static final int FIELDS = 10;
    static final int FIELD_LENGTH = 100;
    static final int MAX_SCAN_LENGTH = 100;
    /** Records the contended workload's conditional updates share. */
    static final long CONTENDED_KEYS = 10;
    /** Records that share one tag in the indexed table: what an equality by the index finds. */
    static final int TAG_ROWS = 10;
    /** Consecutive scores a range by the index covers. */
    static final int RANGE_ROWS = 10;

    /**
     * What one measured statement did. The conditional kinds are INSERT ... IF NOT EXISTS, UPDATE
     * ... IF field0 = ?, and the SERIAL read that learns a record's current value before its
     * first conditional update (never picked by a mix: it is a step of CAS_UPDATE).
     */
    enum Operation {
        READ, UPDATE, INSERT, SCAN, READ_MODIFY_WRITE, CAS_INSERT, CAS_UPDATE, SERIAL_READ,
        /** A record of the indexed table (the index workloads' load). */
        INDEX_INSERT,
        /** {@code SELECT y_id ... WHERE tag = ?}: the records of one tag. */
        INDEX_EQ,
        /** {@code SELECT y_id ... WHERE score >= ? AND score < ?}: {@link #RANGE_ROWS} records. */
        INDEX_RANGE,
        /** A record of the vector table (the ann workload's load). */
        VECTOR_INSERT,
        /** {@code SELECT y_id ... ORDER BY v ANN OF ? LIMIT 10}: the records nearest a vector. */
        VECTOR_SEARCH;

        /** Whether the statement goes through Paxos, so that its outcome is applied, not applied or unknown. */
        boolean conditional() {
            return this == CAS_INSERT || this == CAS_UPDATE;
        }
    }

    Workload {
        if (casKeys < 0) {
            throw new IllegalArgumentException("casKeys must not be negative: " + casKeys);
        }
    }

    static Workload of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "a" -> ycsb("a", 0.5, 0.5, 0, 0, 0, "zipfian");
            case "b" -> ycsb("b", 0.95, 0.05, 0, 0, 0, "zipfian");
            case "c" -> ycsb("c", 1, 0, 0, 0, 0, "zipfian");
            case "d" -> ycsb("d", 0.95, 0, 0.05, 0, 0, "latest");
            case "e" -> ycsb("e", 0, 0, 0.05, 0.95, 0, "zipfian");
            case "f" -> ycsb("f", 0.5, 0, 0, 0, 0.5, "zipfian");
            case "write" -> ycsb("write", 0, 0, 1, 0, 0, "uniform");
            case "read" -> ycsb("read", 1, 0, 0, 0, 0, "uniform");
            case "lwt-insert" -> new Workload("lwt-insert", 0, 0, 0, 0, 0, 1, 0, 0, "uniform", 0, 0, 0);
            case "lwt-update" -> new Workload("lwt-update", 0, 0, 0, 0, 0, 0, 1, 0, "uniform", 0, 0, 0);
            case "lwt-contended" -> new Workload("lwt-contended", 0, 0, 0, 0, 0, 0, 1, CONTENDED_KEYS, "uniform", 0,
                    0, 0);
            case "sai-eq" -> new Workload("sai-eq", 0, 0, 0, 0, 0, 0, 0, 0, "uniform", 1, 0, 0);
            case "sai-range" -> new Workload("sai-range", 0, 0, 0, 0, 0, 0, 0, 0, "uniform", 0, 1, 0);
            case "ann" -> new Workload("ann", 0, 0, 0, 0, 0, 0, 0, 0, "uniform", 0, 0, 1);
            default -> throw new IllegalArgumentException("Unknown workload '" + name
                    + "' (a, b, c, d, e, f, write, read, lwt-insert, lwt-update, lwt-contended, sai-eq, sai-range or ann)");
        };
    }

    private static Workload ycsb(String name, double read, double update, double insert, double scan,
                                 double readModifyWrite, String distribution) {
        return new Workload(name, read, update, insert, scan, readModifyWrite, 0, 0, 0, distribution, 0, 0, 0);
    }

    /** Whether the mix reads the indexed table (and its load phase writes it). */
    boolean indexed() {
        return indexEq > 0 || indexRange > 0;
    }

    /** Whether the mix searches the vector table (and its load phase writes it). */
    boolean vectors() {
        return vectorSearch > 0;
    }

    /** Whether the mix has conditional statements (so that their outcomes are counted). */
    boolean conditional() {
        return casInsert > 0 || casUpdate > 0;
    }

    /** The operation a uniform draw {@code u} in [0, 1) picks. */
    Operation pick(double u) {
        double at = read;
        if (u < at) {
            return Operation.READ;
        }
        at += update;
        if (u < at) {
            return Operation.UPDATE;
        }
        at += insert;
        if (u < at) {
            return Operation.INSERT;
        }
        at += scan;
        if (u < at) {
            return Operation.SCAN;
        }
        at += readModifyWrite;
        if (u < at) {
            return Operation.READ_MODIFY_WRITE;
        }
        at += casInsert;
        if (u < at) {
            return Operation.CAS_INSERT;
        }
        if (vectors()) {
            return Operation.VECTOR_SEARCH;
        }
        if (indexed()) {
            return u < at + indexEq ? Operation.INDEX_EQ : Operation.INDEX_RANGE;
        }
        // The last operation with a share takes what rounding leaves over.
        if (casUpdate > 0) {
            return Operation.CAS_UPDATE;
        }
        if (casInsert > 0) {
            return Operation.CAS_INSERT;
        }
        return readModifyWrite > 0 ? Operation.READ_MODIFY_WRITE : Operation.READ;
    }
}
