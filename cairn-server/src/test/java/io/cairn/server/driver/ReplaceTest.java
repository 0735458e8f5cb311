package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four real nodes (RocksDB, Netty, the Java driver 4): one dies and loses its disk, and a new
 * node started with {@code replace_address} takes its place on another address. The driver's
 * metadata swaps the two without reconnecting, and every row written before reads back at
 * QUORUM, and at ONE from the replacement, which received the dead node's ranges.
 */
class ReplaceTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aDeadNodeWhoseDiskIsGoneIsReplacedAndItsDataReadsBackFromTheReplacement(@TempDir Path directory)
            throws Exception {
        List<CairnNode> nodes = new ArrayList<>(TestNodes.startCluster(directory, "replacing", 4));
        try (CqlSession session = TestNodes.session(nodes.get(0).nativeAddress(), 4)) {
            TestNodes.keyspaceWithRows(session, 200);
            // The metadata replicas grow to three (one every few seconds) before a node dies.
            long grown = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (nodes.get(0).node().metadata().current().metadataReplicas().size() < 3
                    && System.nanoTime() < grown) {
                Thread.sleep(200);
            }
            assertThat(nodes.get(0).node().metadata().current().metadataReplicas()).hasSize(3);
            CairnNode dead = nodes.get(3);
            UUID deadId = dead.node().hostId();
            List<Long> deadTokens = List.copyOf(nodes.get(0).node().metadata().current().tokens()
                    .get(new io.cairn.node.metadata.NodeId(deadId)));
            int storagePort = dead.node().address().port();
            int nativePort = dead.nativeAddress().getPort();
            dead.close();
            deleteTree(directory.resolve("n4"));

            NodeConfig replacementConfig = new NodeConfig("replacing", directory.resolve("n5"),
                    directory.resolve("logs5"), "127.0.0.5", storagePort, "127.0.0.5", nativePort,
                    List.of("127.0.0.1"), 8, "datacenter1", "rack1", CommitLogSync.PERIODIC, 10_000,
                    256 * 1024 * 1024, 1024, 16_384, true, NodeConfig.DEFAULT_WRITE_TIMEOUT_MILLIS,
                    NodeConfig.DEFAULT_READ_TIMEOUT_MILLIS);
            CairnNode replacement = CairnNode.start(replacementConfig.replacing("127.0.0.4"));
            nodes.set(3, replacement);
            UUID newId = replacement.node().hostId();
            // The replacement has finished; the others hear the last entry a moment later.
            long applied = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (nodes.get(0).node().metadata().current().epoch().compareTo(
                    replacement.node().metadata().current().epoch()) < 0 && System.nanoTime() < applied) {
                Thread.sleep(50);
            }
            var after = nodes.get(0).node().metadata().current();
            assertThat(after.movement()).isNull();
            assertThat(after.directory().get(new io.cairn.node.metadata.NodeId(deadId)).state().name())
                    .isEqualTo("LEFT");
            assertThat(List.copyOf(after.tokens().get(new io.cairn.node.metadata.NodeId(newId))))
                    .as("the dead node's tokens").isEqualTo(deadTokens);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((session.getMetadata().getNodes().containsKey(deadId)
                    || !session.getMetadata().getNodes().containsKey(newId)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(session.getMetadata().getNodes()).as("the driver's metadata follows the replace")
                    .doesNotContainKey(deadId).containsKey(newId).hasSize(4);
            Node seen = session.getMetadata().getNodes().get(newId);
            assertThat(seen.getEndPoint().resolve().toString()).contains("127.0.0.5");

            var held = TestNodes.everyKeyOnEveryReplica(nodes, session, 200);
            assertThat(held.getOrDefault(replacement, 0)).as("keys the replacement holds").isPositive();
        } finally {
            TestNodes.close(nodes);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
