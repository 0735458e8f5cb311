package io.cairn.server.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Whether clients must log in, and who a client that answered AUTHENTICATE is. The transport
 * runs the protocol's exchange (STARTUP, AUTHENTICATE, AUTH_RESPONSE, AUTH_SUCCESS or an
 * authentication error); this decides.
 */
public interface ClientAuthenticator {

    /** Clients do not log in (Cassandra's AllowAllAuthenticator). */
    ClientAuthenticator NONE = new ClientAuthenticator() {
        @Override
        public String authenticatorClass() {
            return null;
        }

        @Override
        public CompletionStage<String> authenticate(ByteBuffer token, InetSocketAddress client) {
            throw new IllegalStateException("Clients do not log in to this node");
        }
    };

    /** The authenticator class AUTHENTICATE names, or null when clients do not log in. */
    String authenticatorClass();

    /**
     * Completes with the role {@code client} logged in as, given the token of its AUTH_RESPONSE
     * (SASL PLAIN: {@code [authzid] NUL authcid NUL password}), or fails with a CqlException of
     * code AUTHENTICATION_ERROR; may complete on any thread, never blocks the caller.
     */
    CompletionStage<String> authenticate(ByteBuffer token, InetSocketAddress client);
}
