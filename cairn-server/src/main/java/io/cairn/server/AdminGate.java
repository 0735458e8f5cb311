package io.cairn.server;

import io.cairn.server.transport.ClientAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Who may use the admin endpoint. When clients log in ({@code authenticator:
 * PasswordAuthenticator}), every request must carry HTTP Basic credentials of a superuser, checked
 * as a CQL login is (the same logins, their bcrypt checks and their delay on a refusal), as
 * nodetool needs JMX credentials when Cassandra authenticates; otherwise everyone is admitted. The
 * endpoint listens on loopback only, either way.
 */
final class AdminGate {

    private static final Logger LOG = LoggerFactory.getLogger(AdminGate.class);

    /** The longest Authorization header read: a name and a password of Cassandra's sizes fit many times over. */
    static final int MAX_HEADER_CHARS = 4_096;
    /** How long a request waits for its credentials to be checked. */
    static final Duration CHECK_WAIT = Duration.ofSeconds(10);

    /** What a request's credentials come to: admitted, or refused with an HTTP status and why. */
    record Verdict(int status, String reason) {
        static final Verdict ADMITTED = new Verdict(200, null);

        boolean admitted() {
            return status == 200;
        }
    }

    private final ClientAuthenticator logins;
    private final Predicate<String> isSuperuser;

    /**
     * @param logins      checks a name and password ({@link ClientAuthenticator#NONE}: no login needed)
     * @param isSuperuser whether a role may administer the node
     */
    AdminGate(ClientAuthenticator logins, Predicate<String> isSuperuser) {
        this.logins = logins;
        this.isSuperuser = isSuperuser;
    }

    /** Whether requests must log in. */
    boolean authenticates() {
        return logins.authenticatorClass() != null;
    }

    /** The verdict on a request that carried {@code authorization} (its header, or null) from {@code client}. */
    Verdict check(String authorization, InetSocketAddress client) {
        if (!authenticates()) {
            return Verdict.ADMITTED;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new Verdict(401, "This node authenticates: log in as a superuser (HTTP Basic; cairn admin reads "
                    + "CAIRN_ADMIN_USERNAME and CAIRN_ADMIN_PASSWORD)");
        }
        if (authorization.length() > MAX_HEADER_CHARS) {
            return new Verdict(401, "Credentials longer than " + MAX_HEADER_CHARS + " characters");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Verdict(401, "Credentials that are not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Verdict(401, "Credentials without a name and a password (NAME:PASSWORD)");
        }
        String name = decoded.substring(0, colon);
        // SASL PLAIN, as a driver sends it: [authzid] NUL name NUL password.
        byte[] token = ("\0" + name + "\0" + decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
        String role;
        try {
            role = logins.authenticate(ByteBuffer.wrap(token), client).toCompletableFuture()
                    .get(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.info("Refused an admin request from {}: {}", client, e.getCause().getMessage());
            return new Verdict(401, e.getCause().getMessage());
        } catch (TimeoutException e) {
            return new Verdict(503, "The login could not be checked in time; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(503, "Interrupted while checking the login");
        }
        if (!isSuperuser.test(role)) {
            LOG.info("Refused an admin request from {}: role {} is not a superuser", client, role);
            return new Verdict(403, "Role " + role + " is not a superuser: only superusers administer a node");
        }
        return Verdict.ADMITTED;
    }
}
