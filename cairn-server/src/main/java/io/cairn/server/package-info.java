/**
 * The node process: {@link io.cairn.server.CairnNode} builds a production node from a
 * {@link io.cairn.server.config.NodeConfig}, passing cairn-node's {@code Node} its production
 * dependencies (RocksDB, TCP messaging, the system clock, the scheduler thread, the request
 * threads, the replica stage's threads), serves CQL, and drains on close;
 * {@link io.cairn.server.ClientEvents} tells registered clients about topology and status changes.
 * The admin endpoint ({@code AdminServer}, with {@code LocalAdmin}'s node commands) serves JSON
 * commands, the web dashboard ({@code dashboard}, which samples the node's client requests on the
 * scheduler thread and keeps the process's recent warnings) and, from {@code NodeMetrics}'
 * registry, Prometheus metrics; when clients log in, {@code AdminGate} admits superusers only (HTTP Basic,
 * checked as a CQL login); {@code ProcessViews}
 * fills the {@code system_views} only the process knows (settings, thread pools, clients).
 *
 * <p>The only place that creates production threads and real clocks for a node (marked with
 * {@code SuppressForbidden}). Nothing in cairn-server is used by cairn-node or cairn-sim.
 */
package io.cairn.server;
