package io.cairn.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the client connections, in total and per client address, and closes one that would
 * go past either limit as soon as it is accepted (as Cassandra's connection limits do): the
 * node keeps its memory and threads for the connections it has. Shared by every connection.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("cairn.connection.counted");

    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    /** Each client address's open connections; an address with none has no entry. Changed atomically per key. */
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    ConnectionLimiter(int maxConnections, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        InetAddress address = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
        int total = open.incrementAndGet();
        int mine = perAddress.merge(address, 1, Integer::sum);
        context.channel().attr(COUNTED).set(Boolean.TRUE);
        if (total > maxConnections || mine > maxPerAddress) {
            long count = refused.incrementAndGet();
            if (Long.bitCount(count) == 1) {
                // The first refusal, and then the 2nd, 4th, 8th...: a flood does not flood the log.
                LOG.warn("Refused a connection from {}: {} ({} refused so far)", address, total > maxConnections
                        ? "the node has " + maxConnections + " client connections (native_transport_max_concurrent_"
                        + "connections)" : "that address has " + maxPerAddress + " connections (native_transport_max_"
                        + "concurrent_connections_per_ip)", count);
            }
            context.close();
            return;
        }
        context.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (context.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
            InetAddress address = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
            perAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
        }
        context.fireChannelInactive();
    }

    /** Client connections open now. */
    int open() {
        return open.get();
    }

    /** Connections refused since the server started. */
    long refused() {
        return refused.get();
    }
}
