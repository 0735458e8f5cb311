package io.cairn.server.driver;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cairn.cluster.messaging.InternodeTls;
import io.cairn.cluster.messaging.MessagingConfig;
import io.cairn.cluster.messaging.NettyMessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.SystemClock;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes with internode mutual TLS ({@code server_encryption_options: internode_encryption:
 * all}), each holding a certificate of the cluster's CA, replicate, agree on schema and serve
 * QUORUM. A fourth party on 127.0.0.4 (a messaging service of its own in this JVM, with a
 * certificate of another CA, or without TLS) sends node 1 what would gossip, write, stream and
 * push schema: each is refused at the TLS handshake, before a byte of it is read, each refusal
 * is logged by node 1, and the cluster neither learns of it nor holds what it sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InternodeTlsTest {

    private static final String PASSWORD = "cluster-store-secret";

    @TempDir
    static Path directory;

    private List<CairnNode> nodes = List.of();
    private final ListAppender<ILoggingEvent> refusals = new ListAppender<>();
    private Logger messagingLog;

    @BeforeAll
    void start() throws Exception {
        messagingLog = (Logger) LoggerFactory.getLogger(NettyMessagingService.class);
        refusals.start();
        messagingLog.addAppender(refusals);
        DevCertificates cluster = new DevCertificates(directory.resolve("cluster-ca"), PASSWORD);
        cluster.create(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"));
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
            InternodeTls otherCa = InternodeTls.fromStores(stranger.keystore("127.0.0.4"), PASSWORD,
                    stranger.truststore(), PASSWORD, "PKCS12");
            int before = refusedFrom("127.0.0.4");
            attempt(target, otherCa);
            attempt(target, null);
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

    /**
     * From 127.0.0.4, with {@code tls} (null: none), sends {@code target} what would gossip, write,
     * stream and push schema; each request must fail as unreachable, and nothing be delivered.
     */
    private static void attempt(NodeAddress target, InternodeTls tls) throws Exception {
        MessagingConfig config = MessagingConfig.defaults("tls", new NodeAddress("127.0.0.4", 0));
        try (io.cairn.common.time.ExecutorScheduler scheduler = new io.cairn.common.time.ExecutorScheduler(
                "stranger", Throwable::printStackTrace);
             NettyMessagingService stranger = new NettyMessagingService(tls == null ? config : config.withTls(tls),
                     scheduler, new SystemClock()).start()) {
            byte[] payload = "from a stranger: k = 1000, keyspace stranger".getBytes(StandardCharsets.UTF_8);
            List<CompletableFuture<ResponseCallback.Failure>> answers = new ArrayList<>();
            for (Verb verb : List.of(Verb.MUTATION, Verb.STREAM, Verb.PAXOS_PROPOSE, Verb.METADATA_FETCH)) {
                CompletableFuture<ResponseCallback.Failure> answer = new CompletableFuture<>();
                stranger.sendRequest(target, verb, payload, Duration.ofSeconds(2), new ResponseCallback() {
                    @Override
                    public void onResponse(io.cairn.cluster.messaging.Message response) {
                        answer.completeExceptionally(new AssertionError(verb + " was answered"));
                    }

                    @Override
                    public void onFailure(NodeAddress from, Failure failure) {
                        answer.complete(failure);
                    }
                });
                answers.add(answer);
            }
            stranger.sendOneWay(target, Verb.GOSSIP_DIGEST_SYN, payload);
            stranger.sendOneWay(target, Verb.METADATA_PUSH, payload);
            for (CompletableFuture<ResponseCallback.Failure> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).as("what the stranger's request got")
                        .isIn(ResponseCallback.Failure.UNREACHABLE, ResponseCallback.Failure.TIMEOUT);
            }
            if (tls != null) {
                assertThat(stranger.refusalBy(target)).as("why the stranger could not reach node 1")
                        .contains("TLS handshake failed");
            }
        }
    }
}
