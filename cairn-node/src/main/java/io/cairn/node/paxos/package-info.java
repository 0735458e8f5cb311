/**
 * Lightweight transactions: per-partition Paxos, linearizable compare-and-set and SERIAL reads.
 *
 * <p>The replica (acceptor) side is {@link io.cairn.node.paxos.PaxosReplica}: the handlers of
 * PAXOS_PREPARE, PAXOS_PROPOSE and PAXOS_COMMIT (run where the assembly says: the replica
 * stage), over {@link io.cairn.node.paxos.PaxosStore}, which keeps each partition's promised,
 * accepted and committed ballots in the storage table {@code system.paxos} (outside the CQL
 * schema), written synced. The coordinator side is
 * {@link io.cairn.node.paxos.PaxosCoordinator}, the edge that sends, sets timers and feeds
 * answers to small state machines that only count and decide
 * ({@link io.cairn.node.paxos.PrepareRound}, {@link io.cairn.node.paxos.PrepareDecision},
 * {@link io.cairn.node.paxos.ProposeRound}). Ballots come from a
 * {@link io.cairn.node.paxos.BallotGenerator} that never goes back, whatever the clock does.
 *
 * <p>A peer of {@code batchlog}, {@code hints} and {@code bootstrap}: it must not depend on them,
 * nor on the coordinator, the query layer or the assembly (the coordinator adapts its
 * {@code CasRequest} to {@link io.cairn.node.paxos.PaxosCoordinator.Decision}). It may use
 * replica, ring, system, schema and messages.
 */
package io.cairn.node.paxos;
