package io.cairn.node.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Salted slow hashes of passwords: bcrypt, as Cassandra's {@code PasswordAuthenticator} stores
 * them ({@code $2a$}, cost {@link #COST}, a password's bytes past the 72nd ignored, as jBCrypt
 * does), so that a hash moves between the two unchanged. The salt comes from the random source
 * given (the node's, a SecureRandom in production). A hash takes tens of milliseconds of CPU on
 * purpose: never on a network thread.
 */
public final class Passwords {

    /** bcrypt's log2 rounds (Cassandra's {@code auth_bcrypt_gensalt_log2_rounds} default). */
    public static final int COST = 10;

    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2A;
    private static final BCrypt.Hasher HASHER = BCrypt.with(VERSION, LongPasswordStrategies.truncate(VERSION));
    private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(VERSION, LongPasswordStrategies.truncate(VERSION));

    /**
     * A hash no password is checked against for real: a login as a role that does not exist (or
     * has no password) is checked against it, so that it takes as long as any other.
     */
    public static final String DECOY_HASH = new String(HASHER.hash(COST, new byte[BCrypt.SALT_LENGTH],
            "no password".getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);

    private final RandomGenerator random;

    public Passwords(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The salted hash of {@code password}, with a new salt. */
    public String hash(String password) {
        byte[] salt = new byte[BCrypt.SALT_LENGTH];
        random.nextBytes(salt);
        return new String(HASHER.hash(COST, salt, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    /** Whether {@code password} is the one {@code saltedHash} was made of (false for a malformed hash). */
    public static boolean matches(String password, String saltedHash) {
        try {
            return VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8),
                    saltedHash.getBytes(StandardCharsets.US_ASCII)).verified;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
