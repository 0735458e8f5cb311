package io.cairn.node.hints;

import io.cairn.cluster.gossip.EndpointState;
import io.cairn.cluster.gossip.GossipListener;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cassandra's {@code max_hint_window}: a replica that gossip has seen down for longer than the
 * window gets no more hints (they would pile up for a node that may never come back, and its
 * data is better brought back by repair). The operator is told, when the window passes and when
 * the node comes back, to repair it (automatic repair does so by itself).
 */
public final class HintWindow implements GossipListener {

    private static final Logger LOG = LoggerFactory.getLogger(HintWindow.class);

    private final Duration window;
    private final Clock clock;
    /** When gossip last saw each node that is down now go down (nanoTime). */
    private final Map<NodeAddress, Long> downSince = new ConcurrentHashMap<>();
    /** Nodes that went past the window while down, whose hints stopped. */
    private final Set<NodeAddress> pastWindow = ConcurrentHashMap.newKeySet();

    public HintWindow(Duration window, Clock clock) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("max_hint_window must not be negative, got " + window);
        }
        this.window = window;
        this.clock = clock;
    }

    @Override
    public void onDead(NodeAddress node, EndpointState state) {
        downSince.putIfAbsent(node, clock.nanoTime());
    }

    @Override
    public void onAlive(NodeAddress node, EndpointState state) {
        downSince.remove(node);
        if (pastWindow.remove(node)) {
            LOG.warn("Node {} is back after more than max_hint_window ({} s) down: the writes it missed since were not "
                    + "hinted. Repair it (cairn admin repair, or automatic repair in time)", node, window.toSeconds());
        }
    }

    @Override
    public void onRemoved(NodeAddress node, EndpointState state) {
        downSince.remove(node);
        pastWindow.remove(node);
    }

    /** Whether a hint for {@code target} may be stored: it is not down, or not for longer than the window. */
    public boolean accepts(NodeAddress target) {
        Long since = downSince.get(target);
        if (since == null || clock.nanoTime() - since <= window.toNanos()) {
            return true;
        }
        if (pastWindow.add(target)) {
            LOG.warn("Node {} has been down for more than max_hint_window ({} s): no more hints are stored for it. "
                    + "Once it is back, repair it", target, window.toSeconds());
        }
        return false;
    }
}
