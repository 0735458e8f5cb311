package io.cairn.cluster.messaging;

import io.cairn.common.time.Scheduler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The connection to one peer: a bounded queue of messages waiting for it, the TCP channel
 * once the handshake is accepted, and reconnection with exponential backoff after failures.
 * All state is guarded by this object's lock.
 */
final class OutboundConnection {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundConnection.class);

    private final NodeAddress peer;
    private final MessagingConfig config;
    private final EventLoopGroup group;
    private final Scheduler scheduler;
    private final io.cairn.common.time.Clock clock;
    private final Consumer<Message> onDropped;
    private final Runnable onLost;
    /** The last connection attempt failed: until one succeeds, messages fail at once instead of queueing. */
    private boolean isUnreachable;
    /** A TCP connection attempt is in progress. */
    private boolean isDialing;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();

    /** The nonce of the handshake under way, which the peer's proof must cover. */
    private byte[] helloNonce;

    /** Messages and their payload bytes written to the peer's connection so far (guarded by this). */
    private long messagesWritten;
    private long bytesWritten;

    /** The bytes of the messages in {@link #queue}. */
    private long queuedBytes;

    /** What a message takes waiting: its payload and about its frame's header. */
    private static long bytesOf(Message message) {
        return message.payload().length + 64L;
    }

    private Message dequeue() {
        Queued next = queue.poll();
        queuedBytes -= bytesOf(next.message());
        return next.message();
    }

    /** A message waiting for the connection, dropped unsent once {@code expiresAtNanos} passes. */
    private record Queued(Message message, long expiresAtNanos) {
    }
    private Channel channel;
    private boolean isReady;
    private boolean isConnecting;
    private boolean isClosed;
    private Duration nextDelay;
    private String refusal;

    OutboundConnection(NodeAddress peer, MessagingConfig config, EventLoopGroup group, Scheduler scheduler,
                       io.cairn.common.time.Clock clock, Consumer<Message> onDropped, Runnable onLost) {
        this.peer = peer;
        this.clock = clock;
        this.onLost = onLost;
        this.config = config;
        this.group = group;
        this.scheduler = scheduler;
        this.onDropped = onDropped;
        this.nextDelay = config.reconnectMinDelay();
    }

    /**
     * Sends a message, or queues it until the connection is ready for at most {@code maxWait};
     * false when the queue is full (the message is not sent).
     */
    synchronized boolean send(Message message, java.time.Duration maxWait) {
        if (isClosed) {
            return false;
        }
        if (isReady) {
            // Past the write buffer's high mark (the bytes written but not yet sent), a slow peer
            // gets nothing more until it drains.
            if (!channel.isWritable()) {
                return false;
            }
            write(message);
            return true;
        }
        if (isUnreachable) {
            return false;
        }
        long now = clock.nanoTime();
        while (!queue.isEmpty() && queue.peek().expiresAtNanos() - now <= 0) {
            onDropped.accept(dequeue());
        }
        long bytes = bytesOf(message);
        if (queue.size() >= config.maxQueuedMessagesPerPeer()
                || (queuedBytes + bytes > config.maxQueuedBytesPerPeer() && !queue.isEmpty())) {
            return false;
        }
        queue.add(new Queued(message, now + maxWait.toNanos()));
        queuedBytes += bytes;
        if (!isConnecting) {
            connect();
        }
        return true;
    }

    /**
     * The peer connected to this node, so it is up: if the last attempt to reach it failed,
     * try again now instead of after the backoff (replies to a restarted peer then go out at once).
     */
    synchronized void peerIsUp() {
        if (isUnreachable && !isClosed) {
            isUnreachable = false;
            if (channel == null && !isDialing) {
                connect();
            }
        }
    }

    /** Why the peer refused us at the handshake, or null. */
    synchronized String refusal() {
        return refusal;
    }

    /**
     * What was written to the peer so far, and what waits: the queue while the connection opens,
     * and the bytes written and not yet sent once it is open (received counts are the caller's).
     */
    synchronized PeerTraffic sent() {
        // Written and not yet sent: the write buffer's high mark less what may still be written
        // before it (Netty reads its buffer once, and says 0 of a closed channel's).
        Channel open = channel;
        long waiting = open == null || !open.isActive() ? 0
                : Math.max(0, Math.min(Integer.MAX_VALUE, config.maxQueuedBytesPerPeer()) - open.bytesBeforeUnwritable());
        return new PeerTraffic(messagesWritten, bytesWritten, 0, 0, queue.size(), queuedBytes + waiting);
    }

    private void write(Message message) {
        messagesWritten++;
        bytesWritten += message.payload().length;
        ByteBuf frame = channel.alloc().buffer();
        WireFormat.writeFrame(frame, message);
        channel.writeAndFlush(frame);
    }

    private void connect() {
        isConnecting = true;
        isDialing = true;
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new io.netty.channel.WriteBufferWaterMark(
                        (int) Math.min(Integer.MAX_VALUE / 2, config.maxQueuedBytesPerPeer() / 2),
                        (int) Math.min(Integer.MAX_VALUE, config.maxQueuedBytesPerPeer())))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel socket) {
                        if (config.tls() != null) {
                            io.netty.handler.ssl.SslHandler tls = config.tls().connecting(socket.alloc(), peer);
                            tls.handshakeFuture().addListener(handshake -> {
                                if (!handshake.isSuccess()) {
                                    refusedTls(handshake.cause());
                                }
                            });
                            socket.pipeline().addLast("tls", tls);
                        }
                        socket.pipeline().addLast(new HandshakeReplyDecoder(), new CloseOnError());
                    }
                })
                // From this node's own listen address, as Cassandra's connections: a peer and a
                // firewall tell the nodes of one host apart by the source address.
                .connect(peer.toSocketAddress(), new java.net.InetSocketAddress(config.listenAddress().host(), 0))
                .addListener(future -> {
                    synchronized (this) {
                        isDialing = false;
                    }
                    if (!future.isSuccess()) {
                        failed("cannot connect: " + future.cause().getMessage());
                        return;
                    }
                    Channel connected = ((io.netty.channel.ChannelFuture) future).channel();
                    synchronized (this) {
                        channel = connected;
                    }
                    ByteBuf hello = connected.alloc().buffer();
                    byte[] nonce = config.secret() == null ? new byte[InternodeSecret.NONCE_BYTES]
                            : config.secret().nonce();
                    synchronized (this) {
                        helloNonce = nonce;
                    }
                    WireFormat.writeHandshake(hello, config.clusterName(), config.listenAddress(), nonce);
                    connected.writeAndFlush(hello);
                    connected.closeFuture().addListener(closed -> disconnected(connected));
                });
    }

    private synchronized void ready() {
        isReady = true;
        isUnreachable = false;
        isConnecting = false;
        refusal = null;
        nextDelay = config.reconnectMinDelay();
        long now = clock.nanoTime();
        while (!queue.isEmpty()) {
            boolean current = queue.peek().expiresAtNanos() - now > 0;
            Message next = dequeue();
            if (current) {
                write(next);
            } else {
                onDropped.accept(next);
            }
        }
    }

    private synchronized void refused(String reason) {
        if (!reason.equals(refusal)) {
            LOG.error("{} refused this node: {}", peer, reason);
        }
        refusal = reason;
        dropQueued();
    }

    /** A TLS handshake with the peer failed: logged once a streak, as a refusal is; reconnection goes on. */
    private synchronized void refusedTls(Throwable cause) {
        String reason = "TLS handshake failed: " + cause;
        if (!reason.equals(refusal)) {
            LOG.warn("{}: {}", peer, reason);
        }
        refusal = reason;
    }

    private synchronized void disconnected(Channel closed) {
        if (channel == closed) {
            boolean wasReady = isReady;
            isReady = false;
            channel = null;
            isConnecting = false;
            if (wasReady && !isClosed) {
                LOG.info("Connection to {} closed", peer);
                // Requests written to the closed connection get no answer: say so at once.
                scheduler.schedule(java.time.Duration.ZERO, onLost);
                isConnecting = true;
                scheduleReconnect();
                return;
            }
            if (!queue.isEmpty() && !isClosed) {
                isConnecting = true;
                scheduleReconnect();
            }
        }
    }

    private synchronized void failed(String why) {
        LOG.debug("Connection to {} failed: {}", peer, why);
        isConnecting = false;
        if (isClosed) {
            return;
        }
        isUnreachable = true;
        dropQueued();
        isConnecting = true;
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        Duration delay = nextDelay;
        Duration doubled = nextDelay.multipliedBy(2);
        nextDelay = doubled.compareTo(config.reconnectMaxDelay()) > 0 ? config.reconnectMaxDelay() : doubled;
        scheduler.schedule(delay, () -> {
            synchronized (this) {
                if (!isClosed && channel == null && !isDialing) {
                    connect();
                }
            }
        });
    }

    private void dropQueued() {
        while (!queue.isEmpty()) {
            onDropped.accept(dequeue());
        }
    }

    synchronized void close() {
        isClosed = true;
        dropQueued();
        if (channel != null) {
            channel.close();
        }
    }

    /** After the handshake, an error on the connection (a reset) closes it; reconnection takes over. */
    private final class CloseOnError extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            LOG.debug("Closing internode connection to {}: {}", peer, cause.toString());
            context.close();
        }
    }

    /** Reads the peer's answer to our handshake; after acceptance the channel only writes. */
    private final class HandshakeReplyDecoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
            if (in.readableBytes() < 9) {
                return;
            }
            int start = in.readerIndex();
            int magic = in.readInt();
            in.readInt();
            byte status = in.readByte();
            String reason = WireFormat.readString(in);
            if (reason == null) {
                in.readerIndex(start);
                return;
            }
            if (magic != WireFormat.MAGIC) {
                in.skipBytes(in.readableBytes());
                refused("the peer does not speak Cairn's internode protocol");
                context.close();
                return;
            }
            if (status == WireFormat.CHALLENGE) {
                if (in.readableBytes() < InternodeSecret.NONCE_BYTES + InternodeSecret.PROOF_BYTES) {
                    in.readerIndex(start);
                    return;
                }
                byte[] peerNonce = new byte[InternodeSecret.NONCE_BYTES];
                byte[] peerProof = new byte[InternodeSecret.PROOF_BYTES];
                in.readBytes(peerNonce).readBytes(peerProof);
                answerChallenge(context, peerNonce, peerProof);
                return;
            }
            if (status != WireFormat.ACCEPTED) {
                in.skipBytes(in.readableBytes());
                refused(reason);
                context.close();
                return;
            }
            if (config.secret() != null && !challengeAnswered) {
                in.skipBytes(in.readableBytes());
                refused("the peer accepted this node without proving it holds the cluster's secret "
                        + "(internode_secret): it is not a node of this cluster, or has no secret set");
                context.close();
                return;
            }
            context.pipeline().remove(this);
            ready();
        }

        private boolean challengeAnswered;

        /** The peer proved (or not) that it holds the secret: prove it back, or leave. */
        private void answerChallenge(ChannelHandlerContext context, byte[] peerNonce, byte[] peerProof) {
            InternodeSecret secret = config.secret();
            byte[] nonce;
            synchronized (OutboundConnection.this) {
                nonce = helloNonce;
            }
            if (secret == null) {
                refused("the peer requires the cluster's secret (internode_secret), which this node does not have");
                context.close();
                return;
            }
            if (!InternodeSecret.matches(secret.acceptorProof(nonce, peerNonce), peerProof)) {
                refused("the peer does not hold this cluster's secret (internode_secret)");
                context.close();
                return;
            }
            challengeAnswered = true;
            context.writeAndFlush(context.alloc().buffer().writeBytes(secret.connectorProof(peerNonce, nonce,
                    config.listenAddress())));
        }

        /** A malformed reply or an I/O error closes the connection; reconnection takes over. */
        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            LOG.warn("Closing internode connection to {}: {}", peer, cause.toString());
            context.close();
        }
    }
}
