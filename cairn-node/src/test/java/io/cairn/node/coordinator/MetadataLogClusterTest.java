package io.cairn.node.coordinator;

import io.cairn.node.metadata.AdvanceMovement;
import io.cairn.node.metadata.AlterSchema;
import io.cairn.node.metadata.PrepareJoin;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.Initialize;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.Register;
import io.cairn.node.metadata.log.LocalLog;
import io.cairn.node.metadata.log.StorageLogStore;
import io.cairn.node.schema.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes of an in-JVM network (node 1 the seed of all) enter the cluster metadata log as
 * they start, beside the gossip ring: node 1 starts the log, the others register, and every
 * node ends with the same log, kept in its storage.
 */
class MetadataLogClusterTest {

    private final InJvmCluster fixture = new InJvmCluster();
    private final List<InJvmCluster.Node> nodes = fixture.nodes;

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static List<LogEntry> entries(InJvmCluster.Node node) {
        return node.assembly().metadata().log().entriesAfter(Epoch.EMPTY, 100);
    }

    /** Waits (20 s at most) until every node's log is at {@code epoch}. */
    private void awaitEpoch(long epoch) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (nodes.stream().anyMatch(node -> node.assembly().metadata().current().epoch().value() < epoch)
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (InJvmCluster.Node node : nodes) {
            assertThat(node.assembly().metadata().current().epoch()).as("epoch of %s", node.address())
                    .isEqualTo(new Epoch(epoch));
        }
    }

    private static Schema metadataSchemaOf(InJvmCluster.Node node) {
        return node.assembly().metadata().current().schema();
    }

    @Test
    void theFirstNodeStartsTheLogAndEveryOtherNodeJoinsTheRingThroughIt() {
        fixture.start("dc1", "dc1", "dc1");

        // Initialize; for each other node a Register, a PrepareJoin and three steps (its data
        // already there: these nodes do not bootstrap); the fixture's two schema changes.
        awaitEpoch(13);
        List<LogEntry> log = entries(nodes.get(0));
        assertThat(log.get(0).transformation()).isInstanceOf(Initialize.class);
        assertThat(((Initialize) log.get(0).transformation()).first().address()).isEqualTo(nodes.get(0).address());
        List<LogEntry> rest = log.subList(1, 13);
        assertThat(rest).filteredOn(entry -> entry.transformation() instanceof Register).hasSize(2);
        assertThat(rest).filteredOn(entry -> entry.transformation() instanceof PrepareJoin).hasSize(2);
        assertThat(rest).filteredOn(entry -> entry.transformation() instanceof AdvanceMovement).hasSize(6);
        assertThat(rest).filteredOn(entry -> entry.transformation() instanceof AlterSchema).hasSize(2);
        assertThat(metadataSchemaOf(nodes.get(2))).isEqualTo(nodes.get(0).schema().userSchema());
        for (InJvmCluster.Node node : nodes) {
            assertThat(entries(node)).as("the log of %s", node.address()).isEqualTo(log);
        }
        ClusterMetadata metadata = nodes.get(2).assembly().metadata().current();
        assertThat(metadata.directory().get(new NodeId(nodes.get(0).assembly().hostId())).state())
                .isEqualTo(NodeState.JOINED);
        assertThat(metadata.directory().get(new NodeId(nodes.get(1).assembly().hostId())).state())
                .isEqualTo(NodeState.JOINED);
        assertThat(metadata.directory().get(new NodeId(nodes.get(2).assembly().hostId())).address())
                .isEqualTo(nodes.get(2).address());
        assertThat(metadata.metadataReplicas()).containsExactly(new NodeId(nodes.get(0).assembly().hostId()));
        for (InJvmCluster.Node node : nodes) {
            assertThat(metadata.tokens().get(new NodeId(node.assembly().hostId())))
                    .containsExactlyElementsOf(node.assembly().tokens());
        }
        assertThat(metadata.movement()).isNull();

        // What a node opens at its next start: the same log, from its own storage.
        LocalLog reopened = LocalLog.open(new StorageLogStore(nodes.get(1).storage(), fixture.clock),
                ClusterMetadata.empty("Test Cluster", Schema.of(Map.of())));
        reopened.replay();
        assertThat(reopened.epoch()).isEqualTo(new Epoch(13));
        assertThat(reopened.entriesAfter(Epoch.EMPTY, 100)).isEqualTo(log);
    }
}
