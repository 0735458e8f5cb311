package io.cairn.node.paxos;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.messages.Ballot;
import io.cairn.node.messages.PaxosPrepareResponse;
import io.cairn.storage.Cell;
import io.cairn.storage.Clustering;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.Row;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The counting state machines of a Paxos round, driven directly, without messaging. */
class PaxosRoundsTest {

    private static final NodeAddress A = new NodeAddress("10.0.0.1", 7000);
    private static final NodeAddress B = new NodeAddress("10.0.0.2", 7000);
    private static final NodeAddress C = new NodeAddress("10.0.0.3", 7000);
    private static final NodeAddress D = new NodeAddress("10.0.1.1", 7000);
    private static final PartitionKey KEY = new PartitionKey(1, "k".getBytes(StandardCharsets.UTF_8));

    private static PartitionUpdate write(int value, long micros) {
        return PartitionUpdate.builder(KEY).row(Row.builder(Clustering.EMPTY)
                .cell(Cell.live("v", new byte[] {(byte) value}, micros)).build()).build();
    }

    private static PaxosPrepareResponse promise(Ballot ours, Ballot accepted, PartitionUpdate acceptedUpdate,
                                                Ballot committed, PartitionUpdate committedUpdate) {
        return new PaxosPrepareResponse(true, ours, accepted, acceptedUpdate, committed, committedUpdate,
                committedUpdate == null ? PartitionUpdate.builder(KEY).build() : committedUpdate);
    }

    @Test
    void aPrepareIsPromisedAtTheQuorumAndDecidedOnlyOnce() {
        PrepareRound round = new PrepareRound(2, 3);
        Ballot ours = new Ballot(10, 1);

        assertThat(round.answered(A, promise(ours, null, null, null, null))).isEqualTo(PrepareRound.Outcome.PENDING);
        assertThat(round.answered(B, promise(ours, null, null, null, null))).isEqualTo(PrepareRound.Outcome.PROMISED);
        assertThat(round.answered(C, promise(ours, null, null, null, null))).isEqualTo(PrepareRound.Outcome.PENDING);
        assertThat(round.promises()).extracting(PrepareRound.Promise::from).containsExactly(A, B);
    }

    @Test
    void aPrepareRefusedByTooManyIsContendedAndNamesTheHighestRefusal() {
        PrepareRound round = new PrepareRound(2, 3);

        assertThat(round.answered(A, PaxosPrepareResponse.refused(new Ballot(20, 2))))
                .isEqualTo(PrepareRound.Outcome.PENDING);
        assertThat(round.answered(B, PaxosPrepareResponse.refused(new Ballot(30, 3))))
                .isEqualTo(PrepareRound.Outcome.CONTENDED);
        assertThat(round.highestRefusal()).isEqualTo(new Ballot(30, 3));
    }

    @Test
    void aPrepareThatOnlyTimesOutIsTimedOut() {
        PrepareRound round = new PrepareRound(2, 3);

        round.answered(A, promise(new Ballot(1, 1), null, null, null, null));
        assertThat(round.failed(B)).isEqualTo(PrepareRound.Outcome.PENDING);
        assertThat(round.failed(C)).isEqualTo(PrepareRound.Outcome.TIMED_OUT);
    }

    @Test
    void aProposalAcceptedAfterTheLatestCommitIsCompletedFirst() {
        Ballot ours = new Ballot(50, 1);
        List<PrepareRound.Promise> promises = List.of(
                new PrepareRound.Promise(A, promise(ours, new Ballot(40, 2), write(4, 40), new Ballot(30, 2),
                        write(3, 30))),
                new PrepareRound.Promise(B, promise(ours, null, null, new Ballot(30, 2), write(3, 30))));

        assertThat(PrepareDecision.of(ours, promises)).isEqualTo(new PrepareDecision.Complete(new Ballot(40, 2),
                write(4, 40)));
    }

    @Test
    void aReplicaMissingTheLatestCommitIsCaughtUpBeforeAnythingIsDecided() {
        Ballot ours = new Ballot(50, 1);
        List<PrepareRound.Promise> promises = List.of(
                new PrepareRound.Promise(A, promise(ours, null, null, new Ballot(30, 2), write(3, 30))),
                new PrepareRound.Promise(B, promise(ours, null, null, new Ballot(20, 2), write(2, 20))),
                new PrepareRound.Promise(C, promise(ours, new Ballot(20, 2), write(2, 20), null, null)));

        assertThat(PrepareDecision.of(ours, promises)).isEqualTo(new PrepareDecision.CatchUp(new Ballot(30, 2),
                write(3, 30), List.of(B, C)));
    }

    @Test
    void aCommitAtTheBallotsTimeMeansRetryingWithALaterOne() {
        Ballot ours = new Ballot(30, 1);
        List<PrepareRound.Promise> promises = List.of(
                new PrepareRound.Promise(A, promise(ours, null, null, new Ballot(30, 0), write(3, 30))),
                new PrepareRound.Promise(B, promise(ours, null, null, new Ballot(30, 0), write(3, 30))));

        assertThat(PrepareDecision.of(ours, promises)).isInstanceOf(PrepareDecision.Retry.class);
    }

    @Test
    void agreeingReplicasAreReadFromTheirMergedData() {
        Ballot ours = new Ballot(50, 1);
        List<PrepareRound.Promise> promises = List.of(
                new PrepareRound.Promise(A, promise(ours, null, null, new Ballot(30, 2), write(3, 30))),
                new PrepareRound.Promise(B, promise(ours, new Ballot(30, 2), write(3, 30), new Ballot(30, 2),
                        write(3, 30))));

        assertThat(PrepareDecision.of(ours, promises)).isEqualTo(new PrepareDecision.Read(List.of(write(3, 30),
                write(3, 30))));
    }

    @Test
    void aProposalIsChosenAtTheQuorumAndDoneWhenTheCommitLevelApplied() {
        ProposeRound round = new ProposeRound(2, 2, node -> true, List.of(A, B, C), List.of());

        assertThat(round.accepted(A)).isEqualTo(ProposeRound.Step.NONE);
        assertThat(round.takeCommitTargets()).isEmpty();
        assertThat(round.accepted(B)).isEqualTo(ProposeRound.Step.NONE);
        assertThat(round.takeCommitTargets()).containsExactlyInAnyOrder(A, B);
        assertThat(round.takeCommitTargets()).isEmpty();
        assertThat(round.commitAcknowledged(A)).isEqualTo(ProposeRound.Step.NONE);
        assertThat(round.commitAcknowledged(B)).isEqualTo(ProposeRound.Step.DONE);
        assertThat(round.accepted(C)).isEqualTo(ProposeRound.Step.NONE);
        assertThat(round.takeCommitTargets()).as("a late acceptor still gets the commit").containsExactly(C);
    }

    @Test
    void committedAnswersAreAcceptancesAndCommitsAtOnce() {
        ProposeRound round = new ProposeRound(2, 2, node -> true, List.of(A, B, C), List.of());

        round.accepted(A);
        assertThat(round.committed(B)).isEqualTo(ProposeRound.Step.NONE);
        assertThat(round.takeCommitTargets()).containsExactly(A);
        assertThat(round.commitAcknowledged(A)).isEqualTo(ProposeRound.Step.DONE);
    }

    @Test
    void aProposalEveryoneRefusedIsSafeToRetryButOneSomeoneMayHoldIsUnknown() {
        ProposeRound refused = new ProposeRound(2, 2, node -> true, List.of(A, B, C), List.of());
        refused.rejected(A, new Ballot(9, 9));
        assertThat(refused.rejected(B, new Ballot(8, 8))).as("C may still accept").isEqualTo(ProposeRound.Step.NONE);
        assertThat(refused.rejected(C, new Ballot(7, 7))).isEqualTo(ProposeRound.Step.REFUSED);
        assertThat(refused.highestRejection()).isEqualTo(new Ballot(9, 9));

        // Two refusals make a quorum impossible, but the last replica accepts: another coordinator's
        // prepare may find that acceptance and complete the proposal, so its fate is unknown.
        ProposeRound lateAcceptance = new ProposeRound(2, 2, node -> true, List.of(A, B, C), List.of());
        lateAcceptance.rejected(A, new Ballot(9, 9));
        assertThat(lateAcceptance.rejected(B, new Ballot(9, 9))).isEqualTo(ProposeRound.Step.NONE);
        assertThat(lateAcceptance.accepted(C)).isEqualTo(ProposeRound.Step.UNKNOWN);
        assertThat(lateAcceptance.isFinished()).isTrue();

        ProposeRound heldByOne = new ProposeRound(2, 2, node -> true, List.of(A, B, C), List.of());
        heldByOne.accepted(A);
        heldByOne.rejected(B, new Ballot(9, 9));
        assertThat(heldByOne.rejected(C, new Ballot(9, 9))).isEqualTo(ProposeRound.Step.UNKNOWN);

        ProposeRound silent = new ProposeRound(2, 2, node -> true, List.of(A, B, C), List.of());
        silent.rejected(A, new Ballot(9, 9));
        assertThat(silent.failed(B)).isEqualTo(ProposeRound.Step.UNKNOWN);
    }

    @Test
    void aChosenProposalWhoseCommitsFailIsACommitFailureAndAnyIsDoneAtOnce() {
        ProposeRound round = new ProposeRound(2, 2, node -> true, List.of(A, B, C), List.of());
        round.accepted(A);
        round.accepted(B);
        assertThat(round.takeCommitTargets()).containsExactlyInAnyOrder(A, B);
        assertThat(round.commitFailed(A)).isEqualTo(ProposeRound.Step.NONE);
        assertThat(round.failed(C)).isEqualTo(ProposeRound.Step.COMMIT_FAILED);

        ProposeRound any = new ProposeRound(2, 0, node -> true, List.of(A, B, C), List.of(D));
        any.accepted(A);
        assertThat(any.accepted(B)).isEqualTo(ProposeRound.Step.DONE);
        assertThat(any.takeCommitTargets()).as("the commit still goes out").containsExactlyInAnyOrder(A, B, D);
    }

    @Test
    void aCleanupIsDueOnceWhenEveryReplicaCommittedAndNeverWhileOneHasNot() {
        ProposeRound round = new ProposeRound(2, 2, node -> true, List.of(A, B, C), List.of(D));
        List<NodeAddress> replicas = List.of(A, B, C, D);

        round.accepted(A);
        round.committed(B);
        round.takeCommitTargets();
        assertThat(round.commitAcknowledged(A)).isEqualTo(ProposeRound.Step.DONE);
        assertThat(round.takeCleanup(replicas)).as("C has not answered, D has not acknowledged").isFalse();
        round.committed(C);
        assertThat(round.takeCleanup(replicas)).isFalse();
        round.commitAcknowledged(D);
        assertThat(round.takeCleanup(replicas)).isTrue();
        assertThat(round.takeCleanup(replicas)).as("only once").isFalse();

        ProposeRound oneDown = new ProposeRound(2, 2, node -> true, List.of(A, B), List.of());
        oneDown.committed(A);
        oneDown.committed(B);
        assertThat(oneDown.takeCleanup(List.of(A, B, C))).as("a replica that is down never committed").isFalse();
    }

    @Test
    void aLatestCommitWhoseUpdateWasCleanedUpIsReadNotCaughtUp() {
        Ballot ours = new Ballot(50, 1);
        // A and B cleaned 30 up (every replica had committed it); C joined since, with streamed data.
        List<PrepareRound.Promise> promises = List.of(
                new PrepareRound.Promise(A, new PaxosPrepareResponse(true, ours, null, null, new Ballot(30, 2), null,
                        write(3, 30))),
                new PrepareRound.Promise(B, new PaxosPrepareResponse(true, ours, null, null, new Ballot(30, 2), null,
                        write(3, 30))),
                new PrepareRound.Promise(C, new PaxosPrepareResponse(true, ours, null, null, null, null,
                        write(3, 30))));

        assertThat(PrepareDecision.of(ours, promises)).isEqualTo(new PrepareDecision.Read(List.of(write(3, 30),
                write(3, 30), write(3, 30))));
    }

    @Test
    void twoUpdatesInFlightUnderOneBallotFailTheDecisionRatherThanPickOne() {
        Ballot ours = new Ballot(50, 1);
        Ballot reused = new Ballot(40, 2);
        List<PrepareRound.Promise> promises = List.of(
                new PrepareRound.Promise(A, promise(ours, reused, write(4, 40), null, null)),
                new PrepareRound.Promise(B, promise(ours, reused, write(5, 40), null, null)));

        assertThatThrownBy(() -> PrepareDecision.of(ours, promises)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Two updates were accepted under the ballot Ballot[40:2]");
        List<PrepareRound.Promise> agreeing = List.of(promises.get(0),
                new PrepareRound.Promise(B, promise(ours, reused, write(4, 40), null, null)));
        assertThat(PrepareDecision.of(ours, agreeing)).isEqualTo(new PrepareDecision.Complete(reused, write(4, 40)));
    }
}
