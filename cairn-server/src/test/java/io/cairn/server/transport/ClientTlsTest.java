package io.cairn.server.transport;

import com.datastax.oss.protocol.internal.Compressor;
import com.datastax.oss.protocol.internal.request.Options;
import com.datastax.oss.protocol.internal.response.Supported;
import io.cairn.common.time.ManualClock;
import io.cairn.protocol.message.Response;
import io.cairn.server.config.DevCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS on the native port: required, it serves TLS clients and closes plain ones; optional, it
 * serves both; its certificate is read again when the keystore changes (a bad one is not taken).
 */
class ClientTlsTest {

    private static final String PASSWORD = "store-secret";

    @TempDir
    static Path directory;
    private static DevCertificates certificates;

    private final ManualClock clock = new ManualClock(1_000_000L);
    private CqlServer server;

    @BeforeAll
    static void certificates() throws Exception {
        certificates = new DevCertificates(directory.resolve("certs"), PASSWORD);
        certificates.create(List.of("127.0.0.1"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress start(boolean optional) throws InterruptedException {
        return start(certificates, optional);
    }

    private InetSocketAddress start(DevCertificates from, boolean optional) throws InterruptedException {
        ClientTls tls = new ClientTls(stores(from.keystore("127.0.0.1")), optional, clock);
        server = new CqlServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                (request, client) -> CompletableFuture.completedFuture(new Response.Void()),
                new TransportLimits(1 << 20, 8, 64), ClientAuthenticator.NONE, tls);
        return server.start();
    }

    private static ClientTls.Stores stores(Path keystore) {
        return new ClientTls.Stores(keystore, PASSWORD, null, null, "JKS", false);
    }

    /** The certificate the server presents to a client that trusts the development CA. */
    private static X509Certificate handshake(InetSocketAddress address) throws Exception {
        return handshake(address, certificates);
    }

    private static X509Certificate handshake(InetSocketAddress address, DevCertificates ca) throws Exception {
        SSLContext context = DevCertificates.trusting(ca.truststore(), PASSWORD);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(),
                address.getPort())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static boolean servedInPlain(InetSocketAddress address) throws IOException {
        try (RawClient client = new RawClient(address, Compressor.none())) {
            client.send(4, 0, Options.INSTANCE);
            return client.receive().message instanceof Supported;
        } catch (IOException closed) {
            return false;
        }
    }

    @Test
    void aRequiredTlsPortServesTlsClientsAndNoPlainOne() throws Exception {
        InetSocketAddress address = start(false);
        assertThat(handshake(address).getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(servedInPlain(address)).isFalse();
        assertThat(handshake(address)).as("and serves TLS on").isNotNull();
    }

    @Test
    void anOptionalTlsPortServesBoth() throws Exception {
        InetSocketAddress address = start(true);
        assertThat(servedInPlain(address)).isTrue();
        assertThat(handshake(address).getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(servedInPlain(address)).isTrue();
    }

    @Test
    void newConnectionsTakeAChangedCertificateAndNeverABrokenOne() throws Exception {
        DevCertificates own = new DevCertificates(directory.resolve("reloaded"), PASSWORD);
        own.create(List.of("127.0.0.1"));
        InetSocketAddress address = start(own, false);
        X509Certificate first = handshake(address, own);
        own.create(List.of("127.0.0.1"));
        assertThat(handshake(address, own)).as("the files are looked at once every %s", ClientTls.RELOAD_CHECK)
                .isEqualTo(first);
        clock.advance(ClientTls.RELOAD_CHECK);
        X509Certificate second = handshake(address, own);
        assertThat(second.getSerialNumber()).as("a new certificate, from the new keystore")
                .isNotEqualTo(first.getSerialNumber());
        Files.write(own.keystore("127.0.0.1"), new byte[] {1, 2, 3});
        clock.advance(ClientTls.RELOAD_CHECK.plus(Duration.ofSeconds(1)));
        assertThat(handshake(address, own)).as("a keystore that does not read is not taken").isEqualTo(second);
    }

    @Test
    void aNodeWhoseKeystoreDoesNotReadDoesNotStart() {
        assertThatThrownBy(() -> new ClientTls(stores(directory.resolve("missing.p12")), false, clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.p12");
    }
}
