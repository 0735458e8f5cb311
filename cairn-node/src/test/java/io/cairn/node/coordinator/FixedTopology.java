package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.ring.Topology;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A topology for unit tests: nodes named by data center ({@code dc1-1}, {@code dc2-1}, ...),
 * every node a replica of every token, the replication factor per data center as given, and
 * nodes marked down by hand. This node is the first of the first data center.
 */
final class FixedTopology implements Topology {

    private final Map<NodeAddress, String> dataCenters = new LinkedHashMap<>();
    private final Map<String, Integer> replicationFactors = new LinkedHashMap<>();
    private final Set<NodeAddress> down = new HashSet<>();

    /** {@code nodesAndFactors}: data center name, then its node count (which is also its replication factor). */
    static FixedTopology of(Object... nodesAndFactors) {
        FixedTopology topology = new FixedTopology();
        for (int i = 0; i < nodesAndFactors.length; i += 2) {
            String dataCenter = (String) nodesAndFactors[i];
            int nodes = (Integer) nodesAndFactors[i + 1];
            topology.replicationFactors.put(dataCenter, nodes);
            for (int n = 1; n <= nodes; n++) {
                topology.dataCenters.put(node(dataCenter, n), dataCenter);
            }
        }
        return topology;
    }

    static NodeAddress node(String dataCenter, int number) {
        return new NodeAddress(dataCenter + "-" + number, 7000);
    }

    /** Sets a data center's replication factor apart from its node count. */
    FixedTopology withReplicationFactor(String dataCenter, int factor) {
        replicationFactors.put(dataCenter, factor);
        return this;
    }

    FixedTopology down(NodeAddress... nodes) {
        down.addAll(List.of(nodes));
        return this;
    }

    List<NodeAddress> nodes() {
        return List.copyOf(dataCenters.keySet());
    }

    @Override
    public NodeAddress self() {
        return dataCenters.keySet().iterator().next();
    }

    @Override
    public List<NodeAddress> replicasFor(String keyspace, long token) {
        return nodes();
    }

    @Override
    public String dataCenterOf(NodeAddress node) {
        return dataCenters.get(node);
    }

    @Override
    public int replicationFactor(String keyspace, String dataCenter) {
        if (dataCenter == null) {
            return replicationFactors.values().stream().mapToInt(Integer::intValue).sum();
        }
        return replicationFactors.getOrDefault(dataCenter, 0);
    }

    @Override
    public boolean isAlive(NodeAddress node) {
        return !down.contains(node);
    }
}
