package io.cairn.server.transport;

import io.cairn.protocol.ProtocolVersion;
import io.cairn.protocol.frame.Compression;
import io.cairn.protocol.frame.SegmentCodec;

/**
 * How one connection's bytes are framed: its protocol version (fixed by the first message),
 * the compression STARTUP negotiated, and whether v5 segments are in use. Touched only on the
 * connection's event loop.
 */
final class WireState {

    ProtocolVersion version;
    Compression compression = Compression.NONE;
    SegmentCodec segments;

    boolean isSegmented() {
        return segments != null;
    }
}
