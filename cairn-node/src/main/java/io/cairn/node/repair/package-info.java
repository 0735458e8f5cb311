/**
 * Anti-entropy repair: {@link io.cairn.node.repair.HashTree} is a replica's hash tree of a table's
 * data in a token range; {@link io.cairn.node.repair.RepairReplica} answers a tree
 * (REPAIR_TREE), lists the partitions written since their last repair (REPAIR_UNREPAIRED), reads
 * some partitions (REPAIR_FETCH) and merges pages of partitions (REPAIR_WRITE) on the replica stage;
 * {@link io.cairn.node.repair.Repair} is a repair driven by one replica, which compares the trees
 * of every piece of the ring it replicates (full), or of the partitions some replica listed as
 * written since the piece's last repair (incremental), and streams only what differs, pulled
 * (STREAM, or REPAIR_FETCH by partition; each differing leaf from one replica) and pushed
 * (REPAIR_WRITE) one page at a time, paced by the node's throttle, then marks the piece repaired
 * on every replica (REPAIR_MARK: the repair's start time, which lets storage purge tombstones
 * deleted more than gc grace before it, and each replica's high water, up to which it clears its
 * list);
 * its pull half alone ({@code Repair.pullDifferences}) merges other replicas' data into a range a
 * node just copied. {@link io.cairn.node.repair.AutoRepair} repairs, without an operator, the
 * pieces a node is the primary replica of when due ({@link io.cairn.node.repair.RepairSettings});
 * {@link io.cairn.node.repair.RepairStats} counts what repairs did.
 *
 * <p>A peer of {@code bootstrap}, {@code batchlog} and {@code hints}: it must not depend on them,
 * nor on the coordinator, the query layer or the assembly. It may use metadata, ring, schema and
 * messages.
 */
package io.cairn.node.repair;
