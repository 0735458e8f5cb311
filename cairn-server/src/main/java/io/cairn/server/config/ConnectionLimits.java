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
 * @param maxRequestBytesInFlight  the request bytes being executed at once on the node, all clients
 *                                 together ({@code native_transport_max_request_data_in_flight}); past
 *                                 it new requests are answered OVERLOADED; 0 for a tenth of the heap,
 *                                 Cassandra's default
 * @param maxRequestBytesInFlightPerConnection the same on one connection; past it the connection is
 *                                 not read until responses drain (TCP pushes back on the client)
 */
public record ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, long idleTimeoutMillis,
                               long maxRequestBytesInFlight, long maxRequestBytesInFlightPerConnection) {

    /** Per connection by default: four of the largest frames. */
    public static final long DEFAULT_MAX_REQUEST_BYTES_IN_FLIGHT_PER_CONNECTION = 64L << 20;

    public static final ConnectionLimits DEFAULT = new ConnectionLimits(8_192, 1_024, 300_000);

    /** These connection limits, with the default request bytes in flight. */
    public ConnectionLimits(int maxConnections, int maxConnectionsPerAddress, long idleTimeoutMillis) {
        this(maxConnections, maxConnectionsPerAddress, idleTimeoutMillis, 0,
                DEFAULT_MAX_REQUEST_BYTES_IN_FLIGHT_PER_CONNECTION);
    }

    public ConnectionLimits {
        if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
            throw new IllegalArgumentException("Connection limits must be positive, got " + maxConnections + " and "
                    + maxConnectionsPerAddress);
        }
        if (maxRequestBytesInFlight < 0 || maxRequestBytesInFlightPerConnection < 1) {
            throw new IllegalArgumentException("native_transport_max_request_data_in_flight must not be negative "
                    + "and native_transport_max_request_data_in_flight_per_connection must be positive, got "
                    + maxRequestBytesInFlight + " and " + maxRequestBytesInFlightPerConnection);
        }
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("native_transport_idle_timeout must not be negative, got "
                    + idleTimeoutMillis);
        }
    }
}
