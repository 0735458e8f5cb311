package io.cairn.sim;

import io.cairn.cluster.messaging.InJvmNetwork;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.ManualClock;
import io.cairn.common.time.VirtualScheduler;
import io.cairn.node.ring.TokenAllocator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the parts of a run share: virtual time and its scheduler, the event log, the network,
 * the nodes, the clients' history and the errors nodes threw.
 */
final class SimCluster {

    static final long START_MICROS = 1_750_000_000_000_000L;
    private static final int MAX_NODE_ERRORS = 20;

    final SimConfig config;
    final ManualClock time = new ManualClock(START_MICROS);
    final VirtualScheduler loop = new VirtualScheduler(time);
    final EventLog log;
    final SimNetwork network;
    final List<SimNode> nodes = new ArrayList<>();
    final History history = new History();
    final List<String> nodeErrors = new ArrayList<>();
    private final InJvmNetwork inJvm;
    private final SplittableRandom nodeRandom;
    /** Each ring token's owner, as nodes are added. */
    private final Map<Long, String> owners = new HashMap<>();

    SimCluster(SimConfig config, PrintStream trace, boolean traceMessages, SplittableRandom networkRandom,
               SplittableRandom nodeRandom) {
        this.config = config;
        this.log = new EventLog(trace, START_MICROS, traceMessages);
        this.inJvm = new InJvmNetwork(loop);
        this.network = new SimNetwork(inJvm, networkRandom, log, time);
        this.nodeRandom = nodeRandom;
    }

    /** How many nodes were created: the next one's index. */
    private int created;

    /**
     * A node at the next address, with tokens balanced against the ring so far; nodes of the
     * initial cluster are bootstrapped, later ones join.
     */
    SimNode newNode(boolean bootstrapped) {
        // A new node has an address of its own; only a replacement may take a lost node's.
        int index = created;
        NodeAddress address = address(index);
        SplittableRandom random = nodeRandom.split();
        List<Long> tokens = TokenAllocator.allocate(owners, 4, random);
        return node(address, tokens, random, bootstrapped, null);
    }

    /**
     * Tokens for {@code node} to move to: as many as it has, balanced against the ring without
     * its own, and owned by no node; from {@code random}.
     */
    List<Long> tokensToMoveTo(SimNode node, SplittableRandom random) {
        Map<Long, String> others = new HashMap<>(owners);
        others.values().removeIf(owner -> owner.equals(node.address.toString()));
        List<Long> tokens = TokenAllocator.allocate(others, node.tokens().size(), random);
        for (long token : tokens) {
            owners.put(token, node.address.toString());
        }
        return tokens;
    }

    /**
     * A new node, with empty storage, that replaces the node {@code lost} (lost for good, its
     * process gone) with its tokens: on {@code lost}'s own address when {@code sameAddress}, else
     * on the next one. Its index is a new one either way: the history and the checks tell the
     * two apart.
     */
    SimNode replacementFor(SimNode lost, boolean sameAddress) {
        if (!lost.isLost() || lost.isUp()) {
            throw new IllegalStateException("node " + (lost.index + 1) + " is not lost for good: it cannot be replaced");
        }
        NodeAddress address = sameAddress ? lost.address : address(created);
        return node(address, lost.tokens(), nodeRandom.split(), false, lost.address);
    }

    /** Creates the next node, at {@code address} with {@code tokens}, owning them in {@link #owners}. */
    private SimNode node(NodeAddress address, List<Long> tokens, SplittableRandom random, boolean bootstrapped,
                         NodeAddress replacing) {
        int index = created++;
        for (long token : tokens) {
            owners.put(token, address.toString());
        }
        long skew = config.faults() ? random.nextLong(-500_000, 500_001) : 0;
        double drift = config.faults() ? random.nextDouble(-100, 100) : 0;
        return new SimNode(index, address, new SimClock(time, skew, drift), loop, error -> nodeError(index, error),
                inJvm, List.of(address(0)), tokens, random, config, address((index + 1) % config.nodes()),
                bootstrapped, replacing, event -> trace(event));
    }

    private static NodeAddress address(int index) {
        return new NodeAddress("127.0.0." + (index + 1), 7000);
    }

    void nodeError(int node, Throwable error) {
        if (nodeErrors.size() < MAX_NODE_ERRORS) {
            java.io.StringWriter text = new java.io.StringWriter();
            error.printStackTrace(new java.io.PrintWriter(text));
            nodeErrors.add("node " + (node + 1) + " threw: " + text.toString().lines().limit(8)
                    .reduce((a, b) -> a + "\n    " + b).orElse(""));
        }
        trace("node " + (node + 1) + " threw " + error);
    }

    void trace(String event) {
        log.trace(time.currentTimeMicros(), event);
    }

    /** Virtual time since the run began, in microseconds: the history's clock. */
    long now() {
        return time.currentTimeMicros() - START_MICROS;
    }

    /**
     * The node at {@code address}: while a node lost for good is being replaced on its own
     * address, the two share it, and the replacement (the process there now) is the one.
     */
    SimNode nodeAt(NodeAddress address) {
        List<SimNode> at = nodes.stream().filter(node -> node.address.equals(address)).toList();
        if (at.isEmpty()) {
            throw new java.util.NoSuchElementException("no node at " + address);
        }
        return at.stream().filter(node -> !node.isLost()).findFirst().orElse(at.get(0));
    }
}
