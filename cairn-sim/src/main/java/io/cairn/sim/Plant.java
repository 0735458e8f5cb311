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
    FALSE_DOWN
}
