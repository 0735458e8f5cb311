package io.cairn.node.agreement;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.ring.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The electorate of the metadata log's slots: whatever the keyspace and token, the replicas
 * are the metadata replicas of the current snapshot, and the replication factor is their
 * number. Liveness comes from the failure detector.
 */
public final class MetadataReplicaTopology implements Topology {

    private final NodeAddress self;
    private final Supplier<ClusterMetadata> metadata;
    private final Predicate<NodeAddress> alive;

    public MetadataReplicaTopology(NodeAddress self, Supplier<ClusterMetadata> metadata, Predicate<NodeAddress> alive) {
        this.self = Objects.requireNonNull(self, "self");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.alive = Objects.requireNonNull(alive, "alive");
    }

    @Override
    public NodeAddress self() {
        return self;
    }

    /** The metadata replicas' addresses, in host id order. */
    @Override
    public List<NodeAddress> replicasFor(String keyspace, long token) {
        ClusterMetadata current = metadata.get();
        List<NodeAddress> replicas = new ArrayList<>();
        for (NodeId replica : current.metadataReplicas()) {
            NodeRecord record = current.directory().get(replica);
            replicas.add(record.address());
        }
        return replicas;
    }

    @Override
    public String dataCenterOf(NodeAddress node) {
        ClusterMetadata current = metadata.get();
        for (NodeRecord record : current.directory().nodes().values()) {
            if (record.address().equals(node)) {
                return record.dataCenter();
            }
        }
        return "datacenter1";
    }

    @Override
    public int replicationFactor(String keyspace, String dataCenter) {
        List<NodeAddress> replicas = replicasFor(keyspace, 0);
        return dataCenter == null ? replicas.size()
                : (int) replicas.stream().filter(node -> dataCenterOf(node).equals(dataCenter)).count();
    }

    @Override
    public boolean isAlive(NodeAddress node) {
        return node.equals(self) || alive.test(node);
    }
}
