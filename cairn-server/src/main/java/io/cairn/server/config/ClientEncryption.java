package io.cairn.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS on the native transport port, as Cassandra's {@code client_encryption_options} say.
 *
 * @param enabled            whether clients may (or must) connect with TLS
 * @param optional           whether clients that do not start TLS are served too, on the same port
 * @param keystore           the node's key and certificate chain
 * @param keystorePassword   the keystore's password (and its key's)
 * @param storeType          the stores' type: {@code JKS} (Cassandra's default; it reads PKCS12 too) or {@code PKCS12}
 * @param truststore         the certificates that sign the clients' certificates, or null without client certificates
 * @param truststorePassword the truststore's password, or null
 * @param requireClientAuth  whether a client must present a certificate the truststore trusts
 */
public record ClientEncryption(boolean enabled, boolean optional, Path keystore, String keystorePassword,
                               String storeType, Path truststore, String truststorePassword,
                               boolean requireClientAuth) {

    public static final ClientEncryption DISABLED = new ClientEncryption(false, false, null, null, "JKS", null, null,
            false);

    public ClientEncryption {
        Objects.requireNonNull(storeType, "storeType");
        if (enabled && keystore == null) {
            throw new IllegalArgumentException("client_encryption_options: enabled needs a keystore");
        }
        if (requireClientAuth && truststore == null) {
            throw new IllegalArgumentException("client_encryption_options: require_client_auth needs a truststore");
        }
        if (keystore != null && keystorePassword == null) {
            throw new IllegalArgumentException("client_encryption_options: keystore needs keystore_password");
        }
        if (truststore != null && truststorePassword == null) {
            throw new IllegalArgumentException("client_encryption_options: truststore needs truststore_password");
        }
    }

    /** A node that serves TLS with {@code keystore}, and clients without TLS too when {@code optional}. */
    public static ClientEncryption withKeystore(Path keystore, String password, boolean optional) {
        return new ClientEncryption(true, optional, keystore, password, "JKS", null, null, false);
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return "ClientEncryption{" + (enabled ? (optional ? "optional" : "required") + ", keystore " + keystore
                + (truststore == null ? "" : ", truststore " + truststore)
                + (requireClientAuth ? ", client certificates required" : "") : "disabled") + "}";
    }
}
