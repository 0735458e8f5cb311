package io.cairn.tools.bench;

import java.util.Locale;

/**
 * An operation mix over YCSB's record layout (a text key and ten 100-byte text fields): the
 * core workloads A to F with their proportions and request distributions, and plain
 * write-only and read-only mixes.
 */
record Workload(String name, double read, double update, double insert, double scan, double readModifyWrite,
                String distribution) {

    static final int FIELDS = 10;
    static final int FIELD_LENGTH = 100;
    static final int MAX_SCAN_LENGTH = 100;

    enum Operation { READ, UPDATE, INSERT, SCAN, READ_MODIFY_WRITE }

    static Workload of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "a" -> new Workload("a", 0.5, 0.5, 0, 0, 0, "zipfian");
            case "b" -> new Workload("b", 0.95, 0.05, 0, 0, 0, "zipfian");
            case "c" -> new Workload("c", 1, 0, 0, 0, 0, "zipfian");
            case "d" -> new Workload("d", 0.95, 0, 0.05, 0, 0, "latest");
            case "e" -> new Workload("e", 0, 0, 0.05, 0.95, 0, "zipfian");
            case "f" -> new Workload("f", 0.5, 0, 0, 0, 0.5, "zipfian");
            case "write" -> new Workload("write", 0, 0, 1, 0, 0, "uniform");
            case "read" -> new Workload("read", 1, 0, 0, 0, 0, "uniform");
            default -> throw new IllegalArgumentException("Unknown workload '" + name
                    + "' (a, b, c, d, e, f, write or read)");
        };
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
        return readModifyWrite > 0 ? Operation.READ_MODIFY_WRITE : Operation.READ;
    }
}
