package io.cairn.server.driver;

import io.cairn.server.CairnNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Node.js cassandra-driver (installed with {@code npm ci} from the repository's lockfile)
 * connects to a node and runs prepared inserts, selects, paging, named parameters, lightweight
 * transactions ({@code wasApplied()} and the existing row), counters, secondary indexes (queried
 * in pages, listed by the driver's metadata) and vectors (written and read as
 * {@code cassandra.types.Vector}, fed to a similarity function): {@code drivers/nodejs/check.js}; and
 * logs in to a node that authenticates clients: {@code drivers/nodejs/auth.js}, and over TLS:
 * {@code drivers/nodejs/tls.js}.
 */
class NodeJsDriverTest {

    private static final Path CHECK = Path.of("..", "drivers", "nodejs").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    @Test
    void nodeJsDriverRunsPreparedStatementsPagingAndLightweightTransactions() throws Exception {
        installDriver();
        try (CairnNode node = TestNodes.startSingle(directory)) {
            Result check = run(List.of("node", "check.js", "127.0.0.1",
                    Integer.toString(node.nativeAddress().getPort())), 120);
            assertThat(check.exitCode()).as("node check.js:\n%s", check.output()).isZero();
            assertThat(check.output())
                    .contains("ok: protocol v4, 250 rows in 3 pages, named parameters, lightweight transactions, "
                            + "Cassandra 5.0 CQL, counters, secondary indexes, vectors");
        }
    }

    @Test
    void nodeJsDriverLogsInWithPlainTextAuthProvider() throws Exception {
        installDriver();
        try (CairnNode node = TestNodes.startSingleAuthenticating(directory, "njs-superuser")) {
            Result check = run(List.of("node", "auth.js", "127.0.0.1",
                    Integer.toString(node.nativeAddress().getPort()), "cairn", "njs-superuser"), 120);
            assertThat(check.exitCode()).as("node auth.js:\n%s", check.output()).isZero();
            assertThat(check.output()).contains("ok: logged in, refused an unauthorized statement, read once granted, "
                    + "refused a write without permission, refused a wrong password");
        }
    }

    @Test
    void nodeJsDriverConnectsOverTlsWithTheNodesCa() throws Exception {
        installDriver();
        io.cairn.server.config.DevCertificates certificates = new io.cairn.server.config.DevCertificates(
                directory.resolve("certs"), "store-secret");
        certificates.create(List.of("127.0.0.1"));
        try (CairnNode node = TestNodes.startSingleOverTls(directory, "njs-superuser", certificates, "store-secret")) {
            Result check = run(List.of("node", "tls.js", "127.0.0.1",
                    Integer.toString(node.nativeAddress().getPort()), "cairn", "njs-superuser",
                    certificates.caCertificate().toString()), 120);
            assertThat(check.exitCode()).as("node tls.js:\n%s", check.output()).isZero();
            assertThat(check.output()).contains("ok: logged in over TLS with the node's CA, refused without TLS");
        }
    }

    private void installDriver() throws Exception {
        if (!Files.isDirectory(CHECK.resolve("node_modules").resolve("cassandra-driver"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertThat(install.exitCode()).as("npm ci:\n%s", install.output()).isZero();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = directory.resolve("process.log");
        Process process = new ProcessBuilder(command).directory(CHECK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
