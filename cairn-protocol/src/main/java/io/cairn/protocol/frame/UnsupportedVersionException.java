package io.cairn.protocol.frame;

import io.cairn.protocol.ProtocolVersion;

/**
 * A client opened with a protocol version Cairn does not speak. The server answers with a
 * PROTOCOL_ERROR whose message drivers recognise, in a version they can decode, so that they
 * retry with a lower one on a new connection.
 */
public final class UnsupportedVersionException extends RuntimeException {

    private final int requestedVersion;
    private final int streamId;

    public UnsupportedVersionException(int requestedVersion, int streamId) {
        super("Invalid or unsupported protocol version (" + requestedVersion + "); supported versions are ("
                + ProtocolVersion.SUPPORTED_LIST + ")");
        this.requestedVersion = requestedVersion;
        this.streamId = streamId;
    }

    public int requestedVersion() {
        return requestedVersion;
    }

    public int streamId() {
        return streamId;
    }
}
