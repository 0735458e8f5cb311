package io.cairn.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole simulated clusters: determinism, many seeds, found bugs' seeds, planted bugs. */
class SimulationTest {

    private static final Duration TWENTY_MINUTES = Duration.ofMinutes(20);
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final Duration SHORT = Duration.ofMinutes(3);
    /** Simulated minutes of each seed of the batch of lightweight transactions (its wall time stays modest). */
    private static final Duration LWT_BATCH = Duration.ofMinutes(20);
    private static final Duration LWT_SHORT = Duration.ofSeconds(90);
    /** Simulated minutes of each seed of the batch of counters (100 seeds in about a minute on two cores). */
    private static final Duration COUNTERS_BATCH = Duration.ofMinutes(3);

    @Test
    void aSeedReplaysExactlyAndAnotherSeedDoesNot() {
        SimConfig config = SimConfig.standard(7, SHORT);
        SimResult first = Simulation.run(config);
        SimResult again = Simulation.run(config);
        SimResult other = Simulation.run(config.withSeed(8));
        assertThat(first.events()).isGreaterThan(10_000);
        assertThat(again.eventHash()).isEqualTo(first.eventHash());
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(again.history().ops().toString()).isEqualTo(first.history().ops().toString());
        assertThat(other.eventHash()).isNotEqualTo(first.eventHash());
    }

    @Test
    void aSeedOfLightweightTransactionsReplaysExactly() {
        assertPassesAndReplaysExactly(SimConfig.lwt(7, LWT_SHORT));
    }

    /**
     * The CI batch: 200 seeds of 3 to 5 nodes, each twenty simulated minutes of clients under
     * partitions, loss, duplication, slow links, crashes and restarts, pauses and clock steps,
     * then the final checks. Every checker must hold on every seed.
     */
    @Test
    void twoHundredFaultySeedsKeepEveryPromise() {
        List<SimConfig> configs = new ArrayList<>();
        for (long seed = 1_000; seed < 1_200; seed++) {
            configs.add(SimConfig.standard(seed, TWENTY_MINUTES));
        }
        SeedRunner.Summary summary = runAllPassing("Simulator", configs);
        assertThat(summary.operations()).as("the clients kept working").isGreaterThan(200L * 10_000);
    }

    /**
     * Nodes joining, one decommissioning, one lost for good and removed and one lost for good and
     * replaced (on its own address or a new one), under the faults: 100 seeds of ten simulated
     * minutes, 3 to 5 nodes, checked by every checker (a key kept on a quorum after each join,
     * leave, removal and replacement, a node that took over a leaving node's ranges holding what
     * it held, a replacement holding what it copied, and in every log with the dead node's tokens).
     */
    @Test
    void threeHundredSeedsWithNodesJoiningLeavingAndReplacedKeepEveryPromise() {
        List<SimConfig> configs = new ArrayList<>();
        for (long seed = 3_000; seed < 3_300; seed++) {
            configs.add(SimConfig.standard(seed, TEN_MINUTES).withJoins(true));
        }
        runAllPassing("Simulator, joins and leaves", configs);
    }

    /**
     * Nodes moving to other tokens (up to two), besides nodes joining, one leaving and one lost
     * for good, under the faults: 100 seeds of ten simulated minutes, checked by every checker (a
     * key kept on a quorum of its new replicas after each move, and each node that gained a
     * key's range holding what the old replicas held when the move was ordered).
     */
    @Test
    void aHundredSeedsWithNodesMovingKeepEveryPromise() {
        List<SimConfig> configs = new ArrayList<>();
        for (long seed = 5_000; seed < 5_100; seed++) {
            configs.add(SimConfig.standard(seed, TEN_MINUTES).withJoins(true).withMoves(true));
        }
        runAllPassing("Simulator, moves", configs);
    }

    /**
     * Seeds that failed before the fix: a range read at QUORUM whose piece a replica refused as
     * planned at a stale epoch (a decommission had moved a step on) answered READ_TIMEOUT; now
     * the rest of the range is cut at the new ring's tokens and read on.
     */
    @ParameterizedTest
    @ValueSource(longs = {3163, 3480, 3487})
    void aRangeReadRefusedAsStaleIsPlannedAgain(long seed) {
        SimResult result = Simulation.run(SimConfig.standard(seed, TEN_MINUTES).withJoins(true));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    /**
     * A seed that failed before the fix: a replacement on the dead node's own address, still
     * waiting to prepare, answered a QUORUM read meant for the dead node (same address) from its
     * empty storage, and the read returned a value older than an acknowledged write. A node that
     * holds no replica at its epoch now refuses data requests (NOT_A_REPLICA).
     */
    @Test
    void aReplacementOnTheDeadNodesAddressDoesNotAnswerForItBeforeItHoldsItsRanges() {
        SimResult result = Simulation.run(SimConfig.standard(3711, TEN_MINUTES).withJoins(true));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    /**
     * A seed whose logged batch (at QUORUM, timed out storing it in the batchlog) was held by one
     * node only, which replayed it to itself alone (the other replicas cut off or down, their
     * hints kept there too); a read at ONE saw its register there, then that node was lost for
     * good and the whole batch with it. Not half a batch: the checker excuses it, as it excuses
     * a write at ONE that only the lost node may have had.
     */
    @Test
    void aLoggedBatchHeldByANodeLostForGoodAloneMayVanishWhole() {
        SimResult result = Simulation.run(SimConfig.standard(3439, TEN_MINUTES).withJoins(true));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    /**
     * A coordinator that plans from a snapshot of some epochs back (missing a join's last steps)
     * while stamping its current epoch, so that no replica refuses it, writes to the old replicas
     * while the others read the new ones: reads miss writes, and replicas end up different.
     */
    @Test
    void theReadCheckersCatchACoordinatorThatPlansAtAStaleEpochButStampsItsCurrentOne() {
        expectCaughtOnSomeSeed(SimConfig.standard(1, TEN_MINUTES).withJoins(true), Plant.STALE_COORDINATOR_EPOCH, 20,
                "read after write", "lost writes", "convergence");
    }

    /**
     * A decommission that moves to MID and finishes without the nodes that gain its ranges
     * having copied them: what the leaving node held is missing from the node that took its
     * place, and a key may be left on fewer than a quorum of its replicas.
     */
    @Test
    void theLeaveCheckerCatchesADecommissionThatFinishesBeforeTheCopies() {
        expectCaughtOnSomeSeed(SimConfig.standard(1, TEN_MINUTES).withJoins(true), Plant.LEAVE_BEFORE_STREAMED, 20,
                "joins and leaves");
    }

    /**
     * A move that goes to MID and finishes without the nodes that gain ranges having copied them:
     * a node that gained a key's range lacks what its old replicas held, and a key may be left on
     * fewer than a quorum of its new replicas.
     */
    @Test
    void theMoveCheckerCatchesAMoveThatFinishesBeforeTheCopies() {
        expectCaughtOnSomeSeed(SimConfig.standard(1, TEN_MINUTES).withMoves(true), Plant.LEAVE_BEFORE_STREAMED, 20,
                "joins and leaves");
    }

    /**
     * A replacement that moves to MID and finishes without having copied the dead node's ranges:
     * it lacks writes acknowledged at QUORUM before it began copying, which the replicas that
     * stay held.
     */
    @Test
    void theReplaceCheckerCatchesAReplacementThatFinishesWithoutCopying() {
        expectCaughtOnSomeSeed(SimConfig.standard(3_001, TEN_MINUTES).withJoins(true), Plant.REPLACE_WITHOUT_COPY, 20,
                "joins and leaves");
    }

    /**
     * Variants the CI batch does not cover: without hints (only read repair brings replicas
     * back), and with periodic commit-log sync (crashes lose unsynced writes).
     */
    @Test
    void fiftySeedsWithoutHintsAndFiftyWithPeriodicSyncKeepEveryPromise() {
        List<SimConfig> configs = new ArrayList<>();
        for (long seed = 2_000; seed < 2_050; seed++) {
            configs.add(SimConfig.standard(seed, TEN_MINUTES).withHintedHandoff(false));
            configs.add(SimConfig.standard(seed + 1_000, TEN_MINUTES).withPeriodicSync(true));
        }
        runAllPassing("Simulator, variants", configs);
    }

    /**
     * Seeds that failed the read-after-write check before the fix: a node restarted together
     * with the seed node coordinated QUORUM writes with a ring of the two of them (it had not
     * heard gossip yet), so the writes went to the wrong replicas; now a restarted node
     * remembers the ring from system.peers_v2.
     */
    @ParameterizedTest
    @ValueSource(longs = {67, 70, 150})
    void aRestartedNodeWritesToTheRightReplicas(long seed) {
        SimResult result = Simulation.run(SimConfig.standard(seed, Duration.ofMinutes(5)));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    /**
     * A seed that failed the phantom check before the fix: a LOGGED batch whose second table's
     * part had too few live replicas was refused as UNAVAILABLE after its first part was written
     * (then batchlog replay applied the rest), so a value the client was told was never written
     * was read. Now every part is checked before anything is written.
     */
    @Test
    void aBatchRefusedAsUnavailableWroteNothing() {
        SimResult result = Simulation.run(SimConfig.standard(1022, Duration.ofMinutes(20)));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    /**
     * Seeds with nodes joining under faults that failed before the fixes: with two nodes joining
     * at once, each computed its ranges as if the other had joined too, so the first to finish
     * lacked data it then owned (70, 123, 172: a key left on fewer than a quorum of its replicas);
     * and a joining node copied each range from any replica, which may have missed a QUORUM write
     * that the replica giving the range up had (50, 68, 73, 110: stale QUORUM reads).
     */
    @ParameterizedTest
    @ValueSource(longs = {50, 68, 73, 110, 70, 123, 172, 180, 300135})
    void nodesJoiningUnderFaultsKeepEveryKeyOnAQuorum(long seed) {
        SimResult result = Simulation.run(SimConfig.standard(seed, TEN_MINUTES).withJoins(true));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    @Test
    void theReadAfterWriteCheckerCatchesACoordinatorThatAcknowledgesQuorumAfterOneReplica() {
        expectCaught(SimConfig.standard(1, SHORT), Plant.QUORUM_AFTER_ONE, "read after write");
    }

    @Test
    void theConvergenceCheckerCatchesASkippedReadRepair() {
        // Without hints and automatic repair, only read repair brings back a replica that missed writes.
        expectCaught(SimConfig.standard(2, SHORT).withHintedHandoff(false).withAutoRepair(false), Plant.SKIP_READ_REPAIR,
                "convergence");
    }

    @Test
    void theRepairConvergenceCheckerCatchesARepairWhosePagesAreNotMerged() {
        expectCaught(SimConfig.standard(9, SHORT), Plant.REPAIR_WRITES_DROPPED, "repair convergence");
    }

    @Test
    void theRepairConvergenceCheckerCatchesARepairThatSkipsASubRange() {
        expectCaughtOnSomeSeed(SimConfig.standard(1, SHORT), Plant.REPAIR_SKIPS_A_RANGE, "repair convergence", 10);
    }

    @Test
    void theRepairConvergenceCheckerCatchesAnIncrementalRepairThatComparesOnlyItsOwnList() {
        expectCaught(SimConfig.standard(2, SHORT), Plant.INCREMENTAL_OWN_LIST_ONLY, "repair convergence");
    }

    @Test
    void theResurrectionCheckerCatchesTombstonesPurgedWithoutARepair() {
        // Without hints, a replica that missed a deletion keeps the old value until a repair or
        // a read repair: purged elsewhere past gc grace, the value comes back.
        expectCaughtOnSomeSeed(SimConfig.standard(1, TEN_MINUTES).withNodes(3).withHintedHandoff(false),
                Plant.PURGE_WITHOUT_REPAIR, "resurrections", 20);
    }

    @Test
    void theLostWriteCheckerCatchesReplicasThatAcknowledgeWritesTheyDidNotApply() {
        // With 5 nodes and 3 replicas, some coordinators are no replica: their writes exist nowhere.
        expectCaught(SimConfig.standard(3, SHORT).withNodes(5), Plant.ACK_WITHOUT_APPLY, "lost writes");
    }

    @Test
    void theLivenessCheckerCatchesANodeWronglyBelievedDown() {
        expectCaught(SimConfig.standard(4, SHORT), Plant.FALSE_DOWN, "liveness");
    }

    @Test
    void theLoggedBatchCheckerCatchesABatchlogThatDoesNotStoreBatches() {
        // The nemesis crashes coordinators between a batch's parts; a non-replica coordinator
        // (5 nodes, 3 replicas) then leaves its second part nowhere but in the batchlog. Only
        // some short runs do this to a logged batch, so a few seeds are tried.
        expectCaughtOnSomeSeed(SimConfig.standard(5, SHORT).withNodes(5), Plant.BATCHLOG_NOT_STORED,
                "logged batches", 12);
    }

    @Test
    void theListCheckerCatchesReplicasThatDropListAppends() {
        // With 5 nodes and 3 replicas, some coordinators are no replica: their appends exist nowhere.
        expectCaught(SimConfig.standard(6, SHORT).withNodes(5), Plant.LIST_APPENDS_DROPPED, "list appends");
    }

    @Test
    void theSchemaCheckerCatchesNodesThatNeitherPushNorFetchTheLog() {
        // The schema client's changes are decided, but reach no node's log but their coordinator's.
        expectCaught(SimConfig.standard(7, SHORT), Plant.METADATA_NOT_PROPAGATED, "schema agreement");
    }

    @Test
    void theMetadataLogCheckerCatchesNodesThatNeitherPushNorFetchTheLog() {
        expectCaught(SimConfig.standard(8, SHORT), Plant.METADATA_NOT_PROPAGATED, "metadata log");
    }

    /**
     * The CI batch of lightweight transactions: 300 seeds of 3 to 5 nodes, each twenty simulated
     * minutes of three clients racing INSERT IF NOT EXISTS, UPDATE IF and SERIAL and
     * QUORUM reads on three keys, under every fault (crashes under periodic commit-log sync, some
     * in the middle of a Paxos round; clock steps of seconds), then the liveness phases and the
     * final reads. Every register is linearizable, every unique key is won once, and every other
     * checker holds, on every seed. About three minutes on two cores; longer runs:
     * {@code cairn sim run --lwt --seeds 5000 --minutes 20}.
     */
    @Test
    void threeHundredFaultySeedsOfLightweightTransactionsAreLinearizable() {
        List<SimConfig> configs = new ArrayList<>();
        for (long seed = 5_000; seed < 5_300; seed++) {
            configs.add(SimConfig.lwt(seed, LWT_BATCH));
        }
        SeedRunner.Summary summary = runAllPassing("Simulator, lightweight transactions", configs);
        assertThat(summary.operations()).as("the clients kept working").isGreaterThan(300L * 2_000);
    }

    /**
     * A seed that failed linearizability before the fix: the network delivered a PROPOSE twice,
     * the replica accepted the first copy and rejected the second after a higher promise, and
     * the coordinator, hearing the rejection first, took its proposal for refused, completed it
     * as someone else's and told its client the condition failed. A replica now answers a late
     * copy of a proposal it accepted UNCERTAIN (no answer), never REJECTED.
     */
    @Test
    void aDuplicatedProposalIsNotTakenForRefused() {
        SimResult result = Simulation.run(SimConfig.lwt(20_059, LWT_BATCH));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    /**
     * LWT seed 43065, 5 nodes: applied unique inserts that a later SERIAL read (and a QUORUM read
     * through another node) did not see, while replicas answered late copies of proposals they had
     * accepted ACCEPTED again after promising higher ballots. Such copies are answered UNCERTAIN.
     */
    @Test
    void aLateCopyOfAProposalIsNotCountedAsAnAcceptance() {
        SimResult result = Simulation.run(SimConfig.lwt(43_065, LWT_BATCH));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    /**
     * Seeds of lightweight transactions under joins that failed before the fix. Seed 13: a unique
     * insert was accepted by two of three replicas and committed (applied) on one of them only,
     * its client answered it unknown; two joins then moved the key onto the replica that lacked
     * it and two new nodes, which copied the data of the replicas giving the range up but not
     * their Paxos registers. The new replicas' quorum held neither the row nor the proposal: a
     * final SERIAL read saw no row, and a QUORUM read after it the row. A node receiving ranges now
     * copies their Paxos registers too, before their data, from the same replicas.
     */
    @ParameterizedTest
    @ValueSource(longs = {9, 13, 38})
    void aProposalChosenBeforeAJoinIsCopiedToTheNewReplicas(long seed) {
        SimResult result = Simulation.run(SimConfig.lwt(seed, TEN_MINUTES).withJoins(true));
        assertThat(result.passed()).as(result::report).isTrue();
    }

    @Test
    void theLinearizabilityCheckerCatchesAcceptorsThatPromiseALowerBallot() {
        expectCaughtOnSomeSeed(SimConfig.lwt(1, LWT_SHORT), Plant.PAXOS_PROMISES_LOWER_BALLOT, 50,
                "linearizability", "unique inserts");
    }

    @Test
    void theLinearizabilityCheckerCatchesAPrepareThatIgnoresAnAcceptedProposal() {
        expectCaughtOnSomeSeed(SimConfig.lwt(1, LWT_SHORT), Plant.PAXOS_PREPARE_HIDES_ACCEPTED, 50,
                "linearizability", "unique inserts");
    }

    @Test
    void theLinearizabilityCheckerCatchesAnAcceptorThatAnswersWithoutStoring() {
        expectCaughtOnSomeSeed(SimConfig.lwt(1, LWT_SHORT), Plant.PAXOS_ACCEPT_NOT_STORED, 50,
                "linearizability", "unique inserts");
    }

    @Test
    void theCheckersCatchBallotsTakenFromTheClockAlone() {
        expectCaughtOnSomeSeed(SimConfig.lwt(1, LWT_SHORT), Plant.PAXOS_CLOCK_BALLOTS, 50,
                "linearizability", "unique inserts", "lwt liveness");
    }

    @Test
    void aSeedOfCountersReplaysExactly() {
        assertPassesAndReplaysExactly(SimConfig.counters(7, COUNTERS_BATCH));
    }

    /**
     * The CI batch of counters: 100 seeds of 3 to 5 nodes, each three simulated minutes of four
     * clients incrementing three counters (single statements and COUNTER batches, at ONE, QUORUM
     * and ALL) and reading them at QUORUM and ALL, under every fault (crashes under periodic
     * commit-log sync, many of a node soon after it led an increment), then the final increments
     * and reads. Every counter ends between its acknowledged and its acknowledged-or-unknown
     * increments, every shard only grows, and every other checker holds, on every seed. Longer
     * runs: {@code cairn sim run --counters --seeds 1000}.
     */
    @Test
    void aHundredFaultySeedsOfCountersCountEveryIncrementOnce() {
        List<SimConfig> configs = new ArrayList<>();
        for (long seed = 7_000; seed < 7_100; seed++) {
            configs.add(SimConfig.counters(seed, COUNTERS_BATCH));
        }
        SeedRunner.Summary summary = runAllPassing("Simulator, counters", configs);
        assertThat(summary.operations()).as("the clients kept working").isGreaterThan(100L * 2_000);
    }

    /**
     * A node that keeps its counter incarnation across a crash under periodic sync leads its
     * shard again from the older state it kept, and its next increment writes a smaller total
     * over the newer one its replicas hold: the shard goes back (increments acknowledged at
     * QUORUM are lost; the final bounds see it only when the loss exceeds what the unknown
     * increments leave open).
     */
    @Test
    void theShardCheckerCatchesAnIncarnationNotRenewedAtRestart() {
        expectCaughtOnSomeSeed(SimConfig.counters(1, COUNTERS_BATCH), Plant.COUNTER_SHARD_NOT_RENEWED, 50,
                "counter shards", "counter bounds");
    }

    /** A client that sends a timed-out increment again counts it twice when its leader had applied it. */
    @Test
    void theBoundsCheckerCatchesAClientThatRetriesTimedOutIncrements() {
        expectCaughtOnSomeSeed(SimConfig.counters(1, COUNTERS_BATCH), Plant.COUNTER_CLIENT_RETRIES, 50,
                "counter bounds");
    }

    /**
     * On at most {@code seeds} seeds from {@code config}'s, some seed fails the named checker
     * with the bug planted, and passes as is.
     */
    private static void expectCaughtOnSomeSeed(SimConfig config, Plant plant, String checker, int seeds) {
        expectCaughtOnSomeSeed(config, plant, seeds, checker);
    }

    /**
     * On at most {@code seeds} seeds from {@code config}'s, some seed fails one of the named
     * checkers with the bug planted, and passes as is; prints which seed and checker.
     */
    private static void expectCaughtOnSomeSeed(SimConfig config, Plant plant, int seeds, String... checkers) {
        List<String> missed = new ArrayList<>();
        for (long seed = config.seed(); seed < config.seed() + seeds; seed++) {
            SimResult planted = Simulation.run(config.withSeed(seed).withPlant(plant));
            String checker = planted.failedCheckers().stream().filter(List.of(checkers)::contains).findFirst()
                    .orElse(null);
            if (checker != null) {
                System.out.println(plant + " caught by " + checker + " on seed " + seed + " (" + (seed - config.seed() + 1)
                        + " tried): " + planted.violations().get(checker).get(0));
                SimResult clean = Simulation.run(config.withSeed(seed));
                assertThat(clean.passed()).as(clean::report).isTrue();
                assertThat(planted.violations().get(checker).get(0)).isNotBlank();
                return;
            }
            missed.add(planted.summary());
        }
        throw new AssertionError("no seed caught " + plant + ":\n" + String.join("\n", missed));
    }

    /** The configuration passes as is, and fails the named checker with the bug planted. */
    private static void expectCaught(SimConfig config, Plant plant, String checker) {
        SimResult clean = Simulation.run(config);
        assertThat(clean.passed()).as(clean::report).isTrue();
        SimResult planted = Simulation.run(config.withPlant(plant));
        assertThat(planted.failedCheckers()).as(planted::report).contains(checker);
        assertThat(planted.violations().get(checker).get(0)).isNotBlank();
    }

    /** Runs {@code configs} on two threads and requires every seed to pass; prints the summary. */
    private static SeedRunner.Summary runAllPassing(String what, List<SimConfig> configs) {
        SeedRunner.Summary summary = SeedRunner.run(configs, 2, result -> { });
        System.out.println(what + ": " + summary.describe());
        assertThat(summary.failures()).as(() -> summary.failures().stream().map(SimResult::report)
                .reduce("", String::concat)).isEmpty();
        assertThat(summary.runs()).isEqualTo(configs.size());
        return summary;
    }

    /** A seed that passes, and replays exactly: the same events and the same history. */
    private static void assertPassesAndReplaysExactly(SimConfig config) {
        SimResult first = Simulation.run(config);
        SimResult again = Simulation.run(config);
        assertThat(first.passed()).as(first::report).isTrue();
        assertThat(again.eventHash()).isEqualTo(first.eventHash());
        assertThat(again.history().ops().toString()).isEqualTo(first.history().ops().toString());
    }
}
