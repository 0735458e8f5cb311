/**
 * The deterministic simulator: several nodes of real Cairn code (coordinator, replica
 * handlers, gossip and failure detector, hints, read repair, the in-memory storage engine) in
 * one JVM, on one thread, on virtual time and an in-JVM network. Every choice (message delays,
 * losses, partitions, crashes, pauses, clock skew, the workload) is drawn from one seed, so a
 * failing seed replays exactly. Clients record a history of their operations; checkers judge it.
 *
 * <p>A node here is cairn-node's code built from simulated dependencies (the in-JVM network, a
 * per-node virtual clock and scheduler, the in-memory store), never a copy of it: a nemesis or
 * a planted bug ({@link io.cairn.sim.Plant}) acts through those dependencies. The simulator may
 * use cairn-node and the modules below it; it must not depend on cairn-server (no Netty, no
 * RocksDB, no real threads) or cairn-tools, which runs it.
 */
package io.cairn.sim;
