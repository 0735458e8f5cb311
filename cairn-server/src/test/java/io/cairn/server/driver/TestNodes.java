package io.cairn.server.driver;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.cairn.server.CairnNode;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
     * {@link #startSingle}, authenticating clients (PasswordAuthenticator): the first start creates
     * the superuser {@code cairn} with {@code superuserPassword}.
     */
    public static CairnNode startSingleAuthenticating(Path directory, String superuserPassword) {
        return CairnNode.start(new NodeConfig("Test Cluster", directory.resolve("data"), directory.resolve("logs"),
                "127.0.0.1", 0, "127.0.0.1", 0, List.of(), 4, "datacenter1", "rack1", CommitLogSync.PERIODIC,
                10_000, 256 * 1024 * 1024, 1024, 16_384).withClientSecurity(new io.cairn.server.config.ClientSecurity(
                io.cairn.server.config.ClientSecurity.Authenticator.PASSWORD, true)), superuserPassword);
    }

    /**
     * {@link #startSingleAuthenticating}, its native port requiring TLS with the key and certificate
     * {@code certificates} made for 127.0.0.1.
     */
    public static CairnNode startSingleOverTls(Path directory, String superuserPassword,
                                               io.cairn.server.config.DevCertificates certificates,
                                               String storePassword) {
        return CairnNode.start(new NodeConfig("Test Cluster", directory.resolve("data"), directory.resolve("logs"),
                "127.0.0.1", 0, "127.0.0.1", 0, List.of(), 4, "datacenter1", "rack1", CommitLogSync.PERIODIC,
                10_000, 256 * 1024 * 1024, 1024, 16_384).withClientSecurity(new io.cairn.server.config.ClientSecurity(
                io.cairn.server.config.ClientSecurity.Authenticator.PASSWORD, true).withEncryption(
                io.cairn.server.config.ClientEncryption.withKeystore(certificates.keystore("127.0.0.1"),
                        storePassword, false))), superuserPassword);
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

    /**
     * {@code count} nodes of cluster {@code clusterName} on 127.0.0.1 ... 127.0.0.{@code count}, all on
     * the same storage and native ports (chosen free), 127.0.0.1 their seed. Nodes already started
     * are closed if a later one fails to start.
     */
    public static List<CairnNode> startCluster(Path directory, String clusterName, int count) throws Exception {
        return startCluster(directory, clusterName, count, (index, config) -> config);
    }

    /** {@link #startCluster(Path, String, int)}, node {@code i}'s configuration changed by {@code configure}. */
    public static List<CairnNode> startCluster(Path directory, String clusterName, int count,
                                               java.util.function.BiFunction<Integer, NodeConfig, NodeConfig> configure)
            throws Exception {
        int storagePort = freePort();
        int nativePort = freePort();
        List<CairnNode> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                String host = "127.0.0." + i;
                nodes.add(CairnNode.start(configure.apply(i, new NodeConfig(clusterName, directory.resolve("n" + i),
                        directory.resolve("logs" + i), host, storagePort, host, nativePort, List.of("127.0.0.1"), 8,
                        "datacenter1", "rack1", CommitLogSync.PERIODIC, 10_000, 256 * 1024 * 1024, 1024, 16_384))));
            }
        } catch (Exception | Error e) {
            close(nodes);
            throw e;
        }
        return nodes;
    }

    /**
     * A driver session through {@code contactPoint} with a 10 s request timeout (so that the
     * server's own timeouts answer first) that has seen {@code nodes} nodes, waiting up to 30 s for
     * them.
     */
    public static CqlSession session(InetSocketAddress contactPoint, int nodes) throws InterruptedException {
        return session(contactPoint, nodes, null);
    }

    /** {@link #session(InetSocketAddress, int)} speaking {@code version}, or the newest both sides know if null. */
    public static CqlSession session(InetSocketAddress contactPoint, int nodes, ProtocolVersion version)
            throws InterruptedException {
        var config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10));
        if (version != null) {
            config.withString(DefaultDriverOption.PROTOCOL_VERSION, version.name());
        }
        CqlSession session = CqlSession.builder().addContactPoint(contactPoint).withLocalDatacenter("datacenter1")
                .withConfigLoader(config.build()).build();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (session.getMetadata().getNodes().size() < nodes && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (session.getMetadata().getNodes().size() < nodes) {
            session.close();
            throw new IllegalStateException("the driver saw " + session.getMetadata().getNodes().size() + " of "
                    + nodes + " nodes within 30 s");
        }
        return session;
    }

    /**
     * Checks that int keys 0 until {@code keys} of ks.t are each in the storage of every one of
     * their replicas as {@code nodes.get(0)} places them, and read back at QUORUM through
     * {@code session} with v = k; returns how many replicas of a key each node holds.
     */
    public static java.util.Map<CairnNode, Integer> everyKeyOnEveryReplica(List<CairnNode> nodes,
                                                                          com.datastax.oss.driver.api.core.CqlSession session,
                                                                          int keys) {
        io.cairn.node.Node observer = nodes.get(0).node();
        var table = observer.schema().current().table("ks", "t");
        java.util.Map<CairnNode, Integer> held = new java.util.HashMap<>();
        for (int key = 0; key < keys; key++) {
            byte[] bytes = java.nio.ByteBuffer.allocate(4).putInt(0, key).array();
            long token = io.cairn.common.token.Murmur3Partitioner.token(bytes);
            for (var replica : observer.topology().replicasFor("ks", token)) {
                CairnNode holder = nodes.stream().filter(node -> node.node().address().equals(replica))
                        .findFirst().orElseThrow();
                var partition = holder.node().storage().read(table.tableId(),
                        new io.cairn.storage.PartitionKey(token, bytes),
                        io.cairn.storage.ReadFilter.all(System.currentTimeMillis() / 1000));
                org.assertj.core.api.Assertions.assertThat(partition.rows()).as("key %s on %s", key, replica)
                        .isNotEmpty();
                held.merge(holder, 1, Integer::sum);
            }
        }
        for (int key = 0; key < keys; key++) {
            var row = session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
                            "SELECT v FROM ks.t WHERE k = ?", key)
                    .setConsistencyLevel(com.datastax.oss.driver.api.core.ConsistencyLevel.QUORUM)).one();
            org.assertj.core.api.Assertions.assertThat(row).as("key %s", key).isNotNull();
            org.assertj.core.api.Assertions.assertThat(row.getInt("v")).isEqualTo(key);
        }
        return held;
    }

    /** Creates ks (RF 3) and ks.t (k int PRIMARY KEY, v int) and writes keys 0 until {@code keys} with v = k at QUORUM. */
    public static void keyspaceWithRows(CqlSession session, int keys) {
        session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                + "'replication_factor': 3}");
        session.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
        for (int key = 0; key < keys; key++) {
            session.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
                            "INSERT INTO ks.t (k, v) VALUES (?, ?)", key, key)
                    .setConsistencyLevel(com.datastax.oss.driver.api.core.ConsistencyLevel.QUORUM));
        }
    }

    /** Calls a node's admin endpoint ({@code method} {@code path}), waiting at most 2 minutes for the answer. */
    public static java.net.http.HttpResponse<String> admin(String method, InetSocketAddress admin, String path)
            throws java.io.IOException, InterruptedException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://"
                        + admin.getHostString() + ":" + admin.getPort() + path)).timeout(Duration.ofMinutes(2))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        return java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Closes every node, even when closing one of them fails. */
    public static void close(List<CairnNode> nodes) {
        RuntimeException failure = null;
        for (CairnNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
