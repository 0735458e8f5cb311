package io.cairn.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A development certificate authority and node certificates, made with the JDK's
 * {@code keytool} (no other tool needed): what {@code cairn admin certs} writes, and what the
 * TLS tests use. Not for production, where an organisation's own CA signs the nodes' keys.
 *
 * <p>In the directory: {@code ca.p12} (the CA's key; keep it apart), {@code ca.pem} (its
 * certificate, which clients such as cqlsh or the Node.js driver trust), {@code truststore.p12}
 * (the same certificate as a store, for Java clients and for nodes that check each other), and
 * for each address {@code node-ADDRESS.p12}: the node's key and its certificate chain, the
 * address as its subject alternative name. Every store has the same password.
 */
public final class DevCertificates {

    /** How long the certificates are valid, in days. */
    public static final int VALIDITY_DAYS = 365;
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final String password;
    private final Path keytool;

    /**
     * @param directory where the stores are written (created if missing)
     * @param password  the password of every store (at least 6 characters, as keytool wants)
     */
    public DevCertificates(Path directory, String password) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.password = Objects.requireNonNull(password, "password");
        if (password.length() < 6) {
            throw new IllegalArgumentException("A store password has at least 6 characters");
        }
        this.keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    }

    /** Makes the CA (unless the directory has one) and a key and certificate for each address. */
    public List<Path> create(List<String> addresses) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path ca = directory.resolve("ca.p12");
        Path caPem = directory.resolve("ca.pem");
        if (!Files.exists(ca)) {
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=Cairn development CA", "-ext", "bc:c", "-validity", days(),
                    "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", password);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                    "-file", caPem.toString());
            Path truststore = directory.resolve("truststore.p12");
            Files.deleteIfExists(truststore);
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                    "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
        }
        List<Path> written = new ArrayList<>();
        for (String address : addresses) {
            written.add(node(ca, caPem, address));
        }
        return written;
    }

    /** The store of {@code address}'s key and certificate chain. */
    public Path keystore(String address) {
        return directory.resolve("node-" + address + ".p12");
    }

    public Path truststore() {
        return directory.resolve("truststore.p12");
    }

    public Path caCertificate() {
        return directory.resolve("ca.pem");
    }

    /**
     * An SSL context that trusts the certificates in {@code store} (PKCS12 or JKS): what a Java
     * client, cairn bench or a test connects with.
     */
    public static javax.net.ssl.SSLContext trusting(Path store, String password)
            throws IOException, java.security.GeneralSecurityException {
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(io.cairn.common.security.KeyStores.load(store, password, "PKCS12"));
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private Path node(Path ca, Path caPem, String address) throws IOException, InterruptedException {
        Path store = keystore(address);
        Path request = directory.resolve("node-" + address + ".csr");
        Path certificate = directory.resolve("node-" + address + ".pem");
        Files.deleteIfExists(store);
        String san = (address.matches("[0-9.]+") || address.contains(":") ? "ip:" : "dns:") + address;
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + address, "-validity", days(), "-keystore", store.toString(), "-storetype",
                "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", "node", "-keystore", store.toString(), "-storepass", password,
                "-file", request.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password, "-infile",
                request.toString(), "-outfile", certificate.toString(), "-rfc", "-validity", days(),
                "-ext", "san=" + san, "-ext", "eku=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
                store.toString(), "-storepass", password);
        keytool("-importcert", "-alias", "node", "-file", certificate.toString(), "-keystore", store.toString(),
                "-storepass", password);
        Files.delete(request);
        return store;
    }

    private String days() {
        return Integer.toString(VALIDITY_DAYS);
    }

    private void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output;
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("keytool " + arguments[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS
                        + " s");
            }
            output = process.getInputStream().readAllBytes();
        } finally {
            process.destroyForcibly();
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + arguments[0] + " failed: " + new String(output,
                    StandardCharsets.UTF_8).replace(password, "****").strip());
        }
    }
}
