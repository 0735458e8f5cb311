package io.cairn.sim;

/**
 * A bug planted on purpose, to show that a checker catches it: the simulation wires the nodes
 * with the fault, and the checker named must then fail.
 */
public enum Plant {
    /** No bug: the real code. */
    NONE,
    /** The coordinator acknowledges QUORUM after one replica (the read-after-write checker). */
    QUORUM_AFTER_ONE,
    /** Replicas acknowledge a read repair without applying it (the convergence checker). */
    SKIP_READ_REPAIR,
    /** Replicas acknowledge a remote write without applying it (the lost-write checker). */
    ACK_WITHOUT_APPLY,
    /** Each node wrongly believes its next node down (the liveness checker). */
    FALSE_DOWN,
    /**
     * Batchlog holders acknowledge a batch without storing it, so a coordinator that crashes
     * between a LOGGED batch's parts leaves half of it applied (the logged-batch checker).
     */
    BATCHLOG_NOT_STORED,
    /** Replicas acknowledge writes to lists without applying them (the list-append checker). */
    LIST_APPENDS_DROPPED,
    /** Nodes never send their schema to others (the schema-agreement checker). */
    SCHEMA_PUSH_DROPPED
}
