package io.cairn.node.agreement;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.node.metadata.AddMetadataReplica;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.metadata.NodeState;
import io.cairn.node.metadata.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Grows the set of metadata replicas to {@link #TARGET}: run at each {@link #INTERVAL} by every
 * node, it acts only on the metadata replica with the lowest host id. When there are fewer
 * replicas than the target, and enough nodes that could become one to reach it, it commits
 * {@code AddMetadataReplica} for the eligible node with the lowest host id, one at a time. A
 * node is eligible when the log lists it (registered or joined), is not going out of the cluster
 * (leaving, removed or replaced), it is not one already, and
 * {@code eligible} says so (in the ring and alive). A set of two only exists while the set
 * grows from one to three; a cluster of two nodes keeps one replica, whose quorum does not
 * need the other node.
 */
public final class MetadataReplicaSteward {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataReplicaSteward.class);

    /** How many metadata replicas a cluster with enough nodes has. */
    public static final int TARGET = 3;

    /** How often every node checks whether it should add a replica. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Supplier<ClusterMetadata> metadata;
    private final NodeId self;
    private final Predicate<NodeAddress> eligible;
    private final Function<Function<ClusterMetadata, Transformation>, CompletableFuture<ClusterMetadata>> commit;
    private final Consumer<ClusterMetadata> committed;
    private final Object lock = new Object();
    /** Whether a commit of this steward is in flight. Guarded by {@link #lock}. */
    private boolean committing;

    /**
     * @param self      this node's id
     * @param eligible  whether a node may become a metadata replica as far as this node sees
     *                  (gossip has it in the ring, and alive)
     * @param commit    commits a change to the log ({@link MetadataCommitter#commit})
     * @param committed told of the snapshot after an entry this steward committed
     */
    public MetadataReplicaSteward(Supplier<ClusterMetadata> metadata, NodeId self,
                                  Predicate<NodeAddress> eligible,
                                  Function<Function<ClusterMetadata, Transformation>,
                                          CompletableFuture<ClusterMetadata>> commit,
                                  Consumer<ClusterMetadata> committed) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.self = Objects.requireNonNull(self, "self");
        this.eligible = Objects.requireNonNull(eligible, "eligible");
        this.commit = Objects.requireNonNull(commit, "commit");
        this.committed = Objects.requireNonNull(committed, "committed");
    }

    /** The node to add as a metadata replica at {@code current}, or null when none should be. */
    NodeId candidate(ClusterMetadata current, NodeId me) {
        if (current.epoch().equals(Epoch.EMPTY)) {
            return null;
        }
        SortedSet<NodeId> replicas = current.metadataReplicas();
        if (replicas.isEmpty() || !replicas.first().equals(me) || replicas.size() >= TARGET) {
            return null;
        }
        List<NodeId> candidates = new ArrayList<>();
        NodeId goingOut = current.movement() == null ? null : current.movement().goingOut();
        for (NodeRecord record : current.directory().nodes().values()) {
            if (record.state() != NodeState.LEFT && !replicas.contains(record.id()) && !record.id().equals(goingOut)
                    && eligible.test(record.address())) {
                candidates.add(record.id());
            }
        }
        if (replicas.size() + candidates.size() < TARGET) {
            return null;
        }
        return candidates.get(0);
    }

    /** One check: adds a replica if this node is the steward and one should be added. */
    public void step() {
        NodeId chosen = candidate(metadata.get(), self);
        if (chosen == null) {
            return;
        }
        synchronized (lock) {
            if (committing) {
                return;
            }
            committing = true;
        }
        LOG.info("Adding {} as a metadata replica", chosen);
        commit.apply(current -> current.metadataReplicas().contains(chosen)
                        || current.metadataReplicas().size() >= TARGET ? null : new AddMetadataReplica(chosen))
                .whenComplete((snapshot, failure) -> {
                    synchronized (lock) {
                        committing = false;
                    }
                    if (failure != null) {
                        LOG.info("Could not add {} as a metadata replica yet: {}", chosen,
                                AsyncLoop.unwrap(failure).getMessage());
                    } else {
                        committed.accept(snapshot);
                    }
                });
    }
}
