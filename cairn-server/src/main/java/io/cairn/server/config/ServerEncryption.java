package io.cairn.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS between nodes, as Cassandra's {@code server_encryption_options} say: with
 * {@code internode_encryption: all} every internode connection is mutual TLS, each node
 * presenting its certificate and accepting only peers whose certificate the truststore (the
 * cluster's CA) signed. Cairn always requires the peer's certificate ({@code require_client_auth}
 * cannot be false): a node that takes any certificate would take anyone.
 *
 * @param enabled            {@code internode_encryption: all}, not {@code none}
 * @param keystore           this node's key and certificate chain
 * @param keystorePassword   its password
 * @param truststore         the certificates that sign the nodes' certificates
 * @param truststorePassword its password
 * @param storeType          the stores' type ({@code JKS}, which reads PKCS12 too, or {@code PKCS12})
 */
public record ServerEncryption(boolean enabled, Path keystore, String keystorePassword, Path truststore,
                               String truststorePassword, String storeType) {

    public static final ServerEncryption NONE = new ServerEncryption(false, null, null, null, null, "JKS");

    public ServerEncryption {
        Objects.requireNonNull(storeType, "storeType");
        if (enabled && (keystore == null || keystorePassword == null || truststore == null
                || truststorePassword == null)) {
            throw new IllegalArgumentException("server_encryption_options: internode_encryption: all needs "
                    + "keystore, keystore_password, truststore and truststore_password");
        }
    }

    /** Mutual TLS with these stores. */
    public static ServerEncryption all(Path keystore, String keystorePassword, Path truststore,
                                       String truststorePassword) {
        return new ServerEncryption(true, keystore, keystorePassword, truststore, truststorePassword, "JKS");
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return enabled ? "ServerEncryption{all, keystore " + keystore + ", truststore " + truststore + "}"
                : "ServerEncryption{none}";
    }
}
