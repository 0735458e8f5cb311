package io.cairn.node.hints;

import io.cairn.cluster.messaging.NodeAddress;

import java.util.Map;

/**
 * A node's hints now: how many it holds for each replica, and how many its deliveries sent and
 * had acknowledged (and their messages' bytes), deleted unsent past their table's gc grace, and deleted unsent for a table
 * truncated since, all since the node started.
 */
public record HintCounts(Map<NodeAddress, Long> pending, int delivered, long deliveredBytes, int expired,
                         int dropped) {

    public HintCounts {
        pending = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pending));
    }

    /** Every hint held, all replicas together. */
    public long total() {
        return pending.values().stream().mapToLong(Long::longValue).sum();
    }
}
