/**
 * The deterministic simulator: several nodes of real Cairn code (coordinator, replica
 * handlers, gossip and failure detector, hints, read repair, the in-memory storage engine) in
 * one JVM, on one thread, on virtual time and an in-JVM network. Every choice (message delays,
 * losses, partitions, crashes, pauses, clock skew, the workload) is drawn from one seed, so a
 * failing seed replays exactly. Clients speak CQL to each node's query processor, as a driver
 * would, and record a history of their operations; checkers judge it.
 *
 * <p>{@link io.cairn.sim.Simulation} runs the phases of one seed over a {@link io.cairn.sim.SimCluster};
 * {@link io.cairn.sim.Clients} send {@link io.cairn.sim.Workload}'s operations (through
 * {@link io.cairn.sim.CqlClient}) and run {@link io.cairn.sim.SchemaChanges};
 * {@link io.cairn.sim.Nemesis} is the faults (with joins, also the topology changes: nodes joining, one
 * decommissioning, one lost for good and removed, one lost for good and replaced by a new node;
 * with moves, nodes moving to other tokens),
 * {@link io.cairn.sim.FinalChecks} the final reads and {@link io.cairn.sim.Checkers} the verdicts.
 * A run of lightweight transactions ({@code SimConfig.lwt}) has {@link io.cairn.sim.LwtWorkload}
 * for clients, {@link io.cairn.sim.LwtFinalChecks} and {@link io.cairn.sim.LwtCheckers} (registers
 * judged by the {@link io.cairn.sim.LinearizabilityChecker}, unique inserts) for its checks, and
 * {@link io.cairn.sim.PaxosFaults} for its planted bugs. A run of counters ({@code SimConfig.counters}) has
 * {@link io.cairn.sim.CounterWorkload} for clients and {@link io.cairn.sim.CounterFinalChecks} and
 * {@link io.cairn.sim.CounterCheckers} (bounds of the final values, reads, agreement, shards that only
 * grow) for its checks.
 *
 * <p>A node here is cairn-node's code built from simulated dependencies (the in-JVM network, a
 * per-node virtual clock and scheduler, the in-memory store), never a copy of it: a nemesis or
 * a planted bug ({@link io.cairn.sim.Plant}) acts through those dependencies (a Paxos bug also
 * through the node's public Paxos store and message records, and its ballot generator). The simulator may
 * use cairn-node and the modules below it; it must not depend on cairn-server (no Netty, no
 * RocksDB, no real threads) or cairn-tools, which runs it.
 */
package io.cairn.sim;
