package io.cairn.node.agreement;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.NodeId;
import io.cairn.node.metadata.NodeRecord;
import io.cairn.node.ring.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The electorate of the metadata log's slots: the replicas of slot N+1 (whose partition's
 * token is N+1, see {@link MetadataSlots#key}) are the metadata replicas of the snapshot at
 * epoch N, whatever this node has applied since. Every proposer of a slot has applied exactly
 * the entries before it, so all agree on who votes, and the set changes through the log
 * without a joint configuration. A slot whose previous snapshot this node no longer keeps has
 * no replicas here (Unavailable: this node is not at that slot's end anyway). The first slot,
 * which no snapshot precedes, has one replica, the cluster's first node, and only there: any
 * other node is Unavailable for it, so no other node can start a log. (The first node, should it
 * lose its storage, could start a second one: see {@link MetadataService}.) Liveness comes
 * from the failure detector.
 */
public final class MetadataReplicaTopology implements Topology {

    private final NodeAddress self;
    private final Supplier<ClusterMetadata> metadata;
    private final Function<Epoch, Optional<ClusterMetadata>> snapshots;
    private final Predicate<NodeAddress> alive;
    private final boolean initializer;
    private final Supplier<NodeId> selfId;

    /**
     * A topology for a node that never initializes the log: the first slot has no replicas here.
     *
     * @param metadata  the latest snapshot (where nodes are, for their data centers)
     * @param snapshots the snapshots of recent epochs ({@code LocalLog.at})
     */
    public MetadataReplicaTopology(NodeAddress self, Supplier<ClusterMetadata> metadata,
                                   Function<Epoch, Optional<ClusterMetadata>> snapshots, Predicate<NodeAddress> alive,
                                   Supplier<NodeId> selfId) {
        this(self, metadata, snapshots, alive, false, selfId);
    }

    /**
     * @param initializer whether this node is the cluster's first: the one node that may decide
     *                    the log's first slot (its {@code Initialize}), alone, as its only replica
     * @param selfId      this node's host id, or null while it is not known yet
     */
    public MetadataReplicaTopology(NodeAddress self, Supplier<ClusterMetadata> metadata,
                                   Function<Epoch, Optional<ClusterMetadata>> snapshots, Predicate<NodeAddress> alive,
                                   boolean initializer, Supplier<NodeId> selfId) {
        this.initializer = initializer;
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.self = Objects.requireNonNull(self, "self");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.alive = Objects.requireNonNull(alive, "alive");
    }

    @Override
    public NodeAddress self() {
        return self;
    }

    /** The addresses of the metadata replicas that vote on the slot of {@code token}, in host id order. */
    @Override
    public List<NodeAddress> replicasFor(String keyspace, long token) {
        Epoch previous = MetadataSlots.slotOf(token).previous();
        if (previous.equals(Epoch.EMPTY)) {
            // No snapshot names the first slot's voters: only the first node decides it, alone.
            return initializer ? List.of(self) : List.of();
        }
        Optional<ClusterMetadata> before = snapshots.apply(previous);
        if (before.isEmpty()) {
            return List.of();
        }
        List<NodeAddress> replicas = new ArrayList<>();
        NodeId me = selfId.get();
        for (NodeId replica : before.get().metadataReplicas()) {
            NodeAddress address = before.get().directory().get(replica).address();
            // A replacement on a dead replica's address is not that replica: it lacks its votes.
            if (!address.equals(self) || replica.equals(me)) {
                replicas.add(address);
            }
        }
        return replicas;
    }

    /**
     * Whether this node may answer a Paxos request about the slot of {@code token} as the voter
     * at its address: whether, by host id, it is a metadata replica of the snapshot before that
     * slot. An acceptor's promises and votes live in its storage, so a node that took the
     * address of a dead replica (a replacement, a wiped node) must not answer for it: its empty
     * state, counted as the dead replica's, could let a second value be chosen for a slot the
     * dead replica had helped decide. A node that does not keep that snapshot (it is behind, or
     * far ahead) cannot tell, and does not answer either: a proposer at that slot has a quorum
     * elsewhere, or this node catches up from the request's epoch and answers the next try.
     */
    public boolean votesOn(long token) {
        Epoch previous = MetadataSlots.slotOf(token).previous();
        if (previous.equals(Epoch.EMPTY)) {
            return initializer;
        }
        NodeId me = selfId.get();
        Optional<ClusterMetadata> before = snapshots.apply(previous);
        if (me == null || before.isEmpty()) {
            return false;
        }
        NodeRecord record = before.get().directory().get(me);
        return before.get().metadataReplicas().contains(me) && record != null && record.address().equals(self);
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

    /**
     * 0: a slot's factor is the number of its replicas, which {@link #replicasFor} gives and the
     * Paxos electorate takes when it is larger than this (the factor is asked without a token).
     */
    @Override
    public int replicationFactor(String keyspace, String dataCenter) {
        return 0;
    }

    @Override
    public boolean isAlive(NodeAddress node) {
        return node.equals(self) || alive.test(node);
    }
}
