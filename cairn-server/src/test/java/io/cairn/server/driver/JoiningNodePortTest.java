package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A new node lets CQL clients in only once it has joined, so its CQL port is bound last. A
 * port another process holds must still fail its start at once, naming the address, before
 * it enters the ring: started again on a free port, it joins as the new node it is.
 */
class JoiningNodePortTest {

    private static NodeConfig config(Path directory, int index, int storagePort, int nativePort) {
        String host = "127.0.0." + index;
        return new NodeConfig("ports", directory.resolve("n" + index), directory.resolve("logs" + index), host,
                storagePort, host, nativePort, List.of("127.0.0.1"), 8, "datacenter1", "rack1", CommitLogSync.PERIODIC,
                10_000, 256 * 1024 * 1024, 1024, 16_384);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aNewNodeWhoseCqlPortIsTakenFailsBeforeJoiningAndJoinsOnceItIsFree(@TempDir Path directory) throws Exception {
        int storagePort;
        int nativePort;
        try (ServerSocket one = new ServerSocket(0); ServerSocket two = new ServerSocket(0)) {
            storagePort = one.getLocalPort();
            nativePort = two.getLocalPort();
        }
        List<CairnNode> nodes = new ArrayList<>();
        try {
            nodes.add(CairnNode.start(config(directory, 1, storagePort, nativePort)));
            try (ServerSocket taken = new ServerSocket()) {
                taken.bind(new InetSocketAddress("127.0.0.2", nativePort));
                assertThatThrownBy(() -> CairnNode.start(config(directory, 2, storagePort, nativePort)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("Cannot serve CQL on /127.0.0.2:" + nativePort);
            }
            assertThat(nodes.get(0).node().metadata().current().directory().nodes())
                    .as("the node that could not serve never registered").hasSize(1);
            nodes.add(CairnNode.start(config(directory, 2, storagePort, nativePort)));
            try (CqlSession session = TestNodes.session(nodes.get(1).nativeAddress(), 2)) {
                assertThat(session.getMetadata().getNodes()).hasSize(2);
            }
        } finally {
            TestNodes.close(nodes);
        }
    }
}
