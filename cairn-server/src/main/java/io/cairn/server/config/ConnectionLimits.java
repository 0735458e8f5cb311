package io.cairn.server.config;

/**
 * How many client connections a node keeps, and for how long an idle one.
 *
 * @param maxConnections           client connections open at once (Cassandra's
 *                                 {@code native_transport_max_concurrent_connections})
 * @param maxConnectionsPerAddress the same from one client address
 *                                 ({@code native_transport_max_concurrent_connections_per_ip})
 * @param idleTimeoutMillis        a connection that sends nothing for this long is closed
 *                                 ({@code native_transport_idle_timeout}); 0 for never
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, long idleTimeoutMillis) {

    public static final ConnectionLimits DEFAULT = new ConnectionLimits(8_192, 1_024, 300_000);

    public ConnectionLimits {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("Connection limits must be positive, got " + maxConnections + " and "
                    + maxConnectionsPerAddress);
        }
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("native_transport_idle_timeout must not be negative, got "
                    + idleTimeoutMillis);
        }
    }
}
