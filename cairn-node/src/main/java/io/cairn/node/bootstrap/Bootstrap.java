package io.cairn.node.bootstrap;

import io.cairn.node.messages.StreamMessage;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.ring.RingPieces;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A joining node receives its data: for every range it will replicate once it has joined, the
 * raw partitions (tombstones included) are copied, page by page, from a live current replica.
 * It runs at the movement's STARTED step, once every node has that step (the others then send
 * this node the writes of those ranges), so that nothing written meanwhile is missing afterwards.
 */
public final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final NodeAddress self;
    private final Predicate<NodeAddress> alive;
    private final Predicate<NodeAddress> local;
    private final Duration timeout;

    /**
     * @param alive what the failure detector says of a node
     * @param local whether a node is in this node's data center (preferred as a source)
     */
    public Bootstrap(StorageEngine storage, MessagingService messaging, Predicate<NodeAddress> alive,
                     Predicate<NodeAddress> local, Duration timeout) {
        this.storage = storage;
        this.messaging = messaging;
        this.self = messaging.localAddress();
        this.alive = alive;
        this.local = local;
        this.timeout = timeout;
    }

    /**
     * Copies every range of {@code keyspaces}' tables (the log's and the built-in replicated
     * system keyspaces) this node receives in {@code started} (its join at STARTED) from a live
     * replica of it: completes with the partitions received once every range is copied, or
     * fails (IllegalStateException) when no live replica could send one.
     */
    public CompletableFuture<Long> runAsync(ClusterMetadata started, java.util.Collection<KeyspaceMetadata> keyspaces) {
        if (started.ring().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the ring has no node to copy from"));
        }
        java.util.SortedSet<Long> boundaries = new java.util.TreeSet<>(started.ring().tokens());
        boundaries.addAll(started.nextRing().tokens());
        List<TokenRange> pieces = RingPieces.of(TokenRange.FULL, List.copyOf(boundaries));
        List<java.util.function.Supplier<CompletableFuture<Long>>> copies = new ArrayList<>();
        for (KeyspaceMetadata keyspace : keyspaces) {
            if (SystemKeyspaces.isLocal(keyspace.name())) {
                continue;
            }
            for (TableMetadata table : keyspace.tables().values()) {
                for (TokenRange piece : pieces) {
                    if (started.planFor(keyspace, piece.end()).pending().contains(self)) {
                        copies.add(() -> copy(table, piece, sources(started, keyspace, piece), 0));
                    }
                }
            }
        }
        return inTurn(copies, 0, 0L);
    }

    /** Runs the copies one after the other, summing what they received. */
    private static CompletableFuture<Long> inTurn(List<java.util.function.Supplier<CompletableFuture<Long>>> copies,
                                                  int next, long received) {
        if (next == copies.size()) {
            return CompletableFuture.completedFuture(received);
        }
        return copies.get(next).get().thenCompose(copied -> inTurn(copies, next + 1, received + copied));
    }

    /**
     * Where to copy {@code piece} from: the replica that gives it up to this node, as Cassandra's
     * consistent range movement does. A write acknowledged at QUORUM by the old replicas is on a
     * quorum of them; copied from the one leaving, it stays on a quorum of the new ones (another
     * replica may have missed it). When that replica is down, there is no source and joining
     * waits; when nobody leaves (fewer nodes than the replication factor), any live replica.
     */
    private List<NodeAddress> sources(ClusterMetadata started, KeyspaceMetadata keyspace, TokenRange piece) {
        List<NodeAddress> now = started.ring().replicasFor(keyspace, piece.end());
        List<NodeAddress> after = started.nextRing().replicasFor(keyspace, piece.end());
        List<NodeAddress> leaving = now.stream().filter(node -> !after.contains(node)).toList();
        List<NodeAddress> sources = new ArrayList<>();
        for (NodeAddress replica : leaving.isEmpty() ? now : leaving) {
            if (!replica.equals(self) && alive.test(replica)) {
                sources.add(replica);
            }
        }
        sources.sort(Comparator.comparingInt(node -> local.test(node) ? 0 : 1));
        return sources;
    }

    /** Copies {@code piece} from {@code sources[from]}, or from the next source when that one fails. */
    private CompletableFuture<Long> copy(TableMetadata table, TokenRange piece, List<NodeAddress> sources, int from) {
        if (from == sources.size()) {
            return CompletableFuture.failedFuture(new IllegalStateException("No live replica could send the data of "
                    + table + " in " + piece + " (replicas asked: " + sources + "; a joining node copies each range "
                    + "from the replica that gives it up, which must be up)"));
        }
        NodeAddress source = sources.get(from);
        return copyFrom(source, table, piece, null, 0).handle((copied, failed) -> {
            if (failed == null) {
                return CompletableFuture.completedFuture(copied);
            }
            LOG.warn("Copying {} of {} from {} failed ({}); trying another replica", piece, table, source,
                    failed.getMessage());
            return copy(table, piece, sources, from + 1);
        }).thenCompose(result -> result);
    }

    /** Copies the pages of {@code piece} after {@code resumeAfter} from {@code source}. */
    private CompletableFuture<Long> copyFrom(NodeAddress source, TableMetadata table, TokenRange piece,
                                             PartitionKey resumeAfter, long copied) {
        byte[] payload = new StreamMessage(table.tableId(), piece, resumeAfter).serialize();
        return messaging.request(source, Verb.STREAM, payload, timeout).thenCompose(answer -> {
            if (answer == null) {
                throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms");
            }
            UpdatePage page = StorageSerializers.deserializeUpdatePage(answer);
            for (PartitionUpdate update : page.updates()) {
                storage.apply(table.tableId(), update);
            }
            long total = copied + page.updates().size();
            return page.resumeAfter() == null ? CompletableFuture.completedFuture(total)
                    : copyFrom(source, table, piece, page.resumeAfter(), total);
        });
    }
}
