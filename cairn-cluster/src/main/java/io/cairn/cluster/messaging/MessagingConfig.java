package io.cairn.cluster.messaging;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the TCP messaging service.
 *
 * @param clusterName               peers of another cluster are refused at the handshake
 * @param listenAddress             where this node accepts internode connections
 * @param maxQueuedMessagesPerPeer  messages waiting for a peer's connection; past it new ones
 *                                  are dropped (requests fail as UNREACHABLE at once)
 * @param maxFrameBytes             largest message accepted; a larger frame closes the connection
 * @param reconnectMinDelay         first wait before reconnecting to a peer; doubles on each failure
 * @param reconnectMaxDelay         the longest wait between reconnection attempts
 * @param tls                       mutual TLS with every peer, or null for none
 * @param maxQueuedBytesPerPeer     the bytes of the messages waiting for a peer: queued while its connection
 *                                  opens, and written but not yet sent (a slow peer); past it new ones are
 *                                  dropped as past the count
 * @param secret                    the cluster's shared secret peers prove they hold at the handshake, or
 *                                  null for none (then the handshake checks only the cluster name)
 */
public record MessagingConfig(String clusterName, NodeAddress listenAddress, int maxQueuedMessagesPerPeer,
                              int maxFrameBytes, Duration reconnectMinDelay, Duration reconnectMaxDelay,
                              InternodeTls tls, long maxQueuedBytesPerPeer, InternodeSecret secret) {

    /** The bytes waiting for one peer by default. */
    public static final long DEFAULT_MAX_QUEUED_BYTES_PER_PEER = 64L << 20;

    /** Settings without TLS, with the default bytes waiting for a peer. */
    public MessagingConfig(String clusterName, NodeAddress listenAddress, int maxQueuedMessagesPerPeer,
                           int maxFrameBytes, Duration reconnectMinDelay, Duration reconnectMaxDelay) {
        this(clusterName, listenAddress, maxQueuedMessagesPerPeer, maxFrameBytes, reconnectMinDelay,
                reconnectMaxDelay, null, DEFAULT_MAX_QUEUED_BYTES_PER_PEER, null);
    }

    /** These settings, with mutual TLS with every peer. */
    public MessagingConfig withTls(InternodeTls settings) {
        return new MessagingConfig(clusterName, listenAddress, maxQueuedMessagesPerPeer, maxFrameBytes,
                reconnectMinDelay, reconnectMaxDelay, settings, maxQueuedBytesPerPeer, secret);
    }

    /** These settings, with at most {@code bytes} waiting for one peer. */
    public MessagingConfig withMaxQueuedBytesPerPeer(long bytes) {
        return new MessagingConfig(clusterName, listenAddress, maxQueuedMessagesPerPeer, maxFrameBytes,
                reconnectMinDelay, reconnectMaxDelay, tls, bytes, secret);
    }

    /** These settings, peers proving at the handshake that they hold {@code shared}. */
    public MessagingConfig withSecret(InternodeSecret shared) {
        return new MessagingConfig(clusterName, listenAddress, maxQueuedMessagesPerPeer, maxFrameBytes,
                reconnectMinDelay, reconnectMaxDelay, tls, maxQueuedBytesPerPeer, shared);
    }

    public MessagingConfig {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(listenAddress, "listenAddress");
        if (maxQueuedMessagesPerPeer < 1 || maxFrameBytes < 64 || maxQueuedBytesPerPeer < 1) {
            throw new IllegalArgumentException("Queue and frame limits must be positive");
        }
        if (reconnectMinDelay.isNegative() || reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
            throw new IllegalArgumentException("Reconnection delays must satisfy 0 <= min <= max");
        }
    }

    public static MessagingConfig defaults(String clusterName, NodeAddress listenAddress) {
        return new MessagingConfig(clusterName, listenAddress, 16_384, 128 * 1024 * 1024, Duration.ofMillis(100),
                Duration.ofSeconds(2));
    }
}
