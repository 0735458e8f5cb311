package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.replica.ReplicaHandlers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.cairn.node.coordinator.FixedTopology.node;
import static org.assertj.core.api.Assertions.assertThat;

class ReadRoundTest {

    private static final NodeAddress A = node("dc1", 1);
    private static final NodeAddress B = node("dc1", 2);
    private static final NodeAddress C = node("dc1", 3);
    private static final byte[] ROWS = "rows".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_ROWS = "other rows".getBytes(StandardCharsets.UTF_8);

    @Test
    void aRoundIsDoneOnceDataAndEnoughAnswersCame() {
        ReadRound round = new ReadRound(2, 2, List.of());

        round.answered(B, false, ReplicaHandlers.digest(ROWS));
        assertThat(round.done()).as("a digest alone answers nothing").isNotDone();
        round.answered(A, true, ROWS);

        assertThat(round.done()).isDone();
        assertThat(round.succeeded()).isTrue();
        assertThat(round.data()).isEqualTo(ROWS);
        assertThat(round.responders()).containsExactly(B, A);
        assertThat(round.agree()).as("the digest matches the data").isTrue();
    }

    @Test
    void aDigestOfOtherDataIsAMismatch() {
        ReadRound round = new ReadRound(2, 2, List.of());

        round.answered(A, true, ROWS);
        round.answered(B, false, ReplicaHandlers.digest(OTHER_ROWS));

        assertThat(round.succeeded()).isTrue();
        assertThat(round.agree()).isFalse();
    }

    @Test
    void differingDataAnswersAreAMismatch() {
        ReadRound round = new ReadRound(2, 2, List.of());

        round.answered(A, true, ROWS);
        round.answered(B, true, OTHER_ROWS);

        assertThat(round.dataAnswers()).containsExactly(ROWS, OTHER_ROWS);
        assertThat(round.agree()).isFalse();
    }

    @Test
    void aFailedReplicaIsReplacedByTheNextSpare() {
        ReadRound round = new ReadRound(2, 2, List.of(C));

        round.answered(A, true, ROWS);
        NodeAddress instead = round.answered(B, false, null);
        assertThat(instead).as("the spare to ask instead").isEqualTo(C);
        assertThat(round.done()).isNotDone();
        round.answered(C, false, ReplicaHandlers.digest(ROWS));

        assertThat(round.succeeded()).isTrue();
        assertThat(round.responders()).containsExactly(A, C);
    }

    @Test
    void withoutSparesTheRoundEndsUnsuccessfulOnceEveryRequestFailed() {
        ReadRound round = new ReadRound(2, 2, List.of());

        round.answered(A, true, ROWS);
        assertThat(round.answered(B, false, null)).as("no spare is left").isNull();

        assertThat(round.done()).isDone();
        assertThat(round.succeeded()).isFalse();
        assertThat(round.hasData()).isTrue();
    }

    @Test
    void aSpeculativeRetryTakesASpareAndAnswersAfterTheRoundAreIgnored() {
        ReadRound round = new ReadRound(1, 1, List.of(B, C));

        assertThat(round.takeSpare()).isEqualTo(B);
        round.answered(B, true, ROWS);
        assertThat(round.succeeded()).isTrue();
        assertThat(round.takeSpare()).as("a done round wants no spare").isNull();
        round.answered(A, true, OTHER_ROWS);

        assertThat(round.responders()).containsExactly(B);
        assertThat(round.agree()).isTrue();
    }
}
