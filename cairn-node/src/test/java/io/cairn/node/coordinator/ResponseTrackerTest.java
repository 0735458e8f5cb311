package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ConsistencyLevel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cairn.node.coordinator.FixedTopology.node;
import static org.assertj.core.api.Assertions.assertThat;

class ResponseTrackerTest {

    private static final NodeAddress A1 = node("dc1", 1);
    private static final NodeAddress A2 = node("dc1", 2);
    private static final NodeAddress A3 = node("dc1", 3);
    private static final NodeAddress B1 = node("dc2", 1);
    private static final NodeAddress B2 = node("dc2", 2);
    private static final NodeAddress B3 = node("dc2", 3);

    private static ResponseTracker tracker(ConsistencyLevel level, FixedTopology topology) {
        return new ResponseTracker(level, "ks", topology.nodes(), topology.nodes(), topology);
    }

    @Test
    void quorumOfThreeSucceedsOnTheSecondAcknowledgement() {
        ResponseTracker tracker = tracker(ConsistencyLevel.QUORUM, FixedTopology.of("dc1", 3));

        tracker.success(A1);
        assertThat(tracker.done()).isNotDone();
        tracker.success(A2);
        assertThat(tracker.done()).isCompleted();
        int outcome = tracker.done().join();
        assertThat(ResponseTracker.isSuccess(outcome)).isTrue();
        assertThat(ResponseTracker.received(outcome)).isEqualTo(2);
    }

    @Test
    void quorumFailsAsSoonAsTooFewCanStillAnswer() {
        ResponseTracker tracker = tracker(ConsistencyLevel.QUORUM, FixedTopology.of("dc1", 3));

        tracker.success(A1);
        tracker.failure(A2);
        assertThat(tracker.done()).as("the third may still answer").isNotDone();
        tracker.failure(A3);
        int outcome = tracker.done().join();
        assertThat(ResponseTracker.isSuccess(outcome)).isFalse();
        assertThat(ResponseTracker.received(outcome)).isEqualTo(1);
    }

    @Test
    void answersAfterTheOutcomeChangeNothing() {
        ResponseTracker tracker = tracker(ConsistencyLevel.ONE, FixedTopology.of("dc1", 3));

        tracker.success(A2);
        tracker.failure(A1);
        tracker.success(A3);
        assertThat(tracker.done().join()).isEqualTo(1);
    }

    @Test
    void localQuorumCountsOnlyThisDataCentersReplicas() {
        ResponseTracker tracker = tracker(ConsistencyLevel.LOCAL_QUORUM, FixedTopology.of("dc1", 3, "dc2", 3));
        assertThat(tracker.blockFor()).isEqualTo(2);

        tracker.success(B1);
        tracker.success(B2);
        tracker.success(B3);
        assertThat(tracker.done()).as("remote answers do not count").isNotDone();
        tracker.success(A1);
        tracker.success(A3);
        assertThat(ResponseTracker.received(tracker.done().join())).isEqualTo(2);
    }

    @Test
    void localQuorumFailsWhenTheLocalReplicasFailWhateverTheRemoteOnesDo() {
        ResponseTracker tracker = tracker(ConsistencyLevel.LOCAL_QUORUM, FixedTopology.of("dc1", 3, "dc2", 3));

        tracker.failure(A1);
        tracker.failure(B1);
        tracker.failure(B2);
        assertThat(tracker.done()).isNotDone();
        tracker.failure(A2);
        assertThat(ResponseTracker.isSuccess(tracker.done().join())).isFalse();
    }

    @Test
    void eachQuorumNeedsAQuorumInEveryDataCenter() {
        ResponseTracker tracker = tracker(ConsistencyLevel.EACH_QUORUM, FixedTopology.of("dc1", 3, "dc2", 3));
        assertThat(tracker.blockFor()).isEqualTo(4);

        tracker.success(A1);
        tracker.success(A2);
        tracker.success(A3);
        tracker.success(B1);
        assertThat(tracker.done()).as("four answers, but only one from dc2").isNotDone();
        tracker.success(B2);
        assertThat(ResponseTracker.isSuccess(tracker.done().join())).isTrue();
    }

    @Test
    void eachQuorumFailsOnceOneDataCenterCanNoLongerReachItsQuorum() {
        ResponseTracker tracker = tracker(ConsistencyLevel.EACH_QUORUM, FixedTopology.of("dc1", 3, "dc2", 3));

        tracker.success(A1);
        tracker.success(A2);
        tracker.failure(B1);
        assertThat(tracker.done()).isNotDone();
        tracker.failure(B2);
        int outcome = tracker.done().join();
        assertThat(ResponseTracker.isSuccess(outcome)).isFalse();
        assertThat(ResponseTracker.received(outcome)).isEqualTo(2);
    }

    @Test
    void aPendingReplicaRaisesWhatTheLevelWaitsFor() {
        FixedTopology topology = FixedTopology.of("dc1", 4, "dc2", 1);
        List<NodeAddress> replicas = List.of(A1, A2, A3);
        NodeAddress joining = node("dc1", 4);
        List<NodeAddress> contacted = List.of(A1, A2, A3, joining);
        // The keyspace's factor is that of the replicas (3 in dc1).
        topology.withReplicationFactor("dc1", 3).withReplicationFactor("dc2", 0);

        ResponseTracker quorum = new ResponseTracker(ConsistencyLevel.QUORUM, "ks", contacted, replicas,
                List.of(joining), topology);
        assertThat(quorum.blockFor()).isEqualTo(3);
        quorum.success(A1);
        quorum.success(A2);
        assertThat(quorum.done()).as("a quorum of the old replicas is not enough").isNotDone();
        quorum.success(joining);
        assertThat(ResponseTracker.isSuccess(quorum.done().join())).isTrue();

        assertThat(new ResponseTracker(ConsistencyLevel.ANY, "ks", contacted, replicas, List.of(joining), topology)
                .blockFor()).as("ANY").isEqualTo(1);
        NodeAddress remoteJoining = node("dc2", 1);
        assertThat(new ResponseTracker(ConsistencyLevel.LOCAL_QUORUM, "ks", contacted, replicas,
                List.of(remoteJoining), topology).blockFor())
                .as("a pending node of another data center at LOCAL_QUORUM").isEqualTo(2);
    }

    @Test
    void aTrackerOfAllWaitsForEveryContactedNode() {
        FixedTopology topology = FixedTopology.of("dc1", 3, "dc2", 3);
        ResponseTracker tracker = ResponseTracker.ofAll(List.of(A1, B1), topology);

        assertThat(tracker.blockFor()).isEqualTo(2);
        tracker.success(A1);
        assertThat(tracker.done()).isNotDone();
        tracker.success(B1);
        assertThat(ResponseTracker.received(tracker.done().join())).isEqualTo(2);
    }
}
