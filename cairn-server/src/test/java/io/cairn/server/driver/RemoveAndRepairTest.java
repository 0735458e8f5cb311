package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.CairnNode;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
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

/**
 * Four real nodes (RocksDB, Netty, the Java driver 4): a node that died is removed through the
 * admin endpoint (its ranges copied from the replicas that stay), then a survivor loses its
 * copy of a table and a repair through the admin endpoint brings every key back to each of
 * its three replicas, sending only what that survivor lacked.
 */
class RemoveAndRepairTest {

    private final ObjectMapper json = new ObjectMapper();

    private static HttpResponse<String> post(InetSocketAddress admin, String path) throws Exception {
        return TestNodes.admin("POST", admin, path);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aDeadNodeIsRemovedAndARepairRestoresEveryCopyASurvivorLost(@TempDir Path directory) throws Exception {
        List<CairnNode> nodes = TestNodes.startCluster(directory, "repaired", 4);
        try (CqlSession session = TestNodes.session(nodes.get(0).nativeAddress(), 4)) {
            TestNodes.keyspaceWithRows(session, 200);
            // The metadata replicas grow to three (one every few seconds) before a node dies: with
            // two, losing one leaves no majority to remove it.
            long grown = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (nodes.get(0).node().metadata().current().metadataReplicas().size() < 3
                    && System.nanoTime() < grown) {
                Thread.sleep(200);
            }
            CairnNode dead = nodes.get(3);
            UUID deadId = dead.node().hostId();
            dead.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (nodes.get(0).node().topology().isAlive(dead.node().address()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            HttpResponse<String> removed = post(nodes.get(0).adminAddress(), "/api/removenode/" + deadId);
            assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
            List<CairnNode> survivors = nodes.subList(0, 3);
            TestNodes.everyKeyOnEveryReplica(survivors, session, 200);

            HttpResponse<String> unknown = post(nodes.get(0).adminAddress(), "/api/repair/ks/nope");
            assertThat(unknown.statusCode()).isEqualTo(409);
            assertThat(json.readTree(unknown.body()).get("error").asText()).contains("ks.nope does not exist");

            // Node 2 loses its copy of ks.t (a failed disk under one table, say).
            TableId table = nodes.get(1).node().schema().current().table("ks", "t").tableId();
            assertThat(nodes.get(1).node().storage().dropRange(table, TokenRange.FULL, () -> true)).isTrue();
            HttpResponse<String> repaired = post(nodes.get(0).adminAddress(), "/api/repair/ks");
            assertThat(repaired.statusCode()).as(repaired.body()).isEqualTo(200);
            JsonNode result = json.readTree(repaired.body());
            assertThat(result.get("result").asText()).isEqualTo("repaired");
            // Node 1 and node 2 replicate every key at RF 3 of 3 nodes: node 2 gets all 200 back,
            // from node 1, and node 1 needs nothing.
            assertThat(result.get("partitions_sent").asLong()).isEqualTo(200);
            assertThat(result.get("partitions_received").asLong()).isZero();
            assertThat(result.get("differing_leaves").asLong()).isPositive();
            TestNodes.everyKeyOnEveryReplica(survivors, session, 200);

            HttpResponse<String> again = post(nodes.get(2).adminAddress(), "/api/repair");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(json.readTree(again.body()).get("differing_leaves").asLong()).as("nothing differs any more")
                    .isZero();
        } finally {
            TestNodes.close(nodes);
        }
    }
}
