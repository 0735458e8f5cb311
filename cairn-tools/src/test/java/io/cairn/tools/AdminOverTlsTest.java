package io.cairn.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.CairnNode;
import io.cairn.server.config.ClientEncryption;
import io.cairn.server.config.ClientSecurity;
import io.cairn.server.config.DevCertificates;
import io.cairn.server.config.NodeConfig;
import io.cairn.storage.CommitLogSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn admin} asks a node whose native transport has TLS over HTTPS, trusting the
 * truststore it is given ({@code CAIRN_ADMIN_TRUSTSTORE}); without one it finds no endpoint that
 * speaks HTTP there, and says the node does not answer.
 */
class AdminOverTlsTest {

    private static final String STORE_PASSWORD = "changeit-admin";

    @TempDir
    Path directory;

    @Test
    void nodeCommandsAskOverHttpsWithTheTruststoreTheyAreGiven() throws Exception {
        DevCertificates certificates = new DevCertificates(directory.resolve("certs"), STORE_PASSWORD);
        certificates.create(List.of("127.0.0.1"));
        try (CairnNode node = CairnNode.start(new NodeConfig("tls", directory.resolve("data"),
                directory.resolve("logs"), "127.0.0.1", 0, "127.0.0.1", 0, List.of(), 4, "datacenter1", "rack1",
                CommitLogSync.PERIODIC, 10_000, 256 * 1024 * 1024, 1024, 16_384)
                .withClientSecurity(ClientSecurity.DEFAULT.withEncryption(ClientEncryption.withKeystore(
                        certificates.keystore("127.0.0.1"), STORE_PASSWORD, true))))) {
            String endpoint = "127.0.0.1:" + node.adminAddress().getPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = new NodeCommands(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), certificates.truststore(), STORE_PASSWORD)
                    .run(endpoint, "info", List.of(), null, false, true);
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).path("host_id").asText())
                    .isEqualTo(node.node().hostId().toString());

            ByteArrayOutputStream refused = new ByteArrayOutputStream();
            int plain = new NodeCommands(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(refused, true, StandardCharsets.UTF_8), null, null)
                    .run(endpoint, "info", List.of(), null, false, true);
            assertThat(plain).as("over plain HTTP").isEqualTo(1);
        }
    }
}
