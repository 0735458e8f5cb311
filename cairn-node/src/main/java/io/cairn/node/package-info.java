/**
 * The node assembly: {@link io.cairn.node.Node} builds one Cairn node (schema, gossip, ring,
 * coordinator, replica handlers, hints, batchlog, query processor, system tables) from the
 * dependencies it is given (clock, scheduler, random source, messaging, storage), and joins it
 * to its cluster on the scheduler. The server, the simulator and the tests all build their
 * nodes here, so they run the same graph.
 *
 * <p>This is the top of cairn-node: it may import every package below it, and nothing in
 * cairn-node imports it.
 */
package io.cairn.node;
