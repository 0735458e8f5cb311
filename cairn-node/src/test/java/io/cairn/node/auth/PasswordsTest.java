package io.cairn.node.auth;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Role passwords are bcrypt hashes, in the format Cassandra stores. */
class PasswordsTest {

    private final Passwords passwords = new Passwords(new SplittableRandom(5));

    @Test
    void aHashMatchesItsPasswordOnly() {
        String hash = passwords.hash("s3cret");
        assertThat(hash).startsWith("$2a$10$").hasSize(60);
        assertThat(Passwords.matches("s3cret", hash)).isTrue();
        assertThat(Passwords.matches("s3cret!", hash)).isFalse();
        assertThat(passwords.hash("s3cret")).as("a new salt each time").isNotEqualTo(hash);
    }

    @Test
    void hashesOfJBCryptTheLibraryCassandraUsesMatch() {
        // Test vectors of jBCrypt's own tests: a hash Cassandra stored reads here unchanged.
        assertThat(Passwords.matches("", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.")).isTrue();
        assertThat(Passwords.matches("a", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe")).isTrue();
        assertThat(Passwords.matches("b", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe")).isFalse();
    }

    @Test
    void passwordsPastSeventyTwoBytesAreTruncatedAsJBCryptDoes() {
        String long72 = "x".repeat(72);
        String hash = passwords.hash(long72 + "tail");
        assertThat(Passwords.matches(long72 + "other tail", hash)).isTrue();
    }

    @Test
    void aMalformedHashMatchesNothing() {
        assertThat(Passwords.matches("anything", "not a hash")).isFalse();
        assertThat(Passwords.matches("anything", "")).isFalse();
    }

    @Test
    void theDecoyIsARealHash() {
        assertThat(Passwords.DECOY_HASH).startsWith("$2a$10$").hasSize(60);
        assertThat(Passwords.matches("no password", Passwords.DECOY_HASH)).isTrue();
        assertThat(Passwords.matches("guess", Passwords.DECOY_HASH)).isFalse();
    }
}
