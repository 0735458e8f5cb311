package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The in-JVM nodes the driver tests start. */
public final class TestNodes {

    private TestNodes() {
    }

    /**
     * A single node of "Test Cluster" in {@code directory} with no seeds, its storage and native
     * ports chosen by the system on 127.0.0.1.
     */
    public static CairnNode startSingle(Path directory) {
        return CairnNode.start(new NodeConfig("Test Cluster", directory.resolve("data"), directory.resolve("logs"),
                "127.0.0.1", 0, "127.0.0.1", 0, List.of(), 4, "datacenter1", "rack1", CommitLogSync.PERIODIC,
                10_000, 256 * 1024 * 1024, 1024, 16_384));
    }

    /**
     * {@link #startSingle}, with a keyspace {@code keyspace} (SimpleStrategy, one replica)
     * created through the driver.
     */
    public static CairnNode startSingleWithKeyspace(Path directory, String keyspace) {
        CairnNode node = startSingle(directory);
        try (CqlSession session = CqlSession.builder().addContactPoint(node.nativeAddress())
                .withLocalDatacenter("datacenter1")
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10)).build())
                .build()) {
            session.execute("CREATE KEYSPACE " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }
}
