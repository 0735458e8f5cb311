/**
 * The coordinator: {@link io.cairn.node.coordinator.DataCoordinator}, the query layer's one way to
 * data, returns stages and never blocks; they complete on the thread that delivered the last
 * answer. {@link io.cairn.node.coordinator.ClusterDataCoordinator} is a facade over one class per
 * concern: {@code WritePath} sends writes to the live replicas of each partition (hints for the
 * others), {@code ReadPath} reads data from one replica and digests from others,
 * {@code ReplicaReads} holds what point and range reads share (replica order, requests, latencies,
 * failover to a spare and speculative retry), {@code ReadRepair} repairs replicas that disagree
 * (merging with storage's {@link io.cairn.storage.engine.MergedPartitions}), {@code RangeReadPath}
 * walks token ranges (consecutive pieces the same replicas hold as one; with an index expression,
 * INDEX_READ, re-testing the expression on rows it reconciled), {@code LoggedBatchWrite} writes LOGGED batches through the batchlog,
 * {@link io.cairn.node.coordinator.ClusterTruncate} truncates everywhere and
 * {@code CoordinatorMetrics} counts what they do; {@code traced(trace)} gives a coordinator for one
 * traced request, whose paths record their steps and mark the requests they send. Hints and the batchlog are given to the
 * coordinator when it is built ({@link io.cairn.node.coordinator.HintedHandoff},
 * {@link io.cairn.node.coordinator.BatchlogSupport}), each possibly disabled.
 * {@link io.cairn.node.coordinator.LocalDataCoordinator} is a single node's.
 * {@link io.cairn.node.coordinator.MeteredDataCoordinator} measures the client requests the query
 * layer makes (Micrometer meters), each table's through
 * {@link io.cairn.node.coordinator.TableTimers}, which the node's measured storage shares.
 * {@link io.cairn.node.coordinator.ConsistencyPlan}, {@link io.cairn.node.coordinator.ResponseTracker}
 * and {@link io.cairn.node.coordinator.ReadRound} are the small state machines that count answers
 * against a consistency level; {@code LatencyWindow} keeps the
 * percentiles speculative retry waits for.
 *
 * <p>May use batchlog, hints, bootstrap, replica, ring, system, index, schema and messages; must not
 * depend on the query layer or the assembly.
 */
package io.cairn.node.coordinator;
