package io.cairn.cluster.messaging;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The cluster's shared secret ({@code internode_secret}), with which nodes that do not use
 * internode TLS prove to each other that they belong to the cluster: a challenge and response
 * over HMAC-SHA256, each side proving it holds the secret over a nonce the other chose, so
 * that a recorded handshake cannot be played again and the secret never crosses the wire.
 * A peer that fails learns nothing of the cluster.
 */
public final class InternodeSecret {

    /** The shortest secret accepted. */
    public static final int MIN_LENGTH = 16;
    static final int NONCE_BYTES = 16;
    static final int PROOF_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final RandomGenerator random;

    /**
     * @param secret the cluster's secret, the same on every node
     * @param random where the nonces come from: a cryptographically strong generator in production
     */
    public InternodeSecret(String secret, RandomGenerator random) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("internode_secret has at least " + MIN_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.random = Objects.requireNonNull(random, "random");
    }

    byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    /** What the accepting node sends: proof that it holds the secret, over both nonces. */
    byte[] acceptorProof(byte[] connectorNonce, byte[] acceptorNonce) {
        return mac("acceptor", connectorNonce, acceptorNonce, new byte[0]);
    }

    /** What the connecting node sends: proof that it holds the secret, over both nonces and its address. */
    byte[] connectorProof(byte[] acceptorNonce, byte[] connectorNonce, NodeAddress from) {
        return mac("connector", acceptorNonce, connectorNonce, ByteBuffer.allocate(4).putInt(from.port()).array(),
                from.host().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code proof} equals {@code expected}, in time that does not depend on where they differ. */
    static boolean matches(byte[] expected, byte[] proof) {
        return MessageDigest.isEqual(expected, proof);
    }

    private byte[] mac(String label, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            for (byte[] part : parts) {
                mac.update(ByteBuffer.allocate(4).putInt(part.length).array());
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "InternodeSecret{****}";
    }
}
