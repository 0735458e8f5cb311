package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.wire.StorageSerializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A joining node receives its data: for every range it will replicate once it has joined, the
 * raw partitions (tombstones included) are copied, page by page, from a live current replica.
 * It runs while the other nodes already send this node the writes of those ranges (it is
 * pending in their topology), so that nothing written meanwhile is missing afterwards.
 */
public final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final SchemaManager schema;
    private final GossipTopology topology;
    private final Duration timeout;

    public Bootstrap(StorageEngine storage, MessagingService messaging, SchemaManager schema, GossipTopology topology,
                     Duration timeout) {
        this.storage = storage;
        this.messaging = messaging;
        this.schema = schema;
        this.topology = topology;
        this.timeout = timeout;
    }

    /** Whether a replicated keyspace has a table (joining an empty cluster copies nothing). */
    public boolean hasDataToReceive() {
        return schema.current().keyspaces().values().stream()
                .anyMatch(keyspace -> !SystemKeyspaces.isLocal(keyspace.name()) && !keyspace.tables().isEmpty());
    }

    /**
     * Copies every range this node will replicate from a live replica of it.
     *
     * @return the partitions received
     * @throws IllegalStateException when no live replica could send a range
     */
    public long run() {
        long received = 0;
        NodeAddress self = topology.self();
        List<TokenRange> pieces = ClusterDataCoordinator.pieces(TokenRange.FULL, topology.futureRingTokens());
        for (KeyspaceMetadata keyspace : schema.current().keyspaces().values()) {
            if (SystemKeyspaces.isLocal(keyspace.name())) {
                continue;
            }
            for (TableMetadata table : keyspace.tables().values()) {
                for (TokenRange piece : pieces) {
                    if (topology.pendingFor(keyspace.name(), piece.end()).contains(self)) {
                        received += copy(table, piece, sources(keyspace.name(), piece));
                    }
                }
            }
        }
        return received;
    }

    /** The live current replicas of {@code piece}, those of this node's data center first. */
    private List<NodeAddress> sources(String keyspace, TokenRange piece) {
        List<NodeAddress> sources = new ArrayList<>();
        for (NodeAddress replica : topology.replicasFor(keyspace, piece.end())) {
            if (!replica.equals(topology.self()) && topology.isAlive(replica)) {
                sources.add(replica);
            }
        }
        sources.sort(Comparator.comparingInt(node -> ConsistencyPlan.isLocal(node, topology) ? 0 : 1));
        return sources;
    }

    private long copy(TableMetadata table, TokenRange piece, List<NodeAddress> sources) {
        for (NodeAddress source : sources) {
            try {
                return copyFrom(source, table, piece);
            } catch (IllegalStateException failed) {
                LOG.warn("Copying {} of {} from {} failed ({}); trying another replica", piece, table, source,
                        failed.getMessage());
            }
        }
        throw new IllegalStateException("No live replica could send the data of " + table + " in " + piece
                + " (replicas asked: " + sources + ")");
    }

    private long copyFrom(NodeAddress source, TableMetadata table, TokenRange piece) {
        long copied = 0;
        PartitionKey resumeAfter = null;
        do {
            byte[] payload = ReplicaMessages.encode(table.tableId(), StorageSerializers.serialize(
                    new StorageSerializers.RangeRequest(piece,
                            resumeAfter == null ? null : new ScanPosition(resumeAfter, null))));
            UpdatePage page = StorageSerializers.deserializeUpdatePage(request(source, payload));
            for (PartitionUpdate update : page.updates()) {
                storage.apply(table.tableId(), update);
                copied++;
            }
            resumeAfter = page.resumeAfter();
        } while (resumeAfter != null);
        return copied;
    }

    private byte[] request(NodeAddress source, byte[] payload) {
        byte[] answer = ClusterDataCoordinator.request(messaging, source, Verb.STREAM, payload, timeout).join();
        if (answer == null) {
            throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms");
        }
        return answer;
    }
}
