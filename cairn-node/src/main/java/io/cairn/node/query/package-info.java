/**
 * CQL execution: {@link io.cairn.node.query.QueryProcessor} parses (with a cache), prepares,
 * analyzes and executes statements, batches and prepared statements. Analysis turns a syntax tree
 * into a plan against the current schema (bound terms, restrictions, selections, functions);
 * {@code SelectPlan} and {@code ModificationPlan} execute against a
 * {@link io.cairn.node.coordinator.DataCoordinator}, with paging, limits, ordering, aggregates and
 * GROUP BY groups, as chains of stages ({@link io.cairn.common.concurrent.AsyncLoop}). {@code execute} and
 * {@code batch} return a stage that completes when the coordinator's answers arrive and never
 * wait for them; {@code ResumingDataCoordinator} continues a statement on the request executor
 * when a replica answers after the call that asked it returned, never on the messaging thread.
 *
 * <p>The top of cairn-node below the assembly. It reaches data only through the coordinator's
 * {@code DataCoordinator}, hands schema statements to a {@link io.cairn.node.query.SchemaChanger}
 * (on a node of a cluster, the cluster metadata log; alone, the schema package), and takes from
 * the batchlog only {@link io.cairn.node.batchlog.TableUpdates}, the shape of a batch's part; it
 * must not depend on replica, ring, hints, bootstrap, system or messages, nor on cairn-cluster.
 */
package io.cairn.node.query;
