/**
 * The node assembly: {@link io.cairn.node.Node} builds one Cairn node (schema, gossip and its
 * failure detector, ring, truncation records, secondary indexes over its storage, replica handlers,
 * hints, batchlog, coordinator,
 * cluster metadata log, query processor, system tables) from the {@link io.cairn.node.NodeDependencies}
 * it is given (clock, scheduler, random source, messaging, storage, request executor, replica
 * stage) and its {@link io.cairn.node.NodeSettings}. {@code JoinSequence} takes it into the ring
 * through the cluster metadata log's steps, every wait a step on the scheduler, and tells
 * {@link io.cairn.node.JoinListener}s how it goes. The server, the simulator and the tests all build their nodes here, so they run the
 * same graph.
 *
 * <p>This is the top of cairn-node: it may import every package below it, and nothing in
 * cairn-node imports it.
 */
package io.cairn.node;
