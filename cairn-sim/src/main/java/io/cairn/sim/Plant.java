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
    /**
     * Replicas acknowledge the pages a repair sends them without merging them, so a repair
     * leaves every replica but its coordinator as it was in the sub-ranges it found different
     * (the repair convergence checker).
     */
    REPAIR_WRITES_DROPPED,
    /**
     * A repair leaves out, on each replica, the first of the sub-ranges it found different
     * there: it neither pulls it nor pushes it, and still marks the piece repaired (the repair
     * convergence checker).
     */
    REPAIR_SKIPS_A_RANGE,
    /**
     * An incremental repair compares only the partitions its coordinator lists as written since
     * the last repair, yet clears every replica's list: a write the coordinator missed is
     * compared by no later incremental repair either (the repair convergence checker, without
     * hints).
     */
    INCREMENTAL_OWN_LIST_ONLY,
    /**
     * Tombstones are purged once gc grace has passed, whether or not a repair covered them
     * (every range is marked repaired as time goes), so a replica that missed a deletion for
     * longer than gc grace hands the deleted value back (the resurrection checker, without
     * hints).
     */
    PURGE_WITHOUT_REPAIR,
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
    /**
     * Paxos acceptors (every node's, as other nodes ask them) promise and accept whatever ballot
     * they are sent, lower than one they promised included, so two proposals with stale reads
     * are both chosen (the linearizability and unique-insert checkers).
     */
    PAXOS_PROMISES_LOWER_BALLOT,
    /**
     * Acceptors answer a prepare without the proposal they accepted and did not see committed,
     * so a value that may have been chosen is not finished by the next round, which decides on
     * the data without it (the linearizability and unique-insert checkers).
     */
    PAXOS_PREPARE_HIDES_ACCEPTED,
    /**
     * Acceptors (as other nodes ask them) answer a proposal as correct ones would (accepted, or
     * committed once enough have accepted) without storing or applying it, so a value is
     * acknowledged before a quorum holds it (the linearizability and unique-insert checkers).
     */
    PAXOS_ACCEPT_NOT_STORED,
    /**
     * Ballots from the node's clock alone (its micros and the node's id), forgetting what it
     * issued and what it saw: under clock steps a node's ballots go back, and a node behind
     * cannot get past a promise until its clock does (the liveness checker of lightweight
     * transactions).
     */
    PAXOS_CLOCK_BALLOTS,
    /**
     * Nodes neither push what they commit to the metadata log nor fetch it from others, so a
     * node learns only the entries it decides itself (the metadata log checker's liveness part).
     */
    METADATA_NOT_PROPAGATED,
    /**
     * Node 1 plans the requests it coordinates from the snapshot of a few epochs back (missing
     * the last steps of a join) but stamps them with its current epoch, so no replica refuses
     * them: its writes miss the nodes a join added, and other coordinators' reads ask replicas
     * that never got them (the read-after-write and lost-write checkers, with nodes joining).
     */
    STALE_COORDINATOR_EPOCH,
    /**
     * A decommission moves to MID and finishes without the nodes that gain its ranges having
     * copied them: reads go to new replicas that lack the data, and once the node has left, the
     * writes only it and a minority held are gone (the read-after-write and lost-write checkers,
     * with nodes joining and one leaving). A move alike finishes without its copies (the joins
     * and leaves checker, with moves).
     */
    LEAVE_BEFORE_STREAMED,
    /**
     * A node replacing a dead one moves to MID and finishes without having copied the dead
     * node's ranges from the replicas that stay: it serves reads of ranges it holds nothing of
     * (the replace checker of joins and leaves, with nodes joining and one replaced).
     */
    REPLACE_WITHOUT_COPY,
    /**
     * A node restarting keeps its old counter incarnation (the simulator drops the storage table
     * {@code system.counter_shard} before the node starts, so it takes incarnation 1 again): a
     * leader whose latest shard state a crash under periodic sync lost leads the same shard from
     * its older state, and its next increment writes a smaller total over the replicas' newer one
     * (the counter bounds checker: increments acknowledged at QUORUM are lost).
     */
    COUNTER_SHARD_NOT_RENEWED,
    /**
     * Clients send a counter increment that timed out (WRITE_TIMEOUT) again, and record one
     * increment with the last attempt's outcome, as a naive retry policy does: an increment its
     * leader had applied is counted twice (the counter bounds checker's upper bound).
     */
    COUNTER_CLIENT_RETRIES
}
