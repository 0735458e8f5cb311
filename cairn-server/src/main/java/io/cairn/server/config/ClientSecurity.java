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
 * @param authenticationRequiredBeyondLoopback whether a node whose native or listen address is not a loopback
 *                                             address refuses to start without {@code PasswordAuthenticator}
 *                                             (true by default; false lets it start, with a warning each time)
 */
public record ClientSecurity(Authenticator authenticator, boolean authenticationRequiredBeyondLoopback) {

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

    public static final ClientSecurity DEFAULT = new ClientSecurity(Authenticator.ALLOW_ALL, true);

    public ClientSecurity {
        Objects.requireNonNull(authenticator, "authenticator");
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
    static boolean isLoopback(String address) {
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
