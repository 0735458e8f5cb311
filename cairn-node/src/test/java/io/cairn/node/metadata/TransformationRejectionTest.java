package io.cairn.node.metadata;

import io.cairn.storage.TableId;
import org.junit.jupiter.api.Test;

import static io.cairn.node.metadata.MetadataFixtures.CLUSTER;
import static io.cairn.node.metadata.MetadataFixtures.address;
import static io.cairn.node.metadata.MetadataFixtures.apply;
import static io.cairn.node.metadata.MetadataFixtures.cluster;
import static io.cairn.node.metadata.MetadataFixtures.id;
import static io.cairn.node.metadata.MetadataFixtures.node;
import static io.cairn.node.metadata.MetadataFixtures.refusal;
import static io.cairn.node.metadata.MetadataFixtures.schema;
import static io.cairn.node.metadata.MetadataFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each entry refuses the states it cannot follow, with the reason an operator needs. Three
 * joined nodes (1, 2, 3 at tokens 1000, 2000, 3000; node 1 the metadata replica) unless a
 * test says otherwise.
 */
class TransformationRejectionTest {

    private final ClusterMetadata three = cluster(3, 3);

    private static void refused(ClusterMetadata at, Transformation entry, Transformation.Rejection kind,
                                String reason) {
        Transformation.Rejected rejected = refusal(at, entry);
        assertThat(rejected.rejection()).as(rejected.message()).isEqualTo(kind);
        assertThat(rejected.message()).contains(reason);
    }

    @Test
    void initializeOnlyStartsAnEmptyLog() {
        refused(three, new Initialize(CLUSTER, node(9), tokens(9000), schema(1)),
                Transformation.Rejection.ALREADY_EXISTS, "initialized already");
        refused(ClusterMetadata.empty(CLUSTER, schema(1)), new Initialize(CLUSTER, node(1), tokens(), schema(1)),
                Transformation.Rejection.INVALID, "needs tokens");
    }

    @Test
    void registerRefusesAKnownIdAndASecondRegistrationAtTheAddressOfAJoin() {
        refused(three, new Register(node(2)), Transformation.Rejection.ALREADY_EXISTS, "registered already");
        ClusterMetadata joining = apply(apply(three, new Register(node(4))), new PrepareJoin(id(4), tokens(4000)));
        refused(joining, new Register(new NodeRecord(id(5), address(4), address(4), "datacenter1", "rack1",
                NodeState.REGISTERED, "test")), Transformation.Rejection.INVALID, "cancel it first");
    }

    @Test
    void aSecondRegistrationAtOneAddressForgetsTheFirstThatNeverWentFurther() {
        ClusterMetadata registered = apply(three, new Register(node(4)));
        ClusterMetadata again = apply(registered, new Register(new NodeRecord(id(5), address(4), address(4),
                "datacenter1", "rack1", NodeState.REGISTERED, "test")));
        assertThat(again.directory().contains(id(4))).isFalse();
        assertThat(again.directory().get(id(5)).state()).isEqualTo(NodeState.REGISTERED);
    }

    @Test
    void onlyOneMovementRunsAtATime() {
        ClusterMetadata joining = apply(apply(three, new Register(node(4))), new PrepareJoin(id(4), tokens(4000)));
        refused(joining, new PrepareLeave(id(2)), Transformation.Rejection.INVALID, "one movement runs at a time");
        refused(joining, new PrepareRemove(id(3)), Transformation.Rejection.INVALID, "JOIN of node " + id(4));
        refused(joining, new Unregister(id(4)), Transformation.Rejection.INVALID, "cancel it first");
    }

    @Test
    void aJoinNeedsARegisteredNodeFreeTokensAndAFreeAddress() {
        refused(three, new PrepareJoin(id(2), tokens(2500)), Transformation.Rejection.INVALID,
                "JOINED: joining needs a REGISTERED node");
        ClusterMetadata registered = apply(three, new Register(node(4)));
        refused(registered, new PrepareJoin(id(4), tokens(2000)), Transformation.Rejection.INVALID,
                "Token 2000 is owned by node " + id(2));
        refused(registered, new PrepareJoin(id(4), tokens()), Transformation.Rejection.INVALID, "at least one token");
        ClusterMetadata onTwosAddress = apply(three, new Register(node(5, address(2))));
        refused(onTwosAddress, new PrepareJoin(id(5), tokens(2500)), Transformation.Rejection.INVALID,
                "can only replace that node");
    }

    @Test
    void theOnlyMetadataReplicaAndTheLastNodeDoNotGo() {
        refused(three, new PrepareLeave(id(1)), Transformation.Rejection.INVALID, "is the only metadata replica");
        refused(three, new PrepareRemove(id(1)), Transformation.Rejection.INVALID, "is the only metadata replica");
        ClusterMetadata registered = apply(three, new Register(node(4)));
        refused(registered, new PrepareReplace(id(4), id(1)), Transformation.Rejection.INVALID,
                "is the only metadata replica");
        ClusterMetadata alone = cluster(1, 1);
        ClusterMetadata twoReplicas = apply(apply(alone, new Register(node(2))), new PrepareJoin(id(2), tokens(2000)));
        for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
            twoReplicas = apply(twoReplicas, new AdvanceMovement(id(2), to));
        }
        twoReplicas = apply(twoReplicas, new AddMetadataReplica(id(2)));
        ClusterMetadata oneNodeReplicaOnly = apply(twoReplicas, new RemoveMetadataReplica(id(1)));
        ClusterMetadata lastNode = apply(oneNodeReplicaOnly, new PrepareLeave(id(1)));
        for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
            lastNode = apply(lastNode, new AdvanceMovement(id(1), to));
        }
        refused(lastNode, new PrepareLeave(id(2)), Transformation.Rejection.INVALID, "only metadata replica");
        refused(lastNode, new RemoveMetadataReplica(id(2)), Transformation.Rejection.INVALID,
                "last metadata replica");
    }

    @Test
    void aMetadataReplicaGoingOutGivesUpTheRoleInTheEntryThatPreparesItsMovement() {
        ClusterMetadata twoReplicas = apply(three, new AddMetadataReplica(id(2)));
        ClusterMetadata leaving = apply(twoReplicas, new PrepareLeave(id(1)));
        assertThat(leaving.metadataReplicas()).containsExactly(id(2));
        assertThat(leaving.movement().kind()).isEqualTo(RangeMovement.Kind.LEAVE);
        assertThat(apply(twoReplicas, new PrepareRemove(id(2))).metadataReplicas()).containsExactly(id(1));
        assertThat(apply(twoReplicas, new PrepareLeave(id(3))).metadataReplicas()).containsExactly(id(1), id(2));
    }

    /**
     * A replaced metadata replica keeps its role while the replace runs and hands it to its
     * replacement when it finishes: the set never shrinks to two (simulator seed 7082 with
     * --joins lost a second replica then, and the log stopped for good).
     */
    @Test
    void aReplacementTakesOverTheDeadNodesMetadataReplicaRoleWhenTheReplaceFinishes() {
        ClusterMetadata twoReplicas = apply(three, new AddMetadataReplica(id(2)));
        ClusterMetadata replacing = apply(apply(twoReplicas, new Register(node(4))), new PrepareReplace(id(4), id(1)));
        assertThat(replacing.metadataReplicas()).containsExactly(id(1), id(2));
        for (AdvanceMovement.To to : new AdvanceMovement.To[] {AdvanceMovement.To.STARTED, AdvanceMovement.To.MID}) {
            replacing = apply(replacing, new AdvanceMovement(id(4), to));
            assertThat(replacing.metadataReplicas()).as("at %s", to).containsExactly(id(1), id(2));
        }
        ClusterMetadata replaced = apply(replacing, new AdvanceMovement(id(4), AdvanceMovement.To.FINISHED));
        assertThat(replaced.metadataReplicas()).containsExactly(id(2), id(4));
        assertThat(replaced.directory().get(id(1)).state()).isEqualTo(NodeState.LEFT);
        ClusterMetadata notAReplica = apply(apply(apply(twoReplicas, new Register(node(5))),
                new PrepareReplace(id(5), id(3))), new AdvanceMovement(id(5), AdvanceMovement.To.STARTED));
        notAReplica = apply(apply(notAReplica, new AdvanceMovement(id(5), AdvanceMovement.To.MID)),
                new AdvanceMovement(id(5), AdvanceMovement.To.FINISHED));
        assertThat(notAReplica.metadataReplicas()).as("a replaced node that was no replica gives none")
                .containsExactly(id(1), id(2));
    }

    @Test
    void aNodeOnItsWayOutDoesNotBecomeAMetadataReplica() {
        ClusterMetadata leaving = apply(three, new PrepareLeave(id(3)));
        refused(leaving, new AddMetadataReplica(id(3)), Transformation.Rejection.INVALID, "going out of the cluster");
        ClusterMetadata removing = apply(three, new PrepareRemove(id(2)));
        refused(removing, new AddMetadataReplica(id(2)), Transformation.Rejection.INVALID, "REMOVE at PREPARED");
        ClusterMetadata replacing = apply(apply(three, new Register(node(4))), new PrepareReplace(id(4), id(3)));
        refused(replacing, new AddMetadataReplica(id(3)), Transformation.Rejection.INVALID, "going out of the cluster");
        // Finishing would have made a metadata replica LEFT; the nodes that stay can still take the role.
        assertThat(apply(leaving, new AddMetadataReplica(id(2))).metadataReplicas()).containsExactly(id(1), id(2));
    }

    @Test
    void aReplacementTakesOnlyAJoinedNodesPlaceAndOnlyItsAddress() {
        ClusterMetadata registered = apply(three, new Register(node(4)));
        refused(registered, new PrepareReplace(id(4), id(9)), Transformation.Rejection.INVALID, "unknown");
        ClusterMetadata onThreesAddress = apply(three, new Register(node(5, address(3))));
        refused(onThreesAddress, new PrepareReplace(id(5), id(2)), Transformation.Rejection.INVALID,
                "belongs to joined node " + id(3));
        apply(onThreesAddress, new PrepareReplace(id(5), id(3)));
    }

    @Test
    void stepsComeInOrderAndOnlyForTheMovingNode() {
        ClusterMetadata leaving = apply(three, new PrepareLeave(id(3)));
        refused(leaving, new AdvanceMovement(id(3), AdvanceMovement.To.MID), Transformation.Rejection.INVALID,
                "its next step is STARTED");
        refused(leaving, new AdvanceMovement(id(2), AdvanceMovement.To.STARTED), Transformation.Rejection.INVALID,
                "node " + id(3) + " has");
        refused(three, new CancelMovement(id(3)), Transformation.Rejection.INVALID, "no movement in progress");
        ClusterMetadata cancelled = apply(apply(leaving, new AdvanceMovement(id(3), AdvanceMovement.To.STARTED)),
                new CancelMovement(id(3)));
        assertThat(cancelled.movement()).isNull();
        assertThat(cancelled.tokens()).isEqualTo(three.tokens());
        assertThat(cancelled.placementsModified()).isEqualTo(cancelled.epoch());
    }

    @Test
    void finishingSettlesTheNodesStates() {
        ClusterMetadata replaced = apply(three, new Register(node(4, address(3))));
        replaced = apply(replaced, new PrepareReplace(id(4), id(3)));
        for (AdvanceMovement.To to : AdvanceMovement.To.values()) {
            replaced = apply(replaced, new AdvanceMovement(id(4), to));
        }
        assertThat(replaced.directory().get(id(3)).state()).isEqualTo(NodeState.LEFT);
        assertThat(replaced.directory().get(id(4)).state()).isEqualTo(NodeState.JOINED);
        assertThat(replaced.tokens()).containsKey(id(4)).doesNotContainKey(id(3));
        assertThat(replaced.tokens().get(id(4))).containsExactly(3000L);
        assertThat(replaced.directory().holderOf(address(3), NodeState.JOINED)).map(NodeRecord::id).hasValue(id(4));
    }

    @Test
    void schemaChangesFollowOnlyTheSnapshotTheyWereWorkedOutAgainst() {
        AlterSchema dropKeyspace = new AlterSchema(three.epoch(), MetadataFixtures.KEYSPACE, null,
                io.cairn.node.schema.SchemaChange.keyspace(io.cairn.node.schema.SchemaChange.Change.DROPPED,
                        MetadataFixtures.KEYSPACE));
        ClusterMetadata dropped = apply(three, dropKeyspace);
        assertThat(dropped.schema().keyspace(MetadataFixtures.KEYSPACE)).isNull();
        assertThat(dropped.schema().version()).isNotEqualTo(three.schema().version());
        refused(dropped, dropKeyspace, Transformation.Rejection.STALE, "Worked out at " + three.epoch());
        refused(dropped, new AlterSchema(dropped.epoch(), MetadataFixtures.KEYSPACE, null, dropKeyspace.change()),
                Transformation.Rejection.INVALID, "does not exist");
        refused(three, new TruncateTable(new TableId(MetadataFixtures.KEYSPACE, "nope"), 1),
                Transformation.Rejection.INVALID, "does not exist");
    }
}
