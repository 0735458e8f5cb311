package io.cairn.server.transport;

import io.cairn.protocol.frame.EnvelopeCodec;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CQL native protocol server: accepts client connections on the native transport address
 * and runs each through TLS when configured ({@link ClientTls}), a {@link FrameDecoder} and a
 * {@link Connection}.
 */
public final class CqlServer implements AutoCloseable {

    private final InetSocketAddress address;
    private final QueryHandler queries;
    private final TransportLimits limits;
    private final ClientAuthenticator authenticator;
    private final ClientTls tls;
    private final EventBroadcaster events = new EventBroadcaster();
    private final AtomicInteger nodeInFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong nodeInFlightBytes = new java.util.concurrent.atomic.AtomicLong();
    private final ConnectionLimiter connections;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;

    public CqlServer(InetSocketAddress address, QueryHandler queries, TransportLimits limits) {
        this(address, queries, limits, ClientAuthenticator.NONE);
    }

    /** A server whose clients log in as {@code authenticator} decides. */
    public CqlServer(InetSocketAddress address, QueryHandler queries, TransportLimits limits,
                     ClientAuthenticator authenticator) {
        this(address, queries, limits, authenticator, null);
    }

    /** A server whose clients log in as {@code authenticator} decides, over TLS when {@code tls} is not null. */
    public CqlServer(InetSocketAddress address, QueryHandler queries, TransportLimits limits,
                     ClientAuthenticator authenticator, ClientTls tls) {
        this.address = address;
        this.queries = queries;
        this.limits = limits;
        this.authenticator = authenticator;
        this.tls = tls;
        this.connections = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress());
    }

    /** Binds and starts accepting connections; returns the bound address (useful with port 0). */
    public InetSocketAddress start() throws InterruptedException {
        acceptors = new MultiThreadIoEventLoopGroup(1,
                new io.netty.util.concurrent.DefaultThreadFactory("cairn-native-acceptor", false), NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0,
                new io.netty.util.concurrent.DefaultThreadFactory("cairn-native", false), NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        WireState wire = new WireState();
                        EnvelopeCodec envelopes = new EnvelopeCodec(limits.maxBodyBytes(), true);
                        channel.pipeline().addLast("limits", connections);
                        if (tls != null) {
                            channel.pipeline().addLast("tls", tls.handler(channel));
                        }
                        if (!limits.idleTimeout().isZero()) {
                            channel.pipeline().addLast("idle", new IdleStateHandler(limits.idleTimeout().toMillis(), 0,
                                    0, TimeUnit.MILLISECONDS));
                        }
                        channel.pipeline()
                                .addLast("frames", new FrameDecoder(envelopes, wire))
                                .addLast("connection", new Connection(wire, envelopes, queries, limits, nodeInFlight, nodeInFlightBytes,
                                        events, authenticator, clients));
                    }
                });
        serverChannel = bootstrap.bind(address).sync().channel();
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The address the server binds (port 0: any free port). */
    public InetSocketAddress address() {
        return address;
    }

    /** Where server events are pushed to registered clients. */
    public EventBroadcaster events() {
        return events;
    }

    /** The connections that sent a request, as {@code system_views.clients} lists them. */
    private final java.util.Set<ClientState> clients = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Each open connection that has sent a request, as it is now. */
    public java.util.List<ClientState> clients() {
        return java.util.List.copyOf(clients);
    }

    /** Client connections open now. */
    public int openConnections() {
        return connections.open();
    }

    /** Connections closed at once since the server started, for being past a connection limit. */
    public long refusedConnections() {
        return connections.refused();
    }

    /** Requests being executed right now across all connections. */
    public int inFlightRequests() {
        return nodeInFlight.get();
    }

    /** Request bytes being executed right now across all connections. */
    public long inFlightBytes() {
        return nodeInFlightBytes.get();
    }

    /** Stops accepting, closes every connection and releases the threads. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
