package io.cairn.server.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.CairnNode;
import io.cairn.server.config.ClientEncryption;
import io.cairn.server.config.ClientSecurity;
import io.cairn.server.config.DevCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node whose native transport has TLS serves its admin endpoint over HTTPS only, with the same
 * key and certificate: a client that trusts the cluster's certificate authority reads it, a plain
 * HTTP request gets nothing, and each node's dashboard has the other node's part, asked of its
 * endpoint over HTTPS.
 */
class AdminTlsTest {

    private static final String STORE_PASSWORD = "changeit-admin";

    @TempDir
    Path directory;

    @Test
    void theAdminEndpointServesHttpsWithTheNativeTransportsCertificate() throws Exception {
        DevCertificates certificates = new DevCertificates(directory.resolve("certs"), STORE_PASSWORD);
        certificates.create(List.of("127.0.0.1", "127.0.0.2"));
        List<CairnNode> nodes = TestNodes.startCluster(directory, "secure", 2, (index, config) ->
                config.withClientSecurity(ClientSecurity.DEFAULT.withEncryption(ClientEncryption.withKeystore(
                        certificates.keystore("127.0.0." + index), STORE_PASSWORD, true))));
        try {
            HttpClient trusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .sslContext(DevCertificates.trusting(certificates.truststore(), STORE_PASSWORD)).build();
            ObjectMapper json = new ObjectMapper();
            InetSocketAddress first = nodes.get(0).adminAddress();
            HttpResponse<String> ring = trusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                    + first.getPort() + "/api/ring")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ring.statusCode()).isEqualTo(200);
            assertThat(json.readTree(ring.body()).path("nodes")).hasSize(2);

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + first.getPort() + "/api/ring")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())).as("plain HTTP to an HTTPS endpoint")
                    .isInstanceOf(java.io.IOException.class);

            // Each node asks the others for their parts of its dashboard, over HTTPS.
            long deadline = System.nanoTime() + 30_000_000_000L;
            for (CairnNode node : nodes) {
                while (true) {
                    JsonNode view = json.readTree(trusting.send(HttpRequest.newBuilder(URI.create("https://"
                            + node.adminAddress().getHostString() + ":" + node.adminAddress().getPort()
                            + "/api/dashboard")).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    long answered = 0;
                    for (JsonNode part : view.path("nodes")) {
                        answered += part.path("answered").asBoolean() ? 1 : 0;
                    }
                    if (answered == 2) {
                        break;
                    }
                    assertThat(System.nanoTime()).as("parts answered through %s: %s", node.adminAddress(), view)
                            .isLessThan(deadline);
                    Thread.sleep(500);
                }
            }
        } finally {
            TestNodes.close(nodes);
        }
    }
}
