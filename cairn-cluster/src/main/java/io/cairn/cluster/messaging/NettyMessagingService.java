package io.cairn.cluster.messaging;

import io.cairn.common.time.Scheduler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Internode messaging over TCP (port 7000 by default): one outbound connection per peer
 * carrying this node's requests, responses and one-way messages, and the inbound connections
 * peers open to us. Peers of another cluster are refused at the handshake; frames carry a
 * CRC32; queues per peer are bounded and connections come back with exponential backoff.
 *
 * <p>Handlers run on Netty's I/O threads and must not block.
 */
public final class NettyMessagingService implements MessagingService {

    private static final Logger LOG = LoggerFactory.getLogger(NettyMessagingService.class);

    private final MessagingConfig config;
    private final Scheduler scheduler;
    private final RequestTracker requests;
    private final Map<Verb, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final Map<NodeAddress, OutboundConnection> outbound = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    /** Dropped messages by verb (a response counts under its request's verb). */
    private final VerbCounts droppedByVerb = new VerbCounts();
    private final AtomicLong sent = new AtomicLong();
    private final Epochs epochs = new Epochs();
    private final EventLoopGroup group;
    private Channel serverChannel;
    private NodeAddress boundAddress;

    /**
     * How long a one-way message or a response may wait for a peer's connection before it is
     * dropped (a request waits no longer than its own timeout): a peer that comes back after
     * a while gets current messages, not stale ones.
     */
    public static final Duration QUEUED_MESSAGE_TIMEOUT = Duration.ofSeconds(5);

    private final io.cairn.common.time.Clock clock;

    public NettyMessagingService(MessagingConfig config, Scheduler scheduler, io.cairn.common.time.Clock clock) {
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        this.requests = new RequestTracker(scheduler);
        this.group = new MultiThreadIoEventLoopGroup(2,
                new io.netty.util.concurrent.DefaultThreadFactory("cairn-messaging", false), NioIoHandler.newFactory());
    }

    /** Binds the listen address and starts accepting peers. */
    public NettyMessagingService start() throws InterruptedException {
        serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel socket) {
                        if (config.tls() != null) {
                            io.netty.handler.ssl.SslHandler tls = config.tls().accepting(socket.alloc());
                            tls.handshakeFuture().addListener(handshake -> {
                                if (!handshake.isSuccess()) {
                                    LOG.warn("Refused an internode connection from {}: its TLS handshake failed "
                                            + "(a peer needs a certificate of this cluster's CA): {}",
                                            socket.remoteAddress(), handshake.cause().toString());
                                }
                            });
                            socket.pipeline().addLast("tls", tls);
                        }
                        socket.pipeline().addLast(new InboundDecoder(config.clusterName(), config.maxFrameBytes(),
                                NettyMessagingService.this::deliver, peer -> {
                            OutboundConnection connection = outbound.get(peer);
                            if (connection != null) {
                                connection.peerIsUp();
                            }
                        }, config.secret()));
                    }
                })
                .bind(config.listenAddress().toSocketAddress()).sync().channel();
        java.net.InetSocketAddress bound = (java.net.InetSocketAddress) serverChannel.localAddress();
        boundAddress = new NodeAddress(config.listenAddress().host(), bound.getPort());
        return this;
    }

    @Override
    public NodeAddress localAddress() {
        return boundAddress != null ? boundAddress : config.listenAddress();
    }

    @Override
    public void registerHandler(Verb verb, MessageHandler handler) {
        if (handlers.putIfAbsent(verb, handler) != null) {
            throw new IllegalStateException("A handler for " + verb + " is already registered");
        }
    }

    private OutboundConnection connectionTo(NodeAddress peer) {
        return outbound.computeIfAbsent(peer, p -> new OutboundConnection(p, config, group, scheduler, clock, message -> {
            dropped.incrementAndGet();
            droppedByVerb.increment(message.verb());
            if (!message.isResponse()) {
                requests.fail(message.id(), ResponseCallback.Failure.UNREACHABLE);
            }
        }, () -> requests.failAllTo(p, ResponseCallback.Failure.UNREACHABLE)));
    }

    @Override
    public void sendOneWay(NodeAddress to, Verb verb, byte[] payload) {
        // Counted before it can arrive: whoever hears it may read the count at once.
        sent.incrementAndGet();
        if (!connectionTo(to).send(new Message(requests.nextId(), verb, localAddress(), false, epochs.stamp(),
                payload), QUEUED_MESSAGE_TIMEOUT)) {
            uncount(verb);
        }
    }

    @Override
    public void sendRequest(NodeAddress to, Verb verb, byte[] payload, Duration timeout, ResponseCallback callback) {
        sendRequest(to, verb, payload, epochs.stamp(), timeout, callback);
    }

    @Override
    public void sendRequest(NodeAddress to, Verb verb, byte[] payload, long epoch, Duration timeout,
                            ResponseCallback callback) {
        long id = requests.nextId();
        if (!requests.register(id, to, timeout, callback)) {
            callback.onFailure(to, ResponseCallback.Failure.UNREACHABLE);
            return;
        }
        sent.incrementAndGet();
        long stamped = epoch == 0 ? epochs.stamp() : epoch;
        if (!connectionTo(to).send(new Message(id, verb, localAddress(), false, stamped, payload), timeout)) {
            uncount(verb);
            requests.fail(id, ResponseCallback.Failure.UNREACHABLE);
        }
    }

    @Override
    public void respond(Message request, byte[] payload) {
        sent.incrementAndGet();
        if (!connectionTo(request.from()).send(new Message(request.id(), request.verb(), localAddress(), true,
                epochs.stamp(), payload), QUEUED_MESSAGE_TIMEOUT)) {
            uncount(request.verb());
        }
    }

    /** A message counted as sent was dropped instead (its peer's queue was full, or the peer refused us). */
    private void uncount(Verb verb) {
        sent.decrementAndGet();
        dropped.incrementAndGet();
        droppedByVerb.increment(verb);
    }

    /** Messages dropped since the start, by verb (those with none left out), in the verbs' order. */
    public java.util.Map<Verb, Long> droppedMessagesByVerb() {
        return droppedByVerb.snapshot();
    }

    @Override
    public void useEpochs(java.util.function.LongSupplier localEpoch, EpochObserver observer) {
        epochs.use(localEpoch, observer);
    }

    /** The most peers whose received traffic is counted apart; past it, others share one count. */
    static final int MAX_COUNTED_PEERS = 1_024;
    private static final NodeAddress OTHER_PEERS = new NodeAddress("other", 0);

    /** Messages and payload bytes received, by the sending peer. */
    private final Map<NodeAddress, java.util.concurrent.atomic.LongAdder[]> received = new ConcurrentHashMap<>();

    private void countReceived(Message message) {
        NodeAddress from = message.from();
        java.util.concurrent.atomic.LongAdder[] counts = received.get(from);
        if (counts == null) {
            counts = received.computeIfAbsent(received.size() < MAX_COUNTED_PEERS ? from : OTHER_PEERS,
                    peer -> new java.util.concurrent.atomic.LongAdder[] {
                            new java.util.concurrent.atomic.LongAdder(), new java.util.concurrent.atomic.LongAdder()});
        }
        counts[0].increment();
        counts[1].add(message.payload().length);
    }

    /** The traffic with each peer this node sent to or heard from since it started. */
    public Map<NodeAddress, PeerTraffic> traffic() {
        Map<NodeAddress, PeerTraffic> traffic = new java.util.TreeMap<>(java.util.Comparator.comparing(NodeAddress::toString));
        outbound.forEach((peer, connection) -> traffic.put(peer, connection.sent()));
        received.forEach((peer, counts) -> {
            PeerTraffic sent = traffic.getOrDefault(peer, PeerTraffic.NONE);
            traffic.put(peer, new PeerTraffic(sent.messagesSent(), sent.bytesSent(), counts[0].sum(), counts[1].sum(),
                    sent.queuedMessages(), sent.queuedBytes()));
        });
        return traffic;
    }

    private void deliver(Message message) {
        countReceived(message);
        epochs.observe(message);
        if (message.isResponse()) {
            requests.complete(message);
            return;
        }
        MessageHandler handler = handlers.get(message.verb());
        if (handler == null) {
            LOG.debug("No handler for {} from {}", message.verb(), message.from());
            return;
        }
        try {
            handler.handle(message);
        } catch (RuntimeException e) {
            LOG.error("Handler of {} failed on a message from {}", message.verb(), message.from(), e);
        }
    }

    /** Why {@code peer} refused this node at the handshake (e.g. another cluster), or null. */
    @Override
    public String refusalBy(NodeAddress peer) {
        OutboundConnection connection = outbound.get(peer);
        return connection == null ? null : connection.refusal();
    }

    /** Messages queued for a peer's connection (dropped ones are not counted). */
    @Override
    public long messagesSent() {
        return sent.get();
    }

    /** Messages dropped because a peer's queue was full or the peer refused us. */
    public long droppedMessages() {
        return dropped.get();
    }

    @Override
    public void close() {
        for (OutboundConnection connection : outbound.values()) {
            connection.close();
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
