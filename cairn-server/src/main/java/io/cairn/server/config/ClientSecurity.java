package io.cairn.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/**
 * How a node admits clients.
 *
 * @param authenticator                        Cassandra's {@code authenticator}: {@code AllowAllAuthenticator}
 *                                             (clients do not log in) or {@code PasswordAuthenticator} (clients
 *                                             log in with a role's name and password)
 * @param authorizer                           Cassandra's {@code authorizer}: {@code CassandraAuthorizer}
 *                                             (statements need the permissions of the client's role; the
 *                                             default when clients log in) or {@code AllowAllAuthorizer} (every
 *                                             client may do everything; the only choice when they do not log in)
 * @param authenticationRequiredBeyondLoopback whether a node whose native or listen address is not a loopback
 *                                             address refuses to start without {@code PasswordAuthenticator}
 *                                             (true by default; false lets it start, with a warning each time)
 * @param encryption                           TLS on the native port ({@code client_encryption_options})
 */
public record ClientSecurity(Authenticator authenticator, Authorizer authorizer,
                             boolean authenticationRequiredBeyondLoopback, ClientEncryption encryption) {

    /** Cassandra's two authenticators, by the names its configuration uses. */
    public enum Authenticator {
        ALLOW_ALL("AllowAllAuthenticator"), PASSWORD("PasswordAuthenticator");

        /** The class Cassandra names, which the protocol's AUTHENTICATE message carries. */
        public final String cassandraClass;
        public final String shortName;

        Authenticator(String shortName) {
            this.shortName = shortName;
            this.cassandraClass = "org.apache.cassandra.auth." + shortName;
        }

        /** The authenticator a setting names: short or with Cassandra's package; null if none is. */
        public static Authenticator named(String name) {
            for (Authenticator authenticator : values()) {
                if (authenticator.shortName.equalsIgnoreCase(name)
                        || authenticator.cassandraClass.equalsIgnoreCase(name)) {
                    return authenticator;
                }
            }
            return null;
        }
    }

    /** Cassandra's two authorizers, by the names its configuration uses. */
    public enum Authorizer {
        ALLOW_ALL("AllowAllAuthorizer"), CASSANDRA("CassandraAuthorizer");

        public final String shortName;
        private final String cassandraClass;

        Authorizer(String shortName) {
            this.shortName = shortName;
            this.cassandraClass = "org.apache.cassandra.auth." + shortName;
        }

        /** The authorizer a setting names: short or with Cassandra's package; null if none is. */
        public static Authorizer named(String name) {
            for (Authorizer authorizer : values()) {
                if (authorizer.shortName.equalsIgnoreCase(name) || authorizer.cassandraClass.equalsIgnoreCase(name)) {
                    return authorizer;
                }
            }
            return null;
        }

        /** Without a setting: permissions are checked whenever clients log in. */
        public static Authorizer defaultFor(Authenticator authenticator) {
            return authenticator == Authenticator.PASSWORD ? CASSANDRA : ALLOW_ALL;
        }
    }

    public static final ClientSecurity DEFAULT = new ClientSecurity(Authenticator.ALLOW_ALL, true);

    public ClientSecurity {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(encryption, "encryption");
        if (authorizer == Authorizer.CASSANDRA && authenticator == Authenticator.ALLOW_ALL) {
            throw new IllegalArgumentException("authorizer: CassandraAuthorizer needs authenticator: "
                    + "PasswordAuthenticator (clients that do not log in have no role to hold permissions)");
        }
    }

    /** With the authorizer that goes with {@code authenticator} by default. */
    public ClientSecurity(Authenticator authenticator, boolean authenticationRequiredBeyondLoopback) {
        this(authenticator, Authorizer.defaultFor(authenticator), authenticationRequiredBeyondLoopback,
                ClientEncryption.DISABLED);
    }

    /** These settings, with TLS on the native port as {@code settings} say. */
    public ClientSecurity withEncryption(ClientEncryption settings) {
        return new ClientSecurity(authenticator, authorizer, authenticationRequiredBeyondLoopback, settings);
    }

    /** Whether statements are checked against the permissions of the clients' roles. */
    public boolean authorizes() {
        return authorizer == Authorizer.CASSANDRA;
    }

    public boolean authenticates() {
        return authenticator == Authenticator.PASSWORD;
    }

    /**
     * Why a node on these addresses must not start with these settings, or null when it may:
     * clients that reach a node beyond loopback must log in unless the operator said otherwise.
     */
    public String refusal(String nativeAddress, String listenAddress) {
        if (authenticates() || !authenticationRequiredBeyondLoopback || !beyondLoopback(nativeAddress, listenAddress)) {
            return null;
        }
        return "This node listens on " + (isLoopback(nativeAddress) ? listenAddress : nativeAddress) + ", which is "
                + "not a loopback address, and does not authenticate clients: anyone who reaches it could read and "
                + "change every table. Set 'authenticator: PasswordAuthenticator' in cairn.yaml (the first start "
                + "creates the superuser 'cairn'; its password comes from CAIRN_SUPERUSER_PASSWORD or is printed "
                + "once), or, to run without authentication anyway, 'authentication_required_beyond_loopback: false'";
    }

    /** Whether either address is not a loopback one. */
    public static boolean beyondLoopback(String nativeAddress, String listenAddress) {
        return !isLoopback(nativeAddress) || !isLoopback(listenAddress);
    }

    /** Whether {@code address} (a literal or a name) is a loopback address; an unknown name is not. */
    public static boolean isLoopback(String address) {
        String trimmed = address.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(trimmed).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
