package io.cairn.cluster.messaging;

/**
 * What a message asks for. Ids are part of the wire format: never reuse or renumber one.
 */
public enum Verb {
    ECHO(1),
    GOSSIP_DIGEST_SYN(2),
    GOSSIP_DIGEST_ACK(3),
    GOSSIP_DIGEST_ACK2(4),
    MUTATION(5),
    READ(6),
    READ_REPAIR(7),
    HINT(8),
    BATCH_STORE(9),
    BATCH_REMOVE(10),
    RANGE_READ(11),
    /** Retired (schema rows pushed between nodes, before the cluster metadata log held the schema): never sent. */
    SCHEMA_PUSH(12),
    /** Retired, never sent. */
    SCHEMA_PULL(13),
    STREAM(14),
    TRUNCATE(15),
    /**
     * A response saying the request failed on the peer instead of its verb's answer; the payload
     * is one byte, the {@link ResponseCallback.Failure}'s ordinal.
     */
    FAILURE_RESPONSE(16),
    /** Paxos round 1: promise a ballot and answer the partition's Paxos state and data. */
    PAXOS_PREPARE(17),
    /** Paxos round 2: accept a ballot's proposal (and commit it when the sender says a quorum has). */
    PAXOS_PROPOSE(18),
    /** Paxos: apply a chosen proposal and record it as committed. */
    PAXOS_COMMIT(19),
    /**
     * Paxos, one-way: every replica committed a ballot, so each may drop that ballot's stored
     * updates (keeping the ballots).
     */
    PAXOS_CLEANUP(20),
    /** Cluster metadata: the log entries after an epoch (bounded); any node answers from its own log. */
    METADATA_FETCH(21),
    /** Cluster metadata, one-way: newly decided log entries, sent to the live nodes. */
    METADATA_PUSH(22),
    /**
     * Cluster metadata: catch up to an epoch (fetching from the sender when behind) and answer
     * the epoch reached. A movement's progress barrier asks every node before its next step.
     */
    EPOCH_AWAIT(23),
    /**
     * A range movement that takes a node out of the ring (decommission, removenode) asks a node
     * that gains ranges to copy them, at the movement's STARTED step; answered at once (started,
     * running, copied, or why not), and asked again until copied.
     */
    RANGE_FETCH(24),
    /** Repair: the hash tree of a replica's data of a table in a token range. */
    REPAIR_TREE(25),
    /** Repair: a page of partitions where two replicas' trees differ, merged by the receiver. */
    REPAIR_WRITE(26),
    /**
     * Repair: a table's range was repaired, and every tombstone deleted there before a time is
     * on every replica; the receiver records it (its purge sweep may drop those past gc grace).
     */
    REPAIR_MARK(27),
    /**
     * Incremental repair: the partitions of a table in a token range that a replica wrote since
     * their last repair, and its high water of them (what a later mark may clear).
     */
    REPAIR_UNREPAIRED(28),
    /** Incremental repair: a replica's data of a list of partitions, merged by the asker. */
    REPAIR_FETCH(29),
    /**
     * Tracing, one-way: the events a replica recorded for a traced request, sent to the request's
     * coordinator just before the replica's answer, which writes them with its own.
     */
    TRACE_EVENTS(30),
    /**
     * A counter write, to the replica that leads it: turn the increments into its shards, apply
     * them and write them to every replica at the message's consistency level; answered once
     * the level is met, or with why not.
     */
    COUNTER_WRITE(31),
    /** A page of a token range's rows that hold an expression, found through a secondary index. */
    INDEX_READ(32);

    private final int id;

    Verb(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The verb of this id, or null for an id this version does not know. */
    public static Verb of(int id) {
        for (Verb verb : values()) {
            if (verb.id == id) {
                return verb;
            }
        }
        return null;
    }
}
