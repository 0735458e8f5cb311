package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Four real nodes (RocksDB, Netty, the Java driver 4): one is decommissioned through its admin
 * endpoint while the driver watches. The driver's metadata drops it (REMOVED_NODE) without
 * reconnecting, and every row written before reads back at QUORUM from the three that stay.
 */
class DecommissionTest {

    private final ObjectMapper json = new ObjectMapper();

    private static HttpResponse<String> call(String method, InetSocketAddress admin, String path) throws Exception {
        return TestNodes.admin(method, admin, path);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aNodeDecommissionedThroughItsAdminEndpointLeavesTheDriversMetadataAndItsDataStays(@TempDir Path directory)
            throws Exception {
        List<CairnNode> nodes = TestNodes.startCluster(directory, "leaving", 4);
        try (CqlSession session = TestNodes.session(nodes.get(0).nativeAddress(), 4)) {
            TestNodes.keyspaceWithRows(session, 200);
            CairnNode leaving = nodes.get(3);
            UUID leavingId = leaving.node().hostId();

            HttpResponse<String> ring = call("GET", nodes.get(0).adminAddress(), "/api/ring");
            assertThat(ring.statusCode()).isEqualTo(200);
            JsonNode before = json.readTree(ring.body());
            assertThat(before.get("nodes")).hasSize(4);
            assertThat(before.get("movement").isNull()).isTrue();
            assertThat(before.get("metadata_replicas")).isNotEmpty();

            JsonNode described = json.readTree(call("GET", nodes.get(1).adminAddress(), "/api/describecluster").body());
            assertThat(described.get("cluster_name").asText()).isEqualTo("leaving");
            assertThat(described.get("schema_versions").size()).as("one schema everywhere: %s", described)
                    .isEqualTo(1);
            assertThat(described.get("schema_versions").elements().next()).hasSize(4);
            assertThat(described.get("unreachable")).isEmpty();
            assertThat(call("GET", leaving.adminAddress(), "/api/decommission").statusCode()).isEqualTo(405);
            assertThat(call("POST", leaving.adminAddress(), "/api/removenode/not-a-host-id").statusCode())
                    .isEqualTo(400);
            HttpResponse<String> alive = call("POST", nodes.get(0).adminAddress(), "/api/removenode/" + leavingId);
            assertThat(alive.statusCode()).as(alive.body()).isEqualTo(409);
            assertThat(json.readTree(alive.body()).get("error").asText()).contains("is alive: decommission it");

            HttpResponse<String> decommissioned = call("POST", leaving.adminAddress(), "/api/decommission");
            assertThat(decommissioned.statusCode()).as(decommissioned.body()).isEqualTo(200);
            assertThat(json.readTree(decommissioned.body()).get("value").asLong()).as("partitions copied")
                    .isPositive();

            JsonNode after = json.readTree(call("GET", nodes.get(0).adminAddress(), "/api/ring").body());
            assertThat(after.get("movement").isNull()).isTrue();
            assertThat(after.get("epoch").asLong()).isGreaterThan(before.get("epoch").asLong());
            for (JsonNode node : after.get("nodes")) {
                boolean isLeaving = node.get("host_id").asText().equals(leavingId.toString());
                assertThat(node.get("state").asText()).isEqualTo(isLeaving ? "LEFT" : "JOINED");
                assertThat(node.get("tokens").asInt()).isEqualTo(isLeaving ? 0 : 8);
            }
            assertThat(after.get("metadata_replicas").toString()).doesNotContain(leavingId.toString());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (session.getMetadata().getNodes().containsKey(leavingId) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(session.getMetadata().getNodes()).as("REMOVED_NODE reached the driver")
                    .doesNotContainKey(leavingId).hasSize(3);
            int storagePort = leaving.node().address().port();
            int nativePort = leaving.nativeAddress().getPort();
            leaving.close();
            // Started again with its data, it refuses: its ranges are the others' now.
            NodeConfig again = new NodeConfig("leaving", directory.resolve("n4"), directory.resolve("logs4"),
                    "127.0.0.4", storagePort, "127.0.0.4", nativePort, List.of("127.0.0.1"), 8, "datacenter1", "rack1",
                    CommitLogSync.PERIODIC, 10_000, 256 * 1024 * 1024, 1024, 16_384);
            assertThatThrownBy(() -> CairnNode.start(again)).hasMessageContaining("has left the cluster")
                    .hasMessageContaining("empty data directory");
            assertThat(session.getMetadata().getNodes()).as("not listed again").doesNotContainKey(leavingId);
            // The nodes that stay gained ranges and gave none up: cleanup keeps every key they replicate.
            assertThat(call("GET", nodes.get(0).adminAddress(), "/api/cleanup").statusCode()).isEqualTo(405);
            for (CairnNode staying : nodes.subList(0, 3)) {
                HttpResponse<String> cleaned = call("POST", staying.adminAddress(), "/api/cleanup");
                assertThat(cleaned.statusCode()).as(cleaned.body()).isEqualTo(200);
            }
            // Each key is on each of its new replicas (the nodes that gained ranges copied them),
            // not merely on the two old replicas that stayed.
            TestNodes.everyKeyOnEveryReplica(nodes.subList(0, 3), session, 200);
        } finally {
            TestNodes.close(nodes);
        }
    }
}
