package io.cairn.server.transport;

/**
 * Bounds that keep one client, or all of them together, from growing the node's memory.
 *
 * @param maxBodyBytes                   largest request body; a larger one is refused with a
 *                                       protocol error and the connection closed (Cassandra's
 *                                       default, 256 MiB)
 * @param maxInFlightRequestsPerConnection past it the connection stops being read until
 *                                       responses drain (TCP pushes back on the client)
 * @param maxInFlightRequestsPerNode     past it new requests are answered OVERLOADED
 */
public record TransportLimits(int maxBodyBytes, int maxInFlightRequestsPerConnection, int maxInFlightRequestsPerNode) {

    public static final TransportLimits DEFAULTS = new TransportLimits(256 * 1024 * 1024, 1024, 16_384);

    public TransportLimits {
        if (maxBodyBytes <= 0 || maxInFlightRequestsPerConnection <= 0 || maxInFlightRequestsPerNode <= 0) {
            throw new IllegalArgumentException("Transport limits must be positive");
        }
    }
}
