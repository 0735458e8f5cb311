package io.cairn.node.bootstrap;

import io.cairn.node.messages.StreamMessage;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.RangeMovement;
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
import io.cairn.storage.TableId;
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
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * A node receives the data of the ranges a range movement gives it: for every range it will
 * replicate once the movement has finished, the raw partitions (tombstones included) are
 * copied, page by page, from live current replicas. A joining or replacing node runs it for
 * itself; a decommission or removenode asks each node that gains ranges to run it (RANGE_FETCH).
 * It runs at the movement's STARTED step, once every node has that step (the others then send
 * this node the writes of those ranges), so that nothing written meanwhile is missing afterwards.
 *
 * <p>The Paxos registers of those partitions are copied too, from the same replica and before
 * its data, and merged with this node's: a lightweight transaction is chosen once a quorum
 * accepted it, and may be committed (on the data) on fewer, even none, of the old replicas, so
 * the data alone can leave it on no quorum of the new ones, whose next SERIAL read would miss it
 * and a later one bring it back (LWT and joins seed 13). Copied with the registers, it is accepted
 * by a quorum of the new replicas, as the data of a write acknowledged at QUORUM is (the
 * argument of {@link #copyPiece}), and completed by the partition's next transaction: what
 * Cassandra's Paxos repair before a range movement completes ensures. Registers first: a commit
 * recorded in them is then on the data copied after them.
 */
public final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    /**
     * Merges into this node what {@code sources} hold of {@code table} in {@code piece} that it
     * lacks or holds older, streaming only what differs (a comparison of hash trees): completes
     * with the partitions received.
     */
    @FunctionalInterface
    public interface Differences {
        CompletableFuture<Long> pull(TableMetadata table, TokenRange piece, List<NodeAddress> sources);
    }

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final NodeAddress self;
    private final Predicate<NodeAddress> alive;
    private final Predicate<NodeAddress> local;
    private final Duration timeout;
    private final BiConsumer<TableId, List<PartitionUpdate>> paxosRegisters;
    private final Executor executor;
    private final Differences differences;

    /**
     * @param alive          what the failure detector says of a node
     * @param local          whether a node is in this node's data center (preferred as a source)
     * @param paxosRegisters takes a page of copied Paxos registers of a table's partitions (this
     *                       node's Paxos replica, which merges them with its own)
     * @param executor       where received pages are written (storage work stays off the messaging
     *                       threads that deliver the answers, and with them gossip and requests)
     * @param differences    how a range copied from one replica that stays takes in what the
     *                       others that stay hold besides (when the replica giving it up is dead)
     */
    public Bootstrap(StorageEngine storage, MessagingService messaging, Predicate<NodeAddress> alive,
                     Predicate<NodeAddress> local, Duration timeout,
                     BiConsumer<TableId, List<PartitionUpdate>> paxosRegisters, Executor executor,
                     Differences differences) {
        this.differences = java.util.Objects.requireNonNull(differences, "differences");
        this.paxosRegisters = java.util.Objects.requireNonNull(paxosRegisters, "paxosRegisters");
        this.executor = java.util.Objects.requireNonNull(executor, "executor");
        this.storage = storage;
        this.messaging = messaging;
        this.self = messaging.localAddress();
        this.alive = alive;
        this.local = local;
        this.timeout = timeout;
    }

    /**
     * Copies every range of {@code keyspaces}' tables (the log's and the built-in replicated
     * system keyspaces) this node receives in {@code started} (a movement at STARTED) from its
     * replicas: completes with the partitions received once every range is copied, or
     * fails (IllegalStateException) when no live replica could send one.
     */
    public CompletableFuture<Long> runAsync(ClusterMetadata started, java.util.Collection<KeyspaceMetadata> keyspaces) {
        if (started.ring().isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the ring has no node to copy from"));
        }
        List<TokenRange> pieces = pieces(started);
        List<java.util.function.Supplier<CompletableFuture<Long>>> copies = new ArrayList<>();
        for (KeyspaceMetadata keyspace : keyspaces) {
            if (SystemKeyspaces.isLocal(keyspace.name())) {
                continue;
            }
            for (TableMetadata table : keyspace.tables().values()) {
                for (TokenRange piece : pieces) {
                    if (started.planFor(keyspace, piece.end()).pending().contains(self)) {
                        copies.add(() -> copyPiece(started, keyspace, table, piece));
                    }
                }
            }
        }
        return inTurn(copies, 0, 0L);
    }

    /**
     * The nodes that receive ranges in {@code started} (a movement at STARTED): those pending for
     * some range of a keyspace of {@code keyspaces} with tables.
     */
    public static java.util.Set<NodeAddress> receivers(ClusterMetadata started,
                                                       java.util.Collection<KeyspaceMetadata> keyspaces) {
        java.util.Set<NodeAddress> receivers = new java.util.LinkedHashSet<>();
        List<TokenRange> pieces = pieces(started);
        for (KeyspaceMetadata keyspace : keyspaces) {
            if (SystemKeyspaces.isLocal(keyspace.name()) || keyspace.tables().isEmpty()) {
                continue;
            }
            for (TokenRange piece : pieces) {
                receivers.addAll(started.planFor(keyspace, piece.end()).pending());
            }
        }
        return receivers;
    }

    /** The ring cut at every token of the ring and of the one the movement leads to: each piece has one plan. */
    private static List<TokenRange> pieces(ClusterMetadata started) {
        java.util.SortedSet<Long> boundaries = new java.util.TreeSet<>(started.ring().tokens());
        boundaries.addAll(started.nextRing().tokens());
        return RingPieces.of(TokenRange.FULL, List.copyOf(boundaries));
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
     * Copies {@code piece} of {@code table}. From the replica that gives it up to this node, as
     * Cassandra's consistent range movement does: a write acknowledged at QUORUM by the old
     * replicas is on a quorum of them; copied from the one leaving, it stays on a quorum of the
     * new ones (another replica may have missed it). When nobody gives it up (fewer nodes than
     * the replication factor), from any live replica. When the replica giving it up is down, or
     * is the dead node of a removenode or a replace, from every replica that stays, merged: the
     * write is on at least one of them, so each must be up (else the copy fails, to be run
     * again). A range whose only replica was the dead node is skipped with a warning: its only
     * copy is gone.
     */
    private CompletableFuture<Long> copyPiece(ClusterMetadata started, KeyspaceMetadata keyspace,
                                              TableMetadata table, TokenRange piece) {
        List<NodeAddress> now = started.ring().replicasFor(keyspace, piece.end());
        NodeAddress dead = deadNodeOf(started);
        if (dead != null) {
            return mergeFromStaying(table, piece, now, List.of(dead), true);
        }
        List<NodeAddress> after = started.nextRing().replicasFor(keyspace, piece.end());
        List<NodeAddress> giving = now.stream().filter(node -> !after.contains(node)).toList();
        if (giving.isEmpty()) {
            return copy(table, piece, sorted(now), 0);
        }
        List<NodeAddress> liveGivers = sorted(giving);
        if (!liveGivers.isEmpty()) {
            return copy(table, piece, liveGivers, 0);
        }
        return mergeFromStaying(table, piece, now, giving, false);
    }

    /**
     * Copies {@code piece} from every replica in {@code now} but {@code gone} (and this node),
     * merged; fails when one of them is down. When there is none: skipped with a warning when
     * {@code goneForGood} (its only copy is lost), else fails (the movement waits for it). The
     * data is copied whole from one of them; of each other, its Paxos registers, and its data
     * where its hash tree differs from what this node then holds: the same merge, streaming the
     * data once instead of once per replica that stays.
     */
    private CompletableFuture<Long> mergeFromStaying(TableMetadata table, TokenRange piece, List<NodeAddress> now,
                                                     List<NodeAddress> gone, boolean goneForGood) {
        List<NodeAddress> staying = now.stream().filter(node -> !gone.contains(node) && !node.equals(self)).toList();
        List<NodeAddress> down = staying.stream().filter(node -> !alive.test(node)).toList();
        if (!down.isEmpty() || (staying.isEmpty() && !goneForGood)) {
            // A write acknowledged by the one that is gone and one that is down may be on no other:
            // copying without it would leave it on fewer than a quorum of the new replicas.
            return CompletableFuture.failedFuture(new IllegalStateException("Replica " + (down.isEmpty() ? gone : down)
                    + " of " + table + " in " + piece + " is down: without " + gone + ", every replica that stays "
                    + "must send its data (bring it back; the copy is tried again)"));
        }
        if (staying.isEmpty() && !now.contains(self)) {
            // The dead node held the only copy (replication factor 1): what it held is lost
            // whatever waits, so the movement goes on without it.
            LOG.warn("No replica but {} held the data of {} in {}: that range's data is lost unless the node comes "
                    + "back", gone, table, piece);
            return CompletableFuture.completedFuture(0L);
        }
        List<NodeAddress> sources = sorted(staying);
        if (sources.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        List<NodeAddress> others = sources.subList(1, sources.size());
        // Registers before data, from each source (see the class comment).
        return copyWithRegisters(sources.get(0), table, piece)
                .thenCompose(copied -> inTurn(others.stream().<java.util.function.Supplier<CompletableFuture<Long>>>map(
                        source -> () -> copyRegistersFrom(source, table, piece, null).thenApply(done -> 0L)).toList(),
                        0, copied))
                .thenCompose(copied -> differences.pull(table, piece, others).thenApply(pulled -> copied + pulled));
    }

    /**
     * The address of the node a removenode or a replace takes out of the ring, which is dead and
     * cannot send its data; null for other movements.
     */
    private static NodeAddress deadNodeOf(ClusterMetadata started) {
        RangeMovement movement = started.movement();
        if (movement == null) {
            return null;
        }
        return switch (movement.kind()) {
            case REMOVE -> started.directory().get(movement.node()).address();
            case REPLACE -> started.directory().get(movement.replaced()).address();
            case JOIN, LEAVE, MOVE -> null;
        };
    }

    /** The live ones of {@code replicas} but this node, those of this data center first. */
    private List<NodeAddress> sorted(List<NodeAddress> replicas) {
        List<NodeAddress> sources = new ArrayList<>();
        for (NodeAddress replica : replicas) {
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
        return copyWithRegisters(source, table, piece).handle((copied, failed) -> {
            if (failed == null) {
                return CompletableFuture.completedFuture(copied);
            }
            LOG.warn("Copying {} of {} from {} failed ({}); trying another replica", piece, table, source,
                    failed.getMessage());
            return copy(table, piece, sources, from + 1);
        }).thenCompose(result -> result);
    }

    /**
     * Copies the Paxos registers of {@code piece}'s partitions from {@code source}, then its data:
     * the partitions of data received.
     */
    private CompletableFuture<Long> copyWithRegisters(NodeAddress source, TableMetadata table, TokenRange piece) {
        return copyRegistersFrom(source, table, piece, null)
                .thenCompose(registers -> copyFrom(source, table, piece));
    }

    /** Copies the pages of Paxos registers of {@code piece} after {@code resumeAfter} (a registers' key) from {@code source}. */
    private CompletableFuture<Void> copyRegistersFrom(NodeAddress source, TableMetadata table, TokenRange piece,
                                                      PartitionKey resumeAfter) {
        return page(source, table, piece, resumeAfter, StreamMessage.Part.PAXOS_REGISTERS).thenComposeAsync(page -> {
            paxosRegisters.accept(table.tableId(), page.updates());
            return page.resumeAfter() == null ? CompletableFuture.<Void>completedFuture(null)
                    : copyRegistersFrom(source, table, piece, page.resumeAfter());
        }, executor);
    }

    /**
     * Copies the data of {@code piece} from {@code source}: each page is written as one write
     * while the next one is on its way (at most two pages are held at a time).
     */
    private CompletableFuture<Long> copyFrom(NodeAddress source, TableMetadata table, TokenRange piece) {
        return page(source, table, piece, null, StreamMessage.Part.DATA)
                .thenComposeAsync(first -> writePages(source, table, piece, first, 0L), executor);
    }

    private CompletableFuture<Long> writePages(NodeAddress source, TableMetadata table, TokenRange piece,
                                               UpdatePage page, long copied) {
        CompletableFuture<UpdatePage> next = page.resumeAfter() == null ? null
                : page(source, table, piece, page.resumeAfter(), StreamMessage.Part.DATA);
        if (!page.updates().isEmpty()) {
            storage.apply(table.tableId(), page.updates());
        }
        long total = copied + page.updates().size();
        return next == null ? CompletableFuture.completedFuture(total)
                : next.thenComposeAsync(following -> writePages(source, table, piece, following, total), executor);
    }

    /** Asks {@code source} for the page of {@code part} of {@code piece} after {@code resumeAfter}. */
    private CompletableFuture<UpdatePage> page(NodeAddress source, TableMetadata table, TokenRange piece,
                                               PartitionKey resumeAfter, StreamMessage.Part part) {
        byte[] payload = new StreamMessage(table.tableId(), piece, resumeAfter, part).serialize();
        return messaging.request(source, Verb.STREAM, payload, timeout).thenApply(answer -> {
            if (answer == null) {
                throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms");
            }
            return StorageSerializers.deserializeUpdatePage(answer);
        });
    }
}
