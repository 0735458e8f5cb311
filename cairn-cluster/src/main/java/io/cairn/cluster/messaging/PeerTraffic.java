package io.cairn.cluster.messaging;

/**
 * What went between this node and one peer since this node started: messages and payload bytes
 * sent and received, and what waits now for the connection to the peer (queued while it opens,
 * or written and not yet taken by a slow peer).
 */
public record PeerTraffic(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived,
                          long queuedMessages, long queuedBytes) {

    public static final PeerTraffic NONE = new PeerTraffic(0, 0, 0, 0, 0, 0);
}
