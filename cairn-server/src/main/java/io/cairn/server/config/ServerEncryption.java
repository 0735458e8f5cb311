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
 * @param secret             the cluster's shared secret ({@code internode_secret}, at least 16 characters,
 *                           the same on every node), which peers prove they hold at each connection's
 *                           handshake (an HMAC challenge both ways); null for none
 */
public record ServerEncryption(boolean enabled, Path keystore, String keystorePassword, Path truststore,
                               String truststorePassword, String storeType, String secret) {

    public static final ServerEncryption NONE = new ServerEncryption(false, null, null, null, null, "JKS", null);

    /** The environment variable that gives {@code internode_secret} when cairn.yaml does not. */
    public static final String SECRET_VARIABLE = "CAIRN_INTERNODE_SECRET";

    public ServerEncryption {
        Objects.requireNonNull(storeType, "storeType");
        if (secret != null && secret.length() < io.cairn.cluster.messaging.InternodeSecret.MIN_LENGTH) {
            throw new IllegalArgumentException("internode_secret has at least "
                    + io.cairn.cluster.messaging.InternodeSecret.MIN_LENGTH + " characters");
        }
        if (enabled && (keystore == null || keystorePassword == null || truststore == null
                || truststorePassword == null)) {
            throw new IllegalArgumentException("server_encryption_options: internode_encryption: all needs "
                    + "keystore, keystore_password, truststore and truststore_password");
        }
    }

    /** Mutual TLS with these stores. */
    public static ServerEncryption all(Path keystore, String keystorePassword, Path truststore,
                                       String truststorePassword) {
        return new ServerEncryption(true, keystore, keystorePassword, truststore, truststorePassword, "JKS", null);
    }

    /** These settings, peers proving at each handshake that they hold {@code shared}. */
    public ServerEncryption withSecret(String shared) {
        return new ServerEncryption(enabled, keystore, keystorePassword, truststore, truststorePassword, storeType,
                shared);
    }

    /** Whether peers must authenticate: with TLS certificates or the shared secret. */
    public boolean authenticatesPeers() {
        return enabled || secret != null;
    }

    /**
     * Why a node listening for its peers on {@code listenAddress} must not start with these
     * settings, or null when it may: beyond loopback, a node's peers must authenticate unless
     * {@code required} is false.
     */
    public String refusal(String listenAddress, boolean required) {
        if (authenticatesPeers() || !required || ClientSecurity.isLoopback(listenAddress)) {
            return null;
        }
        return "This node listens for its peers on " + listenAddress + ", which is not a loopback address, and its "
                + "peers do not authenticate: any process that reaches its storage port could join the cluster, "
                + "write and read everything. Set server_encryption_options (internode_encryption: all, with each "
                + "node's certificate of the cluster's CA) or internode_secret (the same secret of 16 characters or "
                + "more on every node, or the environment variable " + SECRET_VARIABLE + "), or, to run so anyway, "
                + "'authentication_required_beyond_loopback: false'";
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return (enabled ? "ServerEncryption{all, keystore " + keystore + ", truststore " + truststore
                : "ServerEncryption{none") + (secret == null ? "" : ", internode secret ****") + "}";
    }
}
