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
                () -> latest, epoch -> Optional.ofNullable(snapshots.get(epoch)), node -> true,
                () -> new io.cairn.node.metadata.NodeId(new UUID(0, 9)));

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
                epoch -> epoch.equals(Epoch.EMPTY) ? Optional.of(empty) : Optional.empty(), node -> true, true, () -> null);
        MetadataReplicaTopology other = new MetadataReplicaTopology(self, () -> empty,
                epoch -> epoch.equals(Epoch.EMPTY) ? Optional.of(empty) : Optional.empty(), node -> true, () -> null);
        assertThat(first.replicasFor("system", 1)).containsExactly(self);
        assertThat(other.replicasFor("system", 1)).isEmpty();
        assertThat(first.replicasFor("system", 2)).as("later slots: the snapshot's replicas").isEmpty();
    }
    /**
     * Seed 5801 with joins: node 5 replaced the metadata replica node 3 on its address, and its
     * empty acceptor state was counted as node 3's votes, so a second entry was chosen for an
     * epoch that node 3 and node 4 had already decided. A voter is a host id, not an address.
     */
    @Test
    void aNodeOnAMetadataReplicasAddressWithAnotherHostIdNeitherVotesNorCountsItself() {
        ClusterMetadata metadata = io.cairn.node.metadata.MetadataFixturesAccess.cluster(3);
        NodeAddress one = new NodeAddress("127.0.0.1", 7000);
        io.cairn.node.metadata.NodeId replica = metadata.metadataReplicas().iterator().next();
        assertThat(metadata.directory().get(replica).address()).isEqualTo(one);
        long nextSlot = metadata.epoch().value() + 1;
        java.util.function.Function<Epoch, Optional<ClusterMetadata>> kept =
                epoch -> epoch.equals(metadata.epoch()) ? Optional.of(metadata) : Optional.empty();

        MetadataReplicaTopology itself = new MetadataReplicaTopology(one, () -> metadata, kept, node -> true,
                () -> replica);
        assertThat(itself.votesOn(nextSlot)).isTrue();
        assertThat(itself.replicasFor("system", nextSlot)).containsExactly(one);
        assertThat(itself.votesOn(nextSlot + 1)).as("a slot whose snapshot it does not keep").isFalse();

        MetadataReplicaTopology replacement = new MetadataReplicaTopology(one, () -> metadata, kept, node -> true,
                () -> new io.cairn.node.metadata.NodeId(new UUID(7, 7)));
        assertThat(replacement.votesOn(nextSlot)).isFalse();
        assertThat(replacement.replicasFor("system", nextSlot)).as("not counted as the replica it replaced")
                .isEmpty();
        MetadataReplicaTopology unknown = new MetadataReplicaTopology(one, () -> metadata, kept, node -> true,
                () -> null);
        assertThat(unknown.votesOn(nextSlot)).as("a node that does not know its host id yet").isFalse();
        MetadataReplicaTopology elsewhere = new MetadataReplicaTopology(new NodeAddress("127.0.0.2", 7000),
                () -> metadata, kept, node -> true, () -> new io.cairn.node.metadata.NodeId(new UUID(7, 7)));
        assertThat(elsewhere.replicasFor("system", nextSlot)).as("others still count the replica").containsExactly(one);
    }
}
