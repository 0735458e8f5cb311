package io.cairn.server.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds that keep one client, or all of them together, from growing the node's memory.
 *
 * @param maxBodyBytes                   largest request body; a larger one is refused with a
 *                                       protocol error and the connection closed (16 MiB, as
 *                                       Cassandra's {@code native_transport_max_frame_size})
 * @param maxInFlightRequestsPerConnection past it the connection stops being read until
 *                                       responses drain (TCP pushes back on the client)
 * @param maxInFlightRequestsPerNode     past it new requests are answered OVERLOADED
 * @param maxConnections                 client connections open at once; one more is closed as it
 *                                       is accepted, and the others are served on
 * @param maxConnectionsPerAddress       the same, for the connections from one client address
 * @param idleTimeout                    a connection that sends nothing for this long is closed
 *                                       (drivers send a heartbeat every 30 s); zero for never
 * @param maxInFlightBytesPerConnection  request bytes executing at once on a connection; past it the
 *                                       connection stops being read until responses drain
 * @param maxInFlightBytesPerNode        request bytes executing at once on the node; past it new
 *                                       requests are answered OVERLOADED (a request alone on the node
 *                                       always runs: a body is never larger than {@code maxBodyBytes})
 */
public record TransportLimits(int maxBodyBytes, int maxInFlightRequestsPerConnection, int maxInFlightRequestsPerNode,
                              int maxConnections, int maxConnectionsPerAddress, Duration idleTimeout,
                              long maxInFlightBytesPerConnection, long maxInFlightBytesPerNode) {

    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES_PER_CONNECTION = 64L << 20;
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES_PER_NODE = 256L << 20;

    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 8_192;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1_024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    public static final TransportLimits DEFAULTS = new TransportLimits(DEFAULT_MAX_BODY_BYTES, 1024, 16_384);

    public TransportLimits {
        if (maxBodyBytes <= 0 || maxInFlightRequestsPerConnection <= 0 || maxInFlightRequestsPerNode <= 0
                || maxConnections <= 0 || maxConnectionsPerAddress <= 0 || maxInFlightBytesPerConnection <= 0
                || maxInFlightBytesPerNode <= 0) {
            throw new IllegalArgumentException("Transport limits must be positive");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("The idle timeout must not be negative, got " + idleTimeout);
        }
    }

    /** These request limits, with the default connection limits and idle timeout. */
    public TransportLimits(int maxBodyBytes, int maxInFlightRequestsPerConnection, int maxInFlightRequestsPerNode) {
        this(maxBodyBytes, maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_IN_FLIGHT_BYTES_PER_CONNECTION,
                DEFAULT_MAX_IN_FLIGHT_BYTES_PER_NODE);
    }

    /** These limits, with these connection limits and idle timeout. */
    public TransportLimits withConnections(int total, int perAddress, Duration idle) {
        return new TransportLimits(maxBodyBytes, maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode, total,
                perAddress, idle, maxInFlightBytesPerConnection, maxInFlightBytesPerNode);
    }

    /** These limits, with these request bytes in flight per connection and per node. */
    public TransportLimits withBytesInFlight(long perConnection, long perNode) {
        return new TransportLimits(maxBodyBytes, maxInFlightRequestsPerConnection, maxInFlightRequestsPerNode,
                maxConnections, maxConnectionsPerAddress, idleTimeout, perConnection, perNode);
    }
}
