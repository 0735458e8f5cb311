package io.cairn.server.driver;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.JdkSSLOptions;
import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.cairn.server.CairnNode;
import io.cairn.server.config.DevCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node whose native port requires TLS (client_encryption_options) and whose clients log in:
 * Java driver 4 and Java driver 3.0 connect with an SSL context that trusts the node's CA and
 * log in; a client without TLS cannot connect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTlsDriverTest {

    private static final String STORE_PASSWORD = "store-secret";
    private static final String SUPERUSER_PASSWORD = "tls-superuser";

    @TempDir
    static Path directory;

    private DevCertificates certificates;
    private CairnNode node;

    @BeforeAll
    void start() throws Exception {
        certificates = new DevCertificates(directory.resolve("certs"), STORE_PASSWORD);
        certificates.create(List.of("127.0.0.1"));
        node = TestNodes.startSingleOverTls(directory, SUPERUSER_PASSWORD, certificates, STORE_PASSWORD);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** An SSL context that trusts the development CA: what a client gets from the node's operator. */
    private SSLContext trustingTheCa() throws Exception {
        return DevCertificates.trusting(certificates.truststore(), STORE_PASSWORD);
    }

    private CqlSessionBuilder session() {
        return CqlSession.builder().addContactPoint(node.nativeAddress()).withLocalDatacenter("datacenter1")
                .withAuthCredentials("cairn", SUPERUSER_PASSWORD)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(3))
                        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
                        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0).build());
    }

    @Test
    void javaDriver4ConnectsOverTlsAndNotWithout() throws Exception {
        try (CqlSession session = session().withSslContext(trustingTheCa()).build()) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS secure WITH replication = {'class': 'SimpleStrategy', "
                    + "'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS secure.kv (k int PRIMARY KEY, v text)");
            session.execute(session.prepare("INSERT INTO secure.kv (k, v) VALUES (?, ?)").bind(1, "over tls"));
            assertThat(session.execute("SELECT v FROM secure.kv WHERE k = 1").one().getString(0))
                    .isEqualTo("over tls");
        }
        assertThatThrownBy(() -> session().build().close()).as("a client without TLS")
                .isInstanceOf(AllNodesFailedException.class);
        assertThatThrownBy(() -> session().withSslContext(SSLContext.getDefault()).build().close())
                .as("a client that does not trust the node's CA").isInstanceOf(AllNodesFailedException.class);
    }

    @Test
    void javaDriver3ConnectsOverTls() throws Exception {
        try (Cluster cluster = Cluster.builder().addContactPoint("127.0.0.1").withPort(node.nativeAddress().getPort())
                .withCredentials("cairn", SUPERUSER_PASSWORD).withoutJMXReporting()
                .withSSL(JdkSSLOptions.builder().withSSLContext(trustingTheCa()).build())
                .withNettyOptions(new com.datastax.driver.core.NettyOptions() {
                    @Override
                    public void onClusterClose(com.datastax.shaded.netty.channel.EventLoopGroup eventLoopGroup) {
                        eventLoopGroup.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS)
                                .syncUninterruptibly();
                    }
                }).build()) {
            assertThat(cluster.connect().execute("SELECT release_version FROM system.local").one()).isNotNull();
        }
    }
}
