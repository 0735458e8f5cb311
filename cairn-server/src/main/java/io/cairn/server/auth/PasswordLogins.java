package io.cairn.server.auth;

import io.cairn.common.time.Scheduler;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ErrorCode;
import io.cairn.node.auth.RoleManager;
import io.cairn.node.metadata.RoleRecord;
import io.cairn.server.transport.ClientAuthenticator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;

/**
 * Cassandra's {@code PasswordAuthenticator}: a client logs in with a role's name and password
 * (SASL PLAIN); the role must exist, have LOGIN, and the password must match its salted hash.
 *
 * <p>A bcrypt check costs tens of milliseconds of CPU, so a login storm must not burn the node:
 * <ul>
 *   <li>a successful login is remembered (at most {@link #MAX_REMEMBERED} roles, the least recently
 *       used forgotten first) as the role's salted hash and a keyed digest of the password, never
 *       the password; the same name and password log in again without bcrypt while the role's
 *       hash is unchanged (a new password, a dropped role or a role without LOGIN is checked
 *       afresh);</li>
 *   <li>other checks run on the {@code checks} executor, whose bounded queue refuses the excess
 *       with an authentication error rather than queue without end;</li>
 *   <li>a refusal is answered {@link #REFUSAL_DELAY} later, on the scheduler, never holding a
 *       thread.</li>
 * </ul>
 */
public final class PasswordLogins implements ClientAuthenticator {

    /** The class name AUTHENTICATE carries, which drivers expect. */
    public static final String AUTHENTICATOR_CLASS = "org.apache.cassandra.auth.PasswordAuthenticator";
    /** The most roles whose last successful login is remembered. */
    public static final int MAX_REMEMBERED = 1_000;
    /** How long a refused login waits before it is answered. */
    public static final Duration REFUSAL_DELAY = Duration.ofMillis(250);
    /** The largest SASL token read: a name and a password of Cassandra's sizes fit many times over. */
    public static final int MAX_TOKEN_BYTES = 4_096;

    private final RoleManager roles;
    private final Executor checks;
    private final Scheduler scheduler;
    private final SecretKeySpec digestKey;
    private final Map<String, Remembered> remembered;

    /** A role's last successful login: the hash it matched, and the keyed digest of its password. */
    private record Remembered(String saltedHash, byte[] passwordDigest) {
    }

    /**
     * @param checks    where bcrypt checks run: a few threads with a bounded queue
     * @param scheduler delays refusals
     * @param random    makes this process's key of the remembered password digests
     */
    public PasswordLogins(RoleManager roles, Executor checks, Scheduler scheduler, RandomGenerator random) {
        this(roles, checks, scheduler, random, MAX_REMEMBERED);
    }

    /** @param maxRemembered the most roles whose last successful login is remembered */
    PasswordLogins(RoleManager roles, Executor checks, Scheduler scheduler, RandomGenerator random,
                   int maxRemembered) {
        this.remembered = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
                return size() > maxRemembered;
            }
        });
        this.roles = roles;
        this.checks = checks;
        this.scheduler = scheduler;
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.digestKey = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public String authenticatorClass() {
        return AUTHENTICATOR_CLASS;
    }

    @Override
    public CompletionStage<String> authenticate(ByteBuffer token, InetSocketAddress client) {
        Credentials credentials;
        try {
            credentials = Credentials.of(token);
        } catch (CqlException e) {
            return refused(e);
        }
        RoleRecord role = roles.role(credentials.name());
        byte[] digest = digest(credentials.password());
        Remembered last = remembered.get(credentials.name());
        if (role != null && role.canLogin() && last != null && last.saltedHash().equals(role.saltedHash())
                && MessageDigest.isEqual(last.passwordDigest(), digest)) {
            return CompletableFuture.completedFuture(credentials.name());
        }
        CompletableFuture<String> login = new CompletableFuture<>();
        try {
            checks.execute(() -> {
                CqlException refusal;
                try {
                    RoleRecord checked = roles.logIn(credentials.name(), credentials.password());
                    if (checked != null) {
                        remembered.put(credentials.name(), new Remembered(checked.saltedHash(), digest));
                        login.complete(credentials.name());
                        return;
                    }
                    remembered.remove(credentials.name());
                    refusal = incorrect(credentials.name());
                } catch (RuntimeException e) {
                    refusal = new CqlException(ErrorCode.AUTHENTICATION_ERROR, "The login could not be checked: "
                            + e.getClass().getSimpleName());
                }
                refused(refusal).whenComplete((never, failure) -> login.completeExceptionally(failure));
            });
        } catch (RejectedExecutionException e) {
            return refused(new CqlException(ErrorCode.AUTHENTICATION_ERROR,
                    "Too many logins are being checked on this node; try again"));
        }
        return login;
    }

    /** How many roles' last logins are remembered now. */
    int rememberedCount() {
        return remembered.size();
    }

    private CompletionStage<String> refused(CqlException error) {
        CompletableFuture<String> refusal = new CompletableFuture<>();
        scheduler.schedule(REFUSAL_DELAY, () -> refusal.completeExceptionally(error));
        return refusal;
    }

    private static CqlException incorrect(String name) {
        return new CqlException(ErrorCode.AUTHENTICATION_ERROR, "Provided username " + name
                + " and/or password are incorrect");
    }

    private byte[] digest(String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(digestKey);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** A SASL PLAIN token's name and password ({@code [authzid] NUL name NUL password}). */
    record Credentials(String name, String password) {

        @Override
        public String toString() {
            return "Credentials{" + name + "}";
        }

        static Credentials of(ByteBuffer token) {
            if (token.remaining() > MAX_TOKEN_BYTES) {
                throw new CqlException(ErrorCode.AUTHENTICATION_ERROR, "The credentials take " + token.remaining()
                        + " bytes, more than " + MAX_TOKEN_BYTES);
            }
            byte[] bytes = new byte[token.remaining()];
            token.duplicate().get(bytes);
            int last = lastNul(bytes, bytes.length);
            int before = last < 0 ? -1 : lastNul(bytes, last);
            if (last < 0) {
                throw new CqlException(ErrorCode.AUTHENTICATION_ERROR, "Authentication ID must not be null");
            }
            String name = new String(bytes, before + 1, last - before - 1, StandardCharsets.UTF_8);
            String password = new String(bytes, last + 1, bytes.length - last - 1, StandardCharsets.UTF_8);
            if (name.isEmpty()) {
                throw new CqlException(ErrorCode.AUTHENTICATION_ERROR, "Authentication ID must not be null");
            }
            if (password.isEmpty()) {
                throw new CqlException(ErrorCode.AUTHENTICATION_ERROR, "Password must not be null");
            }
            return new Credentials(name, password);
        }

        private static int lastNul(byte[] bytes, int end) {
            for (int i = end - 1; i >= 0; i--) {
                if (bytes[i] == 0) {
                    return i;
                }
            }
            return -1;
        }
    }
}
