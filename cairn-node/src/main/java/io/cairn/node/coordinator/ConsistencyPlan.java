package io.cairn.node.coordinator;

import io.cairn.node.ring.Topology;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.UnavailableException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many replicas a consistency level needs, and whether enough are alive. For
 * EACH_QUORUM every data center must reach its own quorum; the LOCAL levels count only the
 * coordinator's data center.
 */
public final class ConsistencyPlan {

    private ConsistencyPlan() {
    }

    /** The number of acknowledgements {@code level} needs for a keyspace with these replicas. */
    public static int blockFor(ConsistencyLevel level, String keyspace, List<NodeAddress> replicas, Topology topology) {
        int total = Math.max(topology.replicationFactor(keyspace, null), replicas.size());
        int local = Math.max(topology.replicationFactor(keyspace, topology.localDataCenter()),
                localCount(replicas, topology));
        return switch (level) {
            case ANY, ONE, LOCAL_ONE -> 1;
            case TWO -> 2;
            case THREE -> 3;
            case QUORUM, SERIAL -> total / 2 + 1;
            case LOCAL_QUORUM, LOCAL_SERIAL -> local / 2 + 1;
            case EACH_QUORUM -> {
                int sum = 0;
                for (int count : neededPerDataCenter(keyspace, replicas, topology).values()) {
                    sum += count;
                }
                yield sum;
            }
            case ALL -> total;
        };
    }

    /** Throws UNAVAILABLE when too few replicas (of the right data centers) are alive. */
    public static void checkAvailable(ConsistencyLevel level, String keyspace, List<NodeAddress> replicas, Topology topology,
                               boolean isWrite) {
        if (!isWrite && level == ConsistencyLevel.ANY) {
            throw CqlException.invalid("ANY ConsistencyLevel is only supported for writes");
        }
        if (level == ConsistencyLevel.EACH_QUORUM) {
            Map<String, Integer> all = neededPerDataCenter(keyspace, replicas, topology);
            Map<String, Integer> alive = perDataCenter(replicas.stream().filter(topology::isAlive).toList(), topology);
            for (Map.Entry<String, Integer> dc : all.entrySet()) {
                int needed = dc.getValue();
                int up = alive.getOrDefault(dc.getKey(), 0);
                if (up < needed) {
                    throw new UnavailableException(level, needed, up);
                }
            }
            return;
        }
        int required = blockFor(level, keyspace, replicas, topology);
        boolean localOnly = level == ConsistencyLevel.LOCAL_ONE || level == ConsistencyLevel.LOCAL_QUORUM
                || level == ConsistencyLevel.LOCAL_SERIAL;
        int alive = 0;
        for (NodeAddress replica : replicas) {
            if (topology.isAlive(replica) && (!localOnly || isLocal(replica, topology))) {
                alive++;
            }
        }
        if (level == ConsistencyLevel.ANY) {
            return;
        }
        if (alive < required) {
            throw new UnavailableException(level, required, alive);
        }
    }

    public static boolean isLocal(NodeAddress node, Topology topology) {
        return topology.isLocal(node);
    }

    private static int localCount(List<NodeAddress> replicas, Topology topology) {
        int count = 0;
        for (NodeAddress replica : replicas) {
            if (isLocal(replica, topology)) {
                count++;
            }
        }
        return count;
    }

    /** EACH_QUORUM: each data center's quorum of its replication factor. */
    public static Map<String, Integer> neededPerDataCenter(String keyspace, List<NodeAddress> replicas, Topology topology) {
        Map<String, Integer> needed = new HashMap<>();
        for (Map.Entry<String, Integer> dc : perDataCenter(replicas, topology).entrySet()) {
            int factor = Math.max(topology.replicationFactor(keyspace, dc.getKey()), dc.getValue());
            needed.put(dc.getKey(), factor / 2 + 1);
        }
        return needed;
    }

    public static Map<String, Integer> perDataCenter(List<NodeAddress> replicas, Topology topology) {
        Map<String, Integer> counts = new HashMap<>();
        for (NodeAddress replica : replicas) {
            counts.merge(topology.dataCenterOf(replica), 1, Integer::sum);
        }
        return counts;
    }
}
