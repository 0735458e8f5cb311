/**
 * The coordinator: {@link io.cairn.node.coordinator.DataCoordinator}, the query layer's one way to
 * data, returns stages and never blocks. {@link io.cairn.node.coordinator.ClusterDataCoordinator}
 * sends writes to the live replicas of each partition (hints for the others), reads data from one
 * replica and digests from others, repairs replicas that disagree, retries slow reads
 * speculatively, walks token ranges for range reads, writes LOGGED batches through the batchlog,
 * truncates everywhere, and counts what it does.
 * {@link io.cairn.node.coordinator.LocalDataCoordinator} is a single node's.
 * {@link io.cairn.node.coordinator.ConsistencyPlan}, {@link io.cairn.node.coordinator.ResponseTracker}
 * and {@link io.cairn.node.coordinator.ReadRound} are the small state machines that count answers
 * against a consistency level.
 *
 * <p>May use batchlog, hints, bootstrap, replica, ring, system, schema and messages; must not
 * depend on the query layer or the assembly.
 */
package io.cairn.node.coordinator;
