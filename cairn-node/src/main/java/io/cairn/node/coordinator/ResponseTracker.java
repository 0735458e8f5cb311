package io.cairn.node.coordinator;

import io.cairn.node.ring.Topology;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cql.ConsistencyLevel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Counts a request's replica answers against what the consistency level needs: done as soon
 * as enough of the right replicas answered, failed as soon as that became impossible (the
 * others failed or timed out). {@link #done()} completes with the number received.
 */
final class ResponseTracker {

    private final ConsistencyLevel level;
    private final Topology topology;
    private final int blockFor;
    private final Map<String, Integer> neededPerDataCenter = new HashMap<>();
    private final Map<String, Integer> ackedPerDataCenter = new HashMap<>();
    private final Map<String, Integer> outstandingPerDataCenter = new HashMap<>();
    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private int acked;
    private int outstanding;

    ResponseTracker(ConsistencyLevel level, String keyspace, List<NodeAddress> contacted, List<NodeAddress> replicas,
                    Topology topology) {
        this(level, keyspace, contacted, replicas, List.of(), topology);
    }

    /**
     * A write's tracker when {@code pending} (joining) nodes also receive it: each of them that
     * the level counts must acknowledge too, as Cassandra does, so that the replicas after the
     * join hold what the level promised.
     */
    ResponseTracker(ConsistencyLevel level, String keyspace, List<NodeAddress> contacted, List<NodeAddress> replicas,
                    List<NodeAddress> pending, Topology topology) {
        this(level, ConsistencyPlan.blockFor(level, keyspace, replicas, topology) + (int) pending.stream()
                .filter(node -> level != ConsistencyLevel.ANY && level != ConsistencyLevel.EACH_QUORUM
                        && counts(level, node, topology)).count(), contacted, topology);
        if (level == ConsistencyLevel.EACH_QUORUM) {
            neededPerDataCenter.putAll(ConsistencyPlan.neededPerDataCenter(keyspace, replicas, topology));
        }
    }

    /** Waits for every one of {@code contacted} (a read repair's write-back). */
    static ResponseTracker ofAll(List<NodeAddress> contacted, Topology topology) {
        return new ResponseTracker(ConsistencyLevel.ALL, contacted.size(), contacted, topology);
    }

    private ResponseTracker(ConsistencyLevel level, int blockFor, List<NodeAddress> contacted, Topology topology) {
        this.level = level;
        this.topology = topology;
        this.blockFor = blockFor;
        for (NodeAddress node : contacted) {
            if (counts(node)) {
                outstanding++;
                outstandingPerDataCenter.merge(topology.dataCenterOf(node), 1, Integer::sum);
            }
        }
    }

    int blockFor() {
        return blockFor;
    }

    CompletableFuture<Integer> done() {
        return done;
    }

    private boolean counts(NodeAddress node) {
        return counts(level, node, topology);
    }

    private static boolean counts(ConsistencyLevel level, NodeAddress node, Topology topology) {
        return switch (level) {
            case LOCAL_ONE, LOCAL_QUORUM, LOCAL_SERIAL -> ConsistencyPlan.isLocal(node, topology);
            default -> true;
        };
    }

    synchronized void success(NodeAddress node) {
        if (!counts(node) || done.isDone()) {
            return;
        }
        acked++;
        outstanding--;
        String dc = topology.dataCenterOf(node);
        ackedPerDataCenter.merge(dc, 1, Integer::sum);
        outstandingPerDataCenter.merge(dc, -1, Integer::sum);
        if (isSatisfied()) {
            done.complete(acked);
        }
    }

    synchronized void failure(NodeAddress node) {
        if (!counts(node) || done.isDone()) {
            return;
        }
        outstanding--;
        outstandingPerDataCenter.merge(topology.dataCenterOf(node), -1, Integer::sum);
        if (!isStillPossible()) {
            done.complete(-acked - 1);
        }
    }

    private boolean isSatisfied() {
        if (level == ConsistencyLevel.EACH_QUORUM) {
            for (Map.Entry<String, Integer> dc : neededPerDataCenter.entrySet()) {
                if (ackedPerDataCenter.getOrDefault(dc.getKey(), 0) < dc.getValue()) {
                    return false;
                }
            }
            return true;
        }
        return acked >= blockFor;
    }

    private boolean isStillPossible() {
        if (level == ConsistencyLevel.EACH_QUORUM) {
            for (Map.Entry<String, Integer> dc : neededPerDataCenter.entrySet()) {
                int possible = ackedPerDataCenter.getOrDefault(dc.getKey(), 0)
                        + outstandingPerDataCenter.getOrDefault(dc.getKey(), 0);
                if (possible < dc.getValue()) {
                    return false;
                }
            }
            return true;
        }
        return acked + outstanding >= blockFor;
    }

    /** A callback counting a request's response as a success and its failure as a failure. */
    ResponseCallback callback() {
        return new ResponseCallback() {
            @Override
            public void onResponse(Message response) {
                success(response.from());
            }

            @Override
            public void onFailure(NodeAddress peer, Failure failure) {
                ResponseTracker.this.failure(peer);
            }
        };
    }

    /** Decodes {@link #done()}'s value: the number of replicas that answered. */
    static int received(int outcome) {
        return outcome >= 0 ? outcome : -outcome - 1;
    }

    static boolean isSuccess(int outcome) {
        return outcome >= 0;
    }
}
