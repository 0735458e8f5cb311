package io.cairn.node.agreement;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.metadata.AddMetadataReplica;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.MetadataFixturesAccess;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.Transformation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata replica with the lowest host id grows the set to three, one eligible node at a
 * time, lowest host id first; never to two when no third could follow.
 */
class MetadataReplicaStewardTest {

    private static NodeId id(int i) {
        return new NodeId(new UUID(0, i));
    }

    private static NodeAddress address(int i) {
        return new NodeAddress("127.0.0." + i, 7000);
    }

    private static ClusterMetadata with(ClusterMetadata metadata, int replica) {
        return ((Transformation.Applied) new AddMetadataReplica(id(replica)).apply(metadata)).next();
    }

    private static MetadataReplicaSteward steward(Set<NodeAddress> eligible) {
        return new MetadataReplicaSteward(() -> null, id(1), eligible::contains,
                change -> new CompletableFuture<>(), snapshot -> { });
    }

    @Test
    void theLowestReplicaAddsTheLowestEligibleNodeUntilThereAreThree() {
        ClusterMetadata five = MetadataFixturesAccess.cluster(5);
        MetadataReplicaSteward all = steward(Set.of(address(1), address(2), address(3), address(4), address(5)));
        assertThat(all.candidate(five, id(1))).isEqualTo(id(2));
        assertThat(all.candidate(five, id(2))).as("not a replica: not the steward").isNull();
        ClusterMetadata two = with(five, 2);
        assertThat(all.candidate(two, id(1))).isEqualTo(id(3));
        assertThat(all.candidate(two, id(2))).as("a replica, but not the lowest").isNull();
        assertThat(all.candidate(with(two, 3), id(1))).as("three: enough").isNull();

        MetadataReplicaSteward notTwo = steward(Set.of(address(1), address(3), address(4)));
        assertThat(notTwo.candidate(five, id(1))).as("node 2 is down or not in the ring").isEqualTo(id(3));
    }

    @Test
    void aSetOfTwoIsOnlyAStepTowardsThree() {
        ClusterMetadata three = MetadataFixturesAccess.cluster(3);
        assertThat(steward(Set.of(address(1), address(2))).candidate(three, id(1)))
                .as("no third eligible node: one replica stays").isNull();
        assertThat(steward(Set.of(address(1), address(2), address(3))).candidate(three, id(1))).isEqualTo(id(2));
        assertThat(steward(Set.of(address(1), address(3))).candidate(with(three, 2), id(1)))
                .as("the set is at two already: the third comes").isEqualTo(id(3));
        assertThat(steward(Set.of(address(1), address(2))).candidate(MetadataFixturesAccess.cluster(2), id(1)))
                .as("a cluster of two keeps one replica").isNull();
    }

    @Test
    void oneCommitAtATimeAndOnlyWhileTheChangeStillApplies() {
        ClusterMetadata three = MetadataFixturesAccess.cluster(3);
        List<Function<ClusterMetadata, Transformation>> commits = new ArrayList<>();
        List<CompletableFuture<ClusterMetadata>> answers = new ArrayList<>();
        MetadataReplicaSteward steward = new MetadataReplicaSteward(() -> three, id(1),
                Set.of(address(1), address(2), address(3))::contains, change -> {
                    commits.add(change);
                    CompletableFuture<ClusterMetadata> answer = new CompletableFuture<>();
                    answers.add(answer);
                    return answer;
                }, snapshot -> { });
        steward.step();
        steward.step();
        assertThat(commits).as("the first commit is still in flight").hasSize(1);
        assertThat(commits.get(0).apply(three)).isEqualTo(new AddMetadataReplica(id(2)));
        assertThat(commits.get(0).apply(with(three, 2))).as("already added: nothing to do").isNull();
        answers.get(0).complete(with(three, 2));
        steward.step();
        assertThat(commits).hasSize(2);
    }
}
