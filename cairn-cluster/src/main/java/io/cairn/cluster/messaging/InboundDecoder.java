package io.cairn.cluster.messaging;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The accepting side of an internode connection: checks the handshake (magic, version,
 * cluster name and, when the node has the cluster's secret, the peer's proof that it holds it)
 * and answers it, then decodes checksummed frames into messages. Anything malformed closes the
 * connection; the node keeps serving its other peers.
 */
final class InboundDecoder extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(InboundDecoder.class);

    private final String clusterName;
    private final int maxFrameBytes;
    private final Consumer<Message> deliver;
    private final Consumer<NodeAddress> peerIsUp;
    private final InternodeSecret secret;
    private boolean isHandshaken;
    /** Set once the connection is refused: nothing it sends afterwards is read. */
    private boolean isRefused;
    /** While the peer's proof is awaited: the peer, and the proof it must send. */
    private NodeAddress challenged;
    private byte[] expectedProof;

    /**
     * {@code peerIsUp} hears of each peer whose handshake this node accepted (it is evidently up);
     * {@code secret} (or null) is what peers must prove they hold.
     */
    InboundDecoder(String clusterName, int maxFrameBytes, Consumer<Message> deliver, Consumer<NodeAddress> peerIsUp,
                   InternodeSecret secret) {
        this.clusterName = clusterName;
        this.maxFrameBytes = maxFrameBytes;
        this.deliver = deliver;
        this.peerIsUp = peerIsUp;
        this.secret = secret;
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
        if (isRefused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (challenged != null) {
                proof(context, in);
                return;
            }
            if (!isHandshaken) {
                handshake(context, in);
                return;
            }
            while (in.readableBytes() >= 8) {
                int length = in.getInt(in.readerIndex());
                if (length < 0 || length > maxFrameBytes) {
                    refuse(context, in, "frame of " + length + " bytes (maximum " + maxFrameBytes + ")");
                    return;
                }
                if (in.readableBytes() < 8 + length) {
                    return;
                }
                int expectedCrc = in.getInt(in.readerIndex() + 4);
                if (WireFormat.crc(in, in.readerIndex() + 8, length) != expectedCrc) {
                    refuse(context, in, "frame with a bad checksum");
                    return;
                }
                in.skipBytes(8);
                ByteBuf body = in.readSlice(length);
                Message message = WireFormat.readBody(body);
                if (message != null) {
                    deliver.accept(message);
                }
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            refuse(context, in, "malformed frame: " + e.getMessage());
        }
    }

    /**
     * Anything else that goes wrong on this connection (an I/O error, a bug in decoding) closes
     * it with a log line, rather than reaching the end of the pipeline and leaving it open.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        LOG.warn("Closing internode connection from {}: {}", context.channel().remoteAddress(), cause.toString());
        context.close();
    }

    private void handshake(ChannelHandlerContext context, ByteBuf in) {
        if (in.readableBytes() < 8) {
            return;
        }
        int start = in.readerIndex();
        int magic = in.readInt();
        int version = in.readInt();
        if (magic != WireFormat.MAGIC) {
            refuse(context, in, "not a Cairn internode connection");
            return;
        }
        if (version != WireFormat.VERSION) {
            in.skipBytes(in.readableBytes());
            reply(context, WireFormat.WRONG_VERSION, "Internode protocol version " + version + " is not supported "
                    + "(this node speaks " + WireFormat.VERSION + ")" + (version < WireFormat.VERSION
                    ? ": the peer runs an older Cairn. Upgrade by stopping every node, upgrading them all, then "
                    + "starting them" : ""));
            return;
        }
        String peerCluster = WireFormat.readString(in);
        String host = peerCluster == null ? null : WireFormat.readString(in);
        if (host == null || in.readableBytes() < 4 + InternodeSecret.NONCE_BYTES) {
            in.readerIndex(start);
            return;
        }
        int port = in.readInt();
        byte[] peerNonce = new byte[InternodeSecret.NONCE_BYTES];
        in.readBytes(peerNonce);
        if (!clusterName.equals(peerCluster)) {
            LOG.warn("Refused a connection from {}:{} of cluster '{}' (this node is in cluster '{}')", host, port,
                    peerCluster, clusterName);
            // The refused node learns nothing of this cluster, not even its name: this node's log says it.
            reply(context, WireFormat.WRONG_CLUSTER, "Cluster name mismatch: this node is not in cluster '"
                    + peerCluster + "'");
            return;
        }
        NodeAddress peer = new NodeAddress(host, port);
        if (secret != null) {
            byte[] nonce = secret.nonce();
            challenged = peer;
            expectedProof = secret.connectorProof(nonce, peerNonce, peer);
            ByteBuf challenge = context.alloc().buffer();
            WireFormat.writeHandshakeReply(challenge, WireFormat.CHALLENGE, "");
            challenge.writeBytes(nonce).writeBytes(secret.acceptorProof(peerNonce, nonce));
            context.writeAndFlush(challenge);
            return;
        }
        accept(context, peer);
    }

    private void accept(ChannelHandlerContext context, NodeAddress peer) {
        isHandshaken = true;
        ByteBuf ok = context.alloc().buffer();
        WireFormat.writeHandshakeReply(ok, WireFormat.ACCEPTED, "");
        context.writeAndFlush(ok);
        peerIsUp.accept(peer);
    }

    /** The peer's answer to the challenge: its proof that it holds the cluster's secret. */
    private void proof(ChannelHandlerContext context, ByteBuf in) {
        if (in.readableBytes() < InternodeSecret.PROOF_BYTES) {
            return;
        }
        byte[] proof = new byte[InternodeSecret.PROOF_BYTES];
        in.readBytes(proof);
        NodeAddress peer = challenged;
        challenged = null;
        if (!InternodeSecret.matches(expectedProof, proof)) {
            LOG.warn("Refused an internode connection from {} (as {}): it does not hold this cluster's secret "
                    + "(internode_secret)", context.channel().remoteAddress(), peer);
            in.skipBytes(in.readableBytes());
            // The refused side learns only that it was refused.
            reply(context, WireFormat.REFUSED, "Refused");
            return;
        }
        accept(context, peer);
    }

    private void reply(ChannelHandlerContext context, byte status, String reason) {
        isRefused = true;
        context.channel().config().setAutoRead(false);
        ByteBuf refusal = context.alloc().buffer();
        WireFormat.writeHandshakeReply(refusal, status, reason);
        context.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
    }

    private void refuse(ChannelHandlerContext context, ByteBuf in, String why) {
        isRefused = true;
        LOG.warn("Closing internode connection from {}: {}", context.channel().remoteAddress(), why);
        in.skipBytes(in.readableBytes());
        context.close();
    }
}
