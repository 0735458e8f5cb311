package io.cairn.node.agreement;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.metadata.AddMetadataReplica;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.Transformation;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Slot N+1 is voted on by the metadata replicas of epoch N, whatever this node has applied since. */
class MetadataReplicaTopologyTest {

    @Test
    void aSlotsElectorateIsThatOfTheEpochBeforeIt() {
        Map<Epoch, ClusterMetadata> snapshots = new HashMap<>();
        ClusterMetadata metadata = io.cairn.node.metadata.MetadataFixturesAccess.cluster(3);
        snapshots.put(metadata.epoch(), metadata);
        UUID second = new UUID(0, 2);
        Transformation.Result added = new AddMetadataReplica(new io.cairn.node.metadata.NodeId(second)).apply(metadata);
        ClusterMetadata grown = ((Transformation.Applied) added).next();
        snapshots.put(grown.epoch(), grown);
        ClusterMetadata latest = grown;
        MetadataReplicaTopology topology = new MetadataReplicaTopology(new NodeAddress("127.0.0.9", 7000),
                () -> latest, epoch -> Optional.ofNullable(snapshots.get(epoch)), node -> true);

        NodeAddress one = new NodeAddress("127.0.0.1", 7000);
        NodeAddress two = new NodeAddress("127.0.0.2", 7000);
        assertThat(topology.replicasFor("system", grown.epoch().value()))
                .as("the slot of the entry that added node 2 is voted on without it").containsExactly(one);
        assertThat(topology.replicasFor("system", grown.epoch().value() + 1)).containsExactly(one, two);
        assertThat(topology.replicasFor("system", metadata.epoch().value())).as("a forgotten epoch: no voters")
                .isEmpty();
        assertThat(topology.replicasFor("system", MetadataSlots.key(grown.epoch().next()).token()))
                .containsExactly(one, two);
    }
    @Test
    void onlyTheFirstNodeVotesOnTheFirstSlotAndAloneSoNoOtherNodeCanStartALog() {
        NodeAddress self = new NodeAddress("127.0.0.5", 7000);
        ClusterMetadata empty = ClusterMetadata.empty("c", io.cairn.node.schema.Schema.of(Map.of()));
        MetadataReplicaTopology first = new MetadataReplicaTopology(self, () -> empty,
                epoch -> epoch.equals(Epoch.EMPTY) ? Optional.of(empty) : Optional.empty(), node -> true, true);
        MetadataReplicaTopology other = new MetadataReplicaTopology(self, () -> empty,
                epoch -> epoch.equals(Epoch.EMPTY) ? Optional.of(empty) : Optional.empty(), node -> true);
        assertThat(first.replicasFor("system", 1)).containsExactly(self);
        assertThat(other.replicasFor("system", 1)).isEmpty();
        assertThat(first.replicasFor("system", 2)).as("later slots: the snapshot's replicas").isEmpty();
    }
}
