package io.cairn.node;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.metadata.AdvanceMovement;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Initialize;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.PrepareJoin;
import io.cairn.node.metadata.PrepareLeave;
import io.cairn.node.metadata.Register;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.schema.Schema;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The next step of a node's join, and of its move, as the cluster metadata log says it: where a
 * restarted node (or an operator running the move again) resumes.
 */
class JoinStepsTest {

    private static NodeId id(int i) {
        return new NodeId(new UUID(0, i));
    }

    private static NodeRecord node(int i) {
        NodeAddress at = new NodeAddress("127.0.0." + i, 7000);
        return new NodeRecord(id(i), at, new NodeAddress(at.host(), 9042), "datacenter1", "rack1",
                NodeState.REGISTERED, "test");
    }

    private static ClusterMetadata apply(ClusterMetadata previous, Transformation entry) {
        Transformation.Result result = entry.apply(previous);
        assertThat(result).as("%s at %s", entry, previous).isInstanceOf(Transformation.Applied.class);
        return ((Transformation.Applied) result).next();
    }

    private static TreeSet<Long> tokens(long token) {
        return new TreeSet<>(java.util.List.of(token));
    }

    @Test
    void eachStepOfAJoinLeadsToTheNextAndAnotherNodesMovementMakesItWait() {
        ClusterMetadata metadata = apply(ClusterMetadata.empty("c", Schema.of(Map.of())),
                new Initialize("c", node(1), tokens(1000), Schema.of(Map.of())));
        assertThat(JoinSequence.nextStep(metadata, id(1))).isEqualTo(JoinSequence.Step.JOINED);
        assertThat(JoinSequence.nextStep(metadata, id(2))).isEqualTo(JoinSequence.Step.REGISTER);

        metadata = apply(metadata, new Register(node(2)));
        metadata = apply(metadata, new Register(node(3)));
        assertThat(JoinSequence.nextStep(metadata, id(2))).isEqualTo(JoinSequence.Step.PREPARE);

        metadata = apply(metadata, new PrepareJoin(id(2), tokens(2000)));
        assertThat(JoinSequence.nextStep(metadata, id(2))).isEqualTo(JoinSequence.Step.START);
        assertThat(JoinSequence.nextStep(metadata, id(3))).isEqualTo(JoinSequence.Step.WAIT_FOR_MOVEMENT);

        metadata = apply(metadata, new AdvanceMovement(id(2), AdvanceMovement.To.STARTED));
        assertThat(JoinSequence.nextStep(metadata, id(2))).isEqualTo(JoinSequence.Step.RECEIVE);
        metadata = apply(metadata, new AdvanceMovement(id(2), AdvanceMovement.To.MID));
        assertThat(JoinSequence.nextStep(metadata, id(2))).isEqualTo(JoinSequence.Step.FINISH);
        assertThat(JoinSequence.nextStep(metadata, id(3))).isEqualTo(JoinSequence.Step.WAIT_FOR_MOVEMENT);
        metadata = apply(metadata, new AdvanceMovement(id(2), AdvanceMovement.To.FINISHED));
        assertThat(JoinSequence.nextStep(metadata, id(2))).isEqualTo(JoinSequence.Step.JOINED);
        assertThat(JoinSequence.nextStep(metadata, id(3))).isEqualTo(JoinSequence.Step.PREPARE);
    }

    @Test
    void aNodeThatHasLeftCannotJoinAgainWithItsId() {
        ClusterMetadata metadata = apply(ClusterMetadata.empty("c", Schema.of(Map.of())),
                new Initialize("c", node(1), tokens(1000), Schema.of(Map.of())));
        metadata = apply(metadata, new Register(node(2)));
        metadata = apply(metadata, new PrepareJoin(id(2), tokens(2000)));
        for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
            metadata = apply(metadata, new AdvanceMovement(id(2), to));
        }
        metadata = apply(metadata, new PrepareLeave(id(2)));
        assertThat(JoinSequence.nextStep(metadata, id(2))).as("a leaving node is still joined")
                .isEqualTo(JoinSequence.Step.JOINED);
        for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
            metadata = apply(metadata, new AdvanceMovement(id(2), to));
        }

        ClusterMetadata left = metadata;
        assertThatThrownBy(() -> JoinSequence.nextStep(left, id(2))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has left the cluster");
    }

    @Test
    void eachStepOfAMoveLeadsToTheNextAndAMoveToOtherTokensMustWaitOrBeAborted() {
        ClusterMetadata metadata = apply(ClusterMetadata.empty("c", Schema.of(Map.of())),
                new Initialize("c", node(1), tokens(1000), Schema.of(Map.of())));
        metadata = apply(metadata, new Register(node(2)));
        metadata = apply(metadata, new PrepareJoin(id(2), tokens(2000)));
        for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
            metadata = apply(metadata, new AdvanceMovement(id(2), to));
        }
        io.cairn.node.metadata.RangeMovement.Kind move = io.cairn.node.metadata.RangeMovement.Kind.MOVE;
        assertThat(HandOverSequence.nextStep(metadata, id(2), move, tokens(2000))).as("already on those tokens")
                .isEqualTo(HandOverSequence.Step.DONE);
        assertThat(HandOverSequence.nextStep(metadata, id(2), move, tokens(3000)))
                .isEqualTo(HandOverSequence.Step.PREPARE);

        metadata = apply(metadata, new io.cairn.node.metadata.PrepareMove(id(2), tokens(3000)));
        assertThat(HandOverSequence.nextStep(metadata, id(2), move, tokens(3000))).isEqualTo(HandOverSequence.Step.START);
        assertThat(HandOverSequence.nextStep(metadata, id(1), move, tokens(500))).as("one movement at a time")
                .isEqualTo(HandOverSequence.Step.WAIT_FOR_MOVEMENT);
        ClusterMetadata moving = metadata;
        assertThatThrownBy(() -> HandOverSequence.nextStep(moving, id(2), move, tokens(4000)))
                .isInstanceOf(HandOverSequence.CannotHandOverException.class)
                .hasMessageContaining("is moving to other tokens ([3000], at PREPARED): abort that first");
        assertThatThrownBy(() -> HandOverSequence.nextStep(moving, id(2), io.cairn.node.metadata.RangeMovement.Kind.LEAVE,
                null)).isInstanceOf(HandOverSequence.CannotHandOverException.class)
                .hasMessageContaining("is in a MOVE (at PREPARED), not a LEAVE");

        metadata = apply(metadata, new AdvanceMovement(id(2), AdvanceMovement.To.STARTED));
        assertThat(HandOverSequence.nextStep(metadata, id(2), move, tokens(3000))).isEqualTo(HandOverSequence.Step.STREAM);
        metadata = apply(metadata, new AdvanceMovement(id(2), AdvanceMovement.To.MID));
        assertThat(HandOverSequence.nextStep(metadata, id(2), move, tokens(3000))).isEqualTo(HandOverSequence.Step.FINISH);
        metadata = apply(metadata, new AdvanceMovement(id(2), AdvanceMovement.To.FINISHED));
        assertThat(HandOverSequence.nextStep(metadata, id(2), move, tokens(3000))).isEqualTo(HandOverSequence.Step.DONE);
        assertThat(metadata.tokens().get(id(2))).containsExactly(3000L);
        assertThat(metadata.directory().get(id(2)).state()).isEqualTo(NodeState.JOINED);
    }
}
