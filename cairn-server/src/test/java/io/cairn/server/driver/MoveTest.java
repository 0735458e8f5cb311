package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.node.metadata.NodeId;
import io.cairn.server.CairnNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four real nodes (RocksDB, Netty, the Java driver 4): one moves to other tokens through its admin
 * endpoint. Its system.local and the others' system.peers (what a driver's next topology refresh
 * reads; drivers are also sent MOVED_NODE, which the Java driver 4, as with Cassandra, does not act
 * on) list its new tokens, and after a cleanup on every node each key is on each of its new
 * replicas, nowhere else, and reads back at QUORUM.
 */
class MoveTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aNodeMovedThroughItsAdminEndpointTakesItsNewRangesAndTheDriverFollows(@TempDir Path directory)
            throws Exception {
        List<CairnNode> nodes = TestNodes.startCluster(directory, "moving", 4);
        try (CqlSession session = TestNodes.session(nodes.get(0).nativeAddress(), 4)) {
            TestNodes.keyspaceWithRows(session, 200);
            CairnNode mover = nodes.get(2);
            UUID moverId = mover.node().hostId();
            var ring = mover.node().metadata().current().tokens();
            SortedSet<Long> others = new TreeSet<>();
            ring.forEach((owner, owned) -> {
                if (!owner.equals(new NodeId(moverId))) {
                    others.addAll(owned);
                }
            });
            // Half-way between every other pair of the others' tokens: most of its ranges change.
            List<Long> sorted = new ArrayList<>(others);
            SortedSet<Long> target = new TreeSet<>();
            for (int i = 0; target.size() < ring.get(new NodeId(moverId)).size(); i += 2) {
                target.add(sorted.get(i % sorted.size()) / 2 + sorted.get((i + 1) % sorted.size()) / 2);
            }
            String tokens = target.stream().map(String::valueOf).collect(Collectors.joining(","));

            assertThat(TestNodes.admin("POST", mover.adminAddress(), "/api/move/12,x").statusCode()).isEqualTo(400);
            assertThat(TestNodes.admin("GET", mover.adminAddress(), "/api/move/" + tokens).statusCode())
                    .isEqualTo(405);
            HttpResponse<String> owned = TestNodes.admin("POST", mover.adminAddress(), "/api/move/" + others.first());
            assertThat(owned.statusCode()).as(owned.body()).isEqualTo(409);
            assertThat(json.readTree(owned.body()).get("error").asText()).contains("is owned by node");

            HttpResponse<String> moved = TestNodes.admin("POST", mover.adminAddress(), "/api/move/" + tokens);
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
            assertThat(json.readTree(moved.body()).get("value").asLong()).as("partitions copied").isPositive();

            JsonNode after = json.readTree(TestNodes.admin("GET", nodes.get(0).adminAddress(), "/api/ring").body());
            assertThat(after.get("movement").isNull()).isTrue();
            for (CairnNode node : nodes) {
                assertThat(node.node().metadata().current().tokens().get(new NodeId(moverId)))
                        .as("the log of %s", node.node().address()).isEqualTo(target);
            }
            assertThat(new TreeSet<>(mover.node().tokens())).isEqualTo(target);

            var driverNodes = session.getMetadata().getNodes();
            assertThat(tokensIn(session.execute(SimpleStatement.newInstance("SELECT tokens FROM system.local")
                    .setNode(driverNodes.get(moverId))).one())).as("system.local of the node that moved")
                    .isEqualTo(target);
            for (CairnNode node : nodes) {
                if (node == mover) {
                    continue;
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                Set<Long> listed = Set.of();
                while (!listed.equals(target) && System.nanoTime() < deadline) {
                    listed = tokensIn(session.execute(SimpleStatement.newInstance(
                                    "SELECT tokens FROM system.peers WHERE peer = ?",
                                    java.net.InetAddress.getByName(mover.node().address().host()))
                            .setNode(driverNodes.get(node.node().hostId()))).one());
                    Thread.sleep(100);
                }
                assertThat(listed).as("system.peers of %s", node.node().address()).isEqualTo(target);
            }

            // What the nodes gave up is still on their disks until each cleans up.
            for (CairnNode node : nodes) {
                HttpResponse<String> cleaned = TestNodes.admin("POST", node.adminAddress(), "/api/cleanup");
                assertThat(cleaned.statusCode()).as(cleaned.body()).isEqualTo(200);
            }
            var held = TestNodes.everyKeyOnEveryReplica(nodes, session, 200);
            int copies = held.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(copies).as("three copies of each key").isEqualTo(600);
            for (CairnNode node : nodes) {
                assertThat(keysIn(node)).as("keys on %s after cleanup", node.node().address())
                        .isEqualTo(held.getOrDefault(node, 0));
            }
        } finally {
            TestNodes.close(nodes);
        }
    }

    /** The tokens column of a system.local or system.peers row. */
    private static Set<Long> tokensIn(Row row) {
        Set<Long> tokens = new TreeSet<>();
        for (String token : row.getSet("tokens", String.class)) {
            tokens.add(Long.parseLong(token));
        }
        return tokens;
    }

    /** How many keys of ks.t are in {@code node}'s storage. */
    private static int keysIn(CairnNode node) {
        var table = node.node().schema().current().table("ks", "t");
        return node.node().storage().scan(table.tableId(), io.cairn.storage.TokenRange.FULL, null,
                io.cairn.storage.ReadFilter.all(System.currentTimeMillis() / 1000)).partitions().size();
    }
}
