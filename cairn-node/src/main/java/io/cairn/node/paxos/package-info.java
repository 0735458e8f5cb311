/**
 * Lightweight transactions: per-partition Paxos, linearizable compare-and-set and SERIAL reads.
 *
 * <p>The replica (acceptor) side is {@link io.cairn.node.paxos.PaxosReplica}: the handlers of
 * PAXOS_PREPARE, PAXOS_PROPOSE, PAXOS_COMMIT and PAXOS_CLEANUP (run where the assembly says: the
 * replica stage), over {@link io.cairn.node.paxos.PaxosStore}, which keeps each partition's promised,
 * accepted and committed ballots in the storage table {@code system.paxos} (outside the CQL
 * schema): acceptances and commits written synced (a commit's data with its register, in one
 * write), promises unsynced under a synced promise floor that a restarted replica refuses
 * ballots under. Under a higher promise, a replica rejects only a proposal it never accepted
 * ({@link io.cairn.node.paxos.AcceptedBallots}), and answers a late copy of one it accepted
 * UNCERTAIN, which its coordinator counts as no answer. A PAXOS_PREPARE carries its transaction's read
 * filter, and a promise answers the raw partition within the filter's slices only (with the
 * partition deletion, every range deletion and the static row, which the coordinator's merge
 * needs to read those slices right). The coordinator side is
 * {@link io.cairn.node.paxos.PaxosCoordinator}, the edge that sends, sets timers and feeds
 * answers to small state machines that only count and decide
 * ({@link io.cairn.node.paxos.PrepareRound}, {@link io.cairn.node.paxos.PrepareDecision},
 * {@link io.cairn.node.paxos.ProposeRound}); the merge of the promised data and the
 * transaction's decision on it run on the injected request executor, not on a messaging thread.
 * Ballots come from a {@link io.cairn.node.paxos.BallotGenerator} that never goes back, whatever
 * the clock does.
 *
 * <p>What is kept: every register keeps its ballot for good. The update of an accepted or
 * committed register is dropped once every replica of the partition (natural and pending, all
 * data centers, none down) committed its ballot: the coordinator that saw all those commits
 * queues a cleanup for each after answering its client, and {@link io.cairn.node.paxos.CleanupBatcher}
 * sends each replica one PAXOS_CLEANUP for the cleanups of a few milliseconds. While a replica is
 * down, updates are kept.
 *
 * <p>Registers are kept by table name. When a table is dropped here (or found re-created under
 * its name with another id), {@link io.cairn.node.paxos.PaxosReplica#forgetTable} leaves its
 * partitions' registers at their highest ballot with nothing accepted or committed to complete,
 * so a table created again never receives the old table's proposals. After a TRUNCATE, a
 * committed update written at or before the table's truncation time here is recorded but not
 * applied, so completing a proposal accepted before the TRUNCATE brings nothing back. Residual
 * risks: a proposal of the old table still travelling while its table is dropped may be
 * recorded after the registers were forgotten; and a truncation time is this node's clock
 * while updates carry their coordinator's ballot time, so under clock skew a transaction
 * decided just after a TRUNCATE by a node whose clock is behind may be left out here (the same
 * rule and risk as Cassandra's).
 *
 * <p>Ballots across restarts: a {@link io.cairn.node.paxos.BallotGenerator} persists a high mark
 * ({@link io.cairn.node.paxos.BallotMarkStore}, the storage table {@code system.paxos_ballots},
 * synced) one second of ballot time ahead of the ballots it issues, before issuing any past the
 * previous mark, and a restarted node's generator starts above the stored mark: a node restarted
 * with its clock set back never issues a ballot it issued before. Should a ballot still be
 * repeated (a node's storage lost or restored from an old snapshot), an acceptor refuses a
 * proposal whose ballot it already accepted or committed with another update (REJECTED,
 * logged as an error), so one ballot never names two values on a replica, and a coordinator
 * that finds two updates in flight under one ballot fails rather than guess which was chosen.
 */
package io.cairn.node.paxos;
