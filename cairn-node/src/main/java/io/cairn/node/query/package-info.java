/**
 * CQL execution: {@link io.cairn.node.query.QueryProcessor} parses (with a cache), prepares,
 * analyzes and executes statements, batches and prepared statements. Analysis turns a syntax tree
 * into a plan against the current schema (bound terms, restrictions, selections, functions);
 * {@code SelectPlan} and {@code ModificationPlan} execute against a
 * {@link io.cairn.node.coordinator.DataCoordinator}, with paging, limits, ordering and aggregates.
 * Execution returns a stage that completes when the coordinator's answers arrive.
 *
 * <p>The top of cairn-node below the assembly. It reaches data only through the coordinator's
 * {@code DataCoordinator} and applies schema statements through the schema package; it must not
 * depend on replica, ring, hints, batchlog, bootstrap, system or messages, nor on cairn-cluster.
 */
package io.cairn.node.query;
