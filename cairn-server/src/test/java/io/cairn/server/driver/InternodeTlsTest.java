package io.cairn.server.driver;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cairn.cluster.messaging.NettyMessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.server.CairnNode;
import io.cairn.server.config.DevCertificates;
import io.cairn.server.config.ServerEncryption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes with internode mutual TLS ({@code server_encryption_options: internode_encryption:
 * all}), each holding a certificate of the cluster's CA, replicate, agree on schema and serve
 * QUORUM. A fourth process on 127.0.0.4 ({@link InternodeStranger}, a JVM of its own, with a
 * certificate of another CA, or without TLS) sends node 1 what would gossip, write, stream, run
 * Paxos, push schema and read the metadata log: each is refused at the TLS handshake, before a
 * byte of it is read, each refusal is logged by node 1, and the cluster neither learns of it nor
 * holds what it sent. The same process with a certificate of the cluster's CA is answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InternodeTlsTest {

    private static final String PASSWORD = "cluster-store-secret";

    @TempDir
    static Path directory;

    private List<CairnNode> nodes = List.of();
    private DevCertificates cluster;
    private final ListAppender<ILoggingEvent> refusals = new ListAppender<>();
    private Logger messagingLog;

    @BeforeAll
    void start() throws Exception {
        messagingLog = (Logger) LoggerFactory.getLogger(NettyMessagingService.class);
        refusals.start();
        messagingLog.addAppender(refusals);
        cluster = new DevCertificates(directory.resolve("cluster-ca"), PASSWORD);
        cluster.create(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"));
        nodes = TestNodes.startCluster(directory, "tls", 3, (index, config) -> config.withServerEncryption(
                ServerEncryption.all(cluster.keystore("127.0.0." + index), PASSWORD, cluster.truststore(), PASSWORD)));
    }

    @AfterAll
    void stop() {
        TestNodes.close(nodes);
        messagingLog.detachAppender(refusals);
    }

    @Test
    void nodesWithTheClustersCertificatesReplicateAndStrangersAreRefused() throws Exception {
        try (CqlSession session = TestNodes.session(nodes.get(0).nativeAddress(), 3)) {
            session.execute("CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 3}");
            session.execute("CREATE TABLE ks.t (k int PRIMARY KEY, v int)");
            for (int k = 0; k < 50; k++) {
                session.execute(SimpleStatement.newInstance("INSERT INTO ks.t (k, v) VALUES (?, ?)", k, k)
                        .setConsistencyLevel(DefaultConsistencyLevel.ALL));
            }
            assertThat(session.execute(SimpleStatement.newInstance("SELECT count(*) FROM ks.t")
                    .setConsistencyLevel(DefaultConsistencyLevel.ALL)).one().getLong(0))
                    .as("written at ALL over mutual TLS: every replica took every write").isEqualTo(50);

            NodeAddress target = nodes.get(0).node().address();
            DevCertificates stranger = new DevCertificates(directory.resolve("other-ca"), PASSWORD);
            stranger.create(List.of("127.0.0.4"));
            int before = refusedFrom("127.0.0.4");
            List<String> lines = runStranger(target,
                    "other-ca=" + stores(stranger, "127.0.0.4"), "plain=plain", "member=" + stores(cluster, "127.0.0.4"));
            for (String label : List.of("other-ca", "plain")) {
                for (String verb : List.of("METADATA_FETCH", "MUTATION", "STREAM", "PAXOS_PROPOSE", "SCHEMA_PULL")) {
                    assertThat(lines).as("what the stranger's %s got with %s", verb, label)
                            .containsAnyOf("OUTCOME " + label + " " + verb + " UNREACHABLE",
                                    "OUTCOME " + label + " " + verb + " TIMEOUT");
                }
            }
            assertThat(lines).as("why the stranger with another CA's certificate was not heard")
                    .anyMatch(line -> line.startsWith("REFUSAL other-ca TLS handshake failed"));
            assertThat(lines).as("the same process holding a certificate of the cluster's CA is answered: "
                    + "the refusals above are the certificates' doing").contains("OUTCOME member METADATA_FETCH ANSWERED");
            assertThat(refusedFrom("127.0.0.4") - before)
                    .as("node 1 logged a refusal for each connection the stranger tried").isGreaterThanOrEqualTo(2);

            assertThat(session.getMetadata().getNodes()).as("nobody learned of 127.0.0.4").hasSize(3);
            assertThat(session.execute("SELECT peer FROM system.peers").all()).extracting(row ->
                    row.getInetAddress(0).getHostAddress()).doesNotContain("127.0.0.4");
            assertThat(session.execute(SimpleStatement.newInstance("SELECT v FROM ks.t WHERE k = 1000")
                    .setConsistencyLevel(DefaultConsistencyLevel.ALL)).one()).as("the stranger's write").isNull();
            assertThat(session.getMetadata().getKeyspace("stranger")).as("the stranger's schema").isEmpty();
        }
    }

    /** How many internode connections from {@code address} node 1 logged it refused. */
    private int refusedFrom(String address) {
        return (int) refusals.list.stream().filter(event -> event.getFormattedMessage()
                .startsWith("Refused an internode connection from /" + address)).count();
    }

    private static String stores(DevCertificates certificates, String address) {
        return certificates.keystore(address) + "," + certificates.truststore() + "," + PASSWORD;
    }

    /**
     * Runs {@link InternodeStranger} as a process of its own against {@code target}, with each of
     * {@code attempts}; returns what it printed once it has exited.
     */
    private static List<String> runStranger(NodeAddress target, String... attempts) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InternodeStranger.class.getName(),
                target.host() + ":" + target.port(), "tls"));
        command.addAll(List.of(attempts));
        Path output = directory.resolve("stranger.out");
        Process stranger = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(stranger.waitFor(90, TimeUnit.SECONDS)).as("the stranger finished").isTrue();
        } finally {
            stranger.destroyForcibly();
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(stranger.exitValue()).as(printed).isZero();
        System.out.println("The stranger printed:\n" + printed);
        return printed.lines().toList();
    }
}
