/**
 * Counters: how a counter column is stored, and the one step that changes it.
 *
 * <p>A counter column is stored as shards, one cell per shard ({@link io.cairn.node.counter.CounterCells}):
 * the cell's path names the shard (the host id of the node that leads it and that node's
 * incarnation, renewed at every start), its value is the shard's running total (8 bytes) and
 * its timestamp the shard's clock, strictly increasing. The counter's value is the sum of its
 * live shards. Only the shard's own node ever writes a shard, each new state a full total at a
 * higher timestamp, so the storage engine's max-merge keeps each shard's latest state: a MUTATION
 * delivered twice, a hint, a read repair, a repair or a stream of a shard is idempotent, and no
 * increment is counted twice or lost by being merged.
 *
 * <p>The query layer writes an increment as a delta cell (an empty path,
 * {@link io.cairn.node.counter.CounterCells#delta}), which is never stored: one replica of the
 * partition, the leader, turns it into its own shard ({@link io.cairn.node.counter.CounterLeader#lead}):
 * under a lock of the partition's stripe it reads its shard as stored here, adds the delta,
 * writes the new total above the old shard's timestamp and above any deletion of the counter,
 * and the coordinator then sends that shard to every replica like any write. A node that restarts
 * leads under a new incarnation ({@link io.cairn.node.counter.ShardIncarnation}), so a shard state it
 * lost in a crash (a write the periodic commit log had not synced) is never overwritten by a
 * smaller total at a later clock; the lost state lives on in the replicas that received it.
 *
 * <p>Uses storage only; the coordinator chooses leaders and replicates.
 */
package io.cairn.node.counter;
