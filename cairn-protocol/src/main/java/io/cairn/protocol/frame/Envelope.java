package io.cairn.protocol.frame;

import io.cairn.protocol.Opcode;
import io.cairn.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;

/**
 * One protocol message with its 9-byte header (native_protocol_v5 §2.4; a "frame" in v4). The
 * body is a retained buffer the receiver must release.
 *
 * @param version  the protocol version of the connection
 * @param flags    header flags (compression, tracing, custom payload, warning, beta)
 * @param streamId the request's stream; responses copy it, server events use -1
 * @param opcode   what the body is
 * @param body     the message body, already decompressed
 */
public record Envelope(ProtocolVersion version, int flags, int streamId, Opcode opcode, ByteBuf body) {

    public static final int HEADER_BYTES = 9;

    public static final int FLAG_COMPRESSED = 0x01;
    public static final int FLAG_TRACING = 0x02;
    public static final int FLAG_CUSTOM_PAYLOAD = 0x04;
    public static final int FLAG_WARNING = 0x08;
    public static final int FLAG_USE_BETA = 0x10;

    /** The header's version byte has this bit set on responses. */
    public static final int RESPONSE_BIT = 0x80;

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }
}
