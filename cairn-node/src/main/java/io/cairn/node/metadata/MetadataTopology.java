package io.cairn.node.metadata;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SystemKeyspaces;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cluster as the metadata log describes it: each token's read and write replicas are the
 * latest snapshot's {@link ClusterMetadata#planFor plan} (the joined nodes' ring and, while a
 * movement runs, the ring it leads to), each node's data center is its directory record, and
 * the failure detector says who is alive. Before this node has the log's ring (the cluster's
 * first node in its first seconds) every token is this node's own.
 */
public final class MetadataTopology implements Topology {

    private final NodeAddress self;
    private final String localDataCenter;
    private final Supplier<ClusterMetadata> metadata;
    private final Predicate<NodeAddress> alive;
    private final Function<String, KeyspaceMetadata> builtIn;

    /**
     * @param builtIn the built-in system keyspaces by name (null for any other), which the log's
     *                schema does not hold but which are replicated too (system_traces, system_auth)
     */
    public MetadataTopology(NodeAddress self, String localDataCenter, Supplier<ClusterMetadata> metadata,
                            Predicate<NodeAddress> alive, Function<String, KeyspaceMetadata> builtIn) {
        this.builtIn = Objects.requireNonNull(builtIn, "builtIn");
        this.self = Objects.requireNonNull(self, "self");
        this.localDataCenter = Objects.requireNonNull(localDataCenter, "localDataCenter");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.alive = Objects.requireNonNull(alive, "alive");
    }

    @Override
    public NodeAddress self() {
        return self;
    }

    @Override
    public long epoch() {
        return metadata.get().epoch().value();
    }

    @Override
    public List<NodeAddress> replicasFor(String keyspace, long token) {
        ClusterMetadata current = metadata.get();
        KeyspaceMetadata placed = placed(current, keyspace);
        return placed == null ? List.of(self) : current.planFor(placed, token).reads();
    }

    @Override
    public Placement placementFor(String keyspace, long token) {
        ClusterMetadata current = metadata.get();
        KeyspaceMetadata placed = placed(current, keyspace);
        if (placed == null) {
            return new Placement(List.of(self), List.of());
        }
        ReplicaPlan plan = current.planFor(placed, token);
        return new Placement(plan.reads(), plan.pending());
    }

    /** The nodes written but not read at this epoch: those receiving the token's data, or (at MID) giving it up. */
    @Override
    public List<NodeAddress> pendingFor(String keyspace, long token) {
        ClusterMetadata current = metadata.get();
        KeyspaceMetadata placed = current.movement() == null ? null : placed(current, keyspace);
        return placed == null ? List.of() : current.planFor(placed, token).pending();
    }

    /** The keyspace, when the snapshot places its data (a replicated keyspace, on a ring); else null. */
    private KeyspaceMetadata placed(ClusterMetadata current, String keyspace) {
        if (SystemKeyspaces.isLocal(keyspace) || current.ring().isEmpty()) {
            return null;
        }
        return keyspace(current, keyspace);
    }

    private KeyspaceMetadata keyspace(ClusterMetadata current, String keyspace) {
        KeyspaceMetadata inLog = current.schema().keyspace(keyspace);
        return inLog != null ? inLog : builtIn.apply(keyspace);
    }

    /** The tokens of the ring and, during a movement, of the ring it leads to: a range read's pieces. */
    @Override
    public List<Long> ringTokens() {
        ClusterMetadata current = metadata.get();
        if (current.movement() == null) {
            return current.ring().tokens();
        }
        Set<Long> both = new TreeSet<>(current.ring().tokens());
        both.addAll(current.nextRing().tokens());
        return List.copyOf(both);
    }

    /** The joined nodes, the moving one and this one: where a TRUNCATE must reach. */
    @Override
    public List<NodeAddress> members() {
        ClusterMetadata current = metadata.get();
        Set<NodeAddress> members = new TreeSet<>(java.util.Comparator.comparing(NodeAddress::toString));
        current.tokens().keySet().forEach(id -> members.add(current.directory().get(id).address()));
        if (current.movement() != null) {
            members.add(current.directory().get(current.movement().node()).address());
        }
        members.add(self);
        return new ArrayList<>(members);
    }

    @Override
    public String dataCenterOf(NodeAddress node) {
        if (node.equals(self)) {
            return localDataCenter;
        }
        ClusterMetadata current = metadata.get();
        NodeRecord record = current.directory().holderOf(node, NodeState.JOINED)
                .or(() -> current.directory().holderOf(node, NodeState.REGISTERED)).orElse(null);
        return record == null ? DEFAULT_DATA_CENTER : record.dataCenter();
    }

    /** Where a node the directory does not know is taken to be. */
    static final String DEFAULT_DATA_CENTER = "datacenter1";

    @Override
    public String localDataCenter() {
        return localDataCenter;
    }

    @Override
    public int replicationFactor(String keyspace, String dataCenter) {
        KeyspaceMetadata keyspaceMetadata = keyspace(metadata.get(), keyspace);
        if (keyspaceMetadata == null || SystemKeyspaces.isLocal(keyspace)) {
            return 1;
        }
        return keyspaceMetadata.replicationFactor(dataCenter);
    }

    @Override
    public boolean isAlive(NodeAddress node) {
        return alive.test(node);
    }

    /** The data centers of the nodes the directory holds (gone ones aside), this one's included. */
    public Set<String> dataCenters() {
        Set<String> dataCenters = new TreeSet<>();
        for (NodeRecord node : metadata.get().directory().nodes().values()) {
            if (node.state() != NodeState.LEFT) {
                dataCenters.add(node.dataCenter());
            }
        }
        dataCenters.add(localDataCenter);
        return dataCenters;
    }
}
