package io.cairn.cluster.messaging;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The internode wire format. A connection opens with a handshake (magic, version, cluster
 * name, the sender's listen address, a nonce) that the receiver accepts or refuses with a
 * reason; a receiver that has the cluster's secret ({@link InternodeSecret}) answers instead
 * with a challenge (its own nonce and its proof over both), to which the sender answers with
 * its proof before the final answer. Then every message is a frame
 * {@code [int length][int crc32 of body][body]}, body =
 * {@code [long id][short verb][byte flags][sender host][int sender port][long epoch][payload]}.
 * Version 2 added the epoch (the sender's cluster metadata epoch), version 3 the nonce and the
 * challenge; a peer of an older version is refused at the handshake.
 */
final class WireFormat {

    static final int MAGIC = 0xCA1A7A01;
    static final int VERSION = 3;
    static final byte ACCEPTED = 0;
    static final byte WRONG_CLUSTER = 1;
    static final byte WRONG_VERSION = 2;
    /** The receiver proves it holds the cluster's secret and asks the sender for its proof. */
    static final byte CHALLENGE = 3;
    /** Refused, for a reason the refused side is not told. */
    static final byte REFUSED = 4;
    static final int FLAG_RESPONSE = 1;
    static final int MAX_STRING_BYTES = 1024;
    /** A body's id, verb, flags, host length, port and epoch, around the host and before the payload. */
    static final int FIXED_BODY_BYTES = 8 + 2 + 1 + 2 + 4 + 8;

    private WireFormat() {
    }

    static void writeString(ByteBuf out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(bytes.length).writeBytes(bytes);
    }

    /** Reads a string, or null when the buffer does not hold all of it yet. */
    static String readString(ByteBuf in) {
        if (in.readableBytes() < 2) {
            return null;
        }
        int length = in.getUnsignedShort(in.readerIndex());
        if (length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("String of " + length + " bytes in internode handshake");
        }
        if (in.readableBytes() < 2 + length) {
            return null;
        }
        in.skipBytes(2);
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    static void writeHandshake(ByteBuf out, String clusterName, NodeAddress from, byte[] nonce) {
        out.writeInt(MAGIC).writeInt(VERSION);
        writeString(out, clusterName);
        writeString(out, from.host());
        out.writeInt(from.port());
        out.writeBytes(nonce);
    }

    static void writeHandshakeReply(ByteBuf out, byte status, String reason) {
        out.writeInt(MAGIC).writeInt(VERSION).writeByte(status);
        writeString(out, reason);
    }

    static void writeFrame(ByteBuf out, Message message) {
        byte[] host = message.from().host().getBytes(StandardCharsets.UTF_8);
        int bodyLength = FIXED_BODY_BYTES + host.length + message.payload().length;
        int start = out.writerIndex();
        out.writeInt(bodyLength).writeInt(0);
        int bodyStart = out.writerIndex();
        out.writeLong(message.id()).writeShort(message.verb().id()).writeByte(message.isResponse() ? FLAG_RESPONSE : 0);
        out.writeShort(host.length).writeBytes(host).writeInt(message.from().port()).writeLong(message.epoch())
                .writeBytes(message.payload());
        CRC32 crc = new CRC32();
        crc.update(out.nioBuffer(bodyStart, bodyLength));
        out.setInt(start + 4, (int) crc.getValue());
    }

    /** Decodes one frame's body (the CRC already checked); null for a verb this version does not know. */
    static Message readBody(ByteBuf body) {
        if (body.readableBytes() < FIXED_BODY_BYTES) {
            throw new IllegalArgumentException("Frame body of " + body.readableBytes() + " bytes, shorter than the "
                    + FIXED_BODY_BYTES + " bytes of its header");
        }
        long id = body.readLong();
        Verb verb = Verb.of(body.readUnsignedShort());
        boolean isResponse = (body.readByte() & FLAG_RESPONSE) != 0;
        int hostLength = body.readUnsignedShort();
        if (hostLength > MAX_STRING_BYTES || hostLength + 4 + 8 > body.readableBytes()) {
            throw new IllegalArgumentException("Bad sender address in internode message");
        }
        String host = body.readCharSequence(hostLength, StandardCharsets.UTF_8).toString();
        int port = body.readInt();
        long epoch = body.readLong();
        if (epoch < 0) {
            throw new IllegalArgumentException("Negative epoch " + epoch + " in internode message");
        }
        byte[] payload = new byte[body.readableBytes()];
        body.readBytes(payload);
        return verb == null ? null : new Message(id, verb, new NodeAddress(host, port), isResponse, epoch, payload);
    }

    static int crc(ByteBuf buffer, int index, int length) {
        CRC32 crc = new CRC32();
        crc.update(buffer.nioBuffer(index, length));
        return (int) crc.getValue();
    }
}
