package io.cairn.node.repair;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Throttle;
import io.cairn.node.messages.RepairFetchMessage;
import io.cairn.node.messages.RepairMarkMessage;
import io.cairn.node.messages.RepairTreeMessage;
import io.cairn.node.messages.RepairUnrepairedMessage;
import io.cairn.node.messages.RepairWriteMessage;
import io.cairn.node.messages.StreamMessage;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.ring.RingPieces;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;
import io.cairn.storage.wire.StorageSerializers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A repair run by one node (the coordinator, a replica itself) for the ranges it replicates, as
 * {@code nodetool repair} without {@code -pr}: for each table and each piece of the ring this node
 * replicates (cut at the ring's tokens, so one set of replicas holds it), every replica builds a
 * {@link HashTree} of its data there (a full repair), or of only the partitions some replica lists
 * as written since the piece's last repair (incremental: see {@link #incrementally}); the coordinator compares its own tree with
 * each other replica's, pulls the differing sub-ranges from that replica (once: a leaf two
 * replicas hash alike comes from the first) and merges them into its own data, then sends every
 * other replica the sub-ranges where it still differs from the merge. Every write is a merge that keeps the newer of each cell, so the
 * order does not matter, and afterwards the replicas hold the same data there.
 *
 * <p>One page (at most {@link #PAGE_PARTITIONS} partitions) is in flight at a time, so memory
 * stays bounded. Every replica of a piece must be up: a repair with a replica down fails saying
 * which, before anything moves; a replica that dies midway fails it too. What was merged before
 * then stays merged (it only adds what another replica had), and running it again finishes it.
 * A repair does not run while a range movement changes the ring.
 *
 * <p>Once a piece is synchronized, every replica records (REPAIR_MARK, durably) when the repair
 * started: every tombstone any replica held then is on all of them, and the purge sweep may drop
 * those deleted more than gc grace before (see {@link io.cairn.storage.RepairedRanges}).
 * Pages merged by a repair are synced, so a replica that crashes keeps what the mark says it
 * holds. The pages a node pulls and pushes are paced by its {@link Throttle}.
 */
public final class Repair {

    /** Partitions per page pulled or pushed. */
    static final int PAGE_PARTITIONS = 256;

    /**
     * What a repair did: the pieces of tables repaired, the partitions and bytes every replica
     * hashed (compared), the leaves found different (mismatches), and what was streamed in
     * (pulled) and out (pushed).
     */
    public record Result(int ranges, long partitionsHashed, long bytesHashed, long differingLeaves,
                         long partitionsReceived, long bytesReceived, long partitionsSent, long bytesSent) {

        /** This and {@code other} together. */
        public Result plus(Result other) {
            return new Result(ranges + other.ranges, partitionsHashed + other.partitionsHashed,
                    bytesHashed + other.bytesHashed, differingLeaves + other.differingLeaves,
                    partitionsReceived + other.partitionsReceived, bytesReceived + other.bytesReceived,
                    partitionsSent + other.partitionsSent, bytesSent + other.bytesSent);
        }

        /** Bytes streamed, in and out. */
        public long bytesStreamed() {
            return bytesReceived + bytesSent;
        }

        /** Nothing repaired yet. */
        public static final Result NONE = new Result(0, 0, 0, 0, 0, 0, 0, 0);
    }

    private final StorageEngine storage;
    private final MessagingService messaging;
    private final RepairReplica replica;
    private final Supplier<ClusterMetadata> metadata;
    private final Predicate<NodeAddress> alive;
    private final Duration timeout;
    private final Executor executor;
    private final NodeAddress self;
    private final Clock clock;
    private final Throttle throttle;
    private final java.util.function.UnaryOperator<List<TokenRange>> differing;
    private final java.util.function.IntPredicate lists;
    private final RepairStats stats;

    /**
     * @param alive            what the failure detector says of a node
     * @param timeout          how long a replica may take to answer a page
     * @param executor         where this node builds its trees and reads and writes its pages (never on
     *                         the messaging threads that deliver the answers)
     * @param throttle         paces the pages this node pulls and pushes (shared by its repairs)
     * @param differing        the sub-ranges found different on a replica that are synchronized (all of them,
     *                         but for a planted bug)
     * @param lists            which replicas' lists of unrepaired partitions an incremental repair compares, by
     *                         index (this node's 0): all, but for a planted bug
     * @param stats            where each piece repaired or failed is counted (the node's)
     */
    public Repair(StorageEngine storage, MessagingService messaging, RepairReplica replica,
                  Supplier<ClusterMetadata> metadata, Predicate<NodeAddress> alive, Duration timeout,
                  Executor executor, Clock clock, Throttle throttle,
                  java.util.function.UnaryOperator<List<TokenRange>> differing,
                  java.util.function.IntPredicate lists, RepairStats stats) {
        this.differing = Objects.requireNonNull(differing, "differing");
        this.lists = Objects.requireNonNull(lists, "lists");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.alive = Objects.requireNonNull(alive, "alive");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.self = messaging.localAddress();
    }

    /**
     * Repairs {@code tables} of {@code keyspace} in every piece of {@code ranges} this node
     * replicates (cut at the ring's tokens); incremental unless {@code full}. Fails
     * (IllegalStateException) saying why when a movement runs, when a replica is down, or when
     * one stops answering.
     */
    public CompletableFuture<Result> run(KeyspaceMetadata keyspace, Collection<TableMetadata> tables, boolean full,
                                         List<TokenRange> ranges) {
        ClusterMetadata planned = metadata.get();
        List<Supplier<CompletableFuture<Result>>> steps = new ArrayList<>();
        try {
            List<TokenRange> pieces = new ArrayList<>();
            for (TokenRange range : ranges) {
                pieces.addAll(RingPieces.of(range, planned.ring().tokens()));
            }
            for (TokenRange piece : pieces) {
                List<NodeAddress> others = othersOf(planned, keyspace, piece);
                if (others == null) {
                    continue;
                }
                for (TableMetadata table : tables) {
                    steps.add(() -> unchangedSince(planned).thenCompose(same -> repairPiece(table, piece, others,
                                    planned, full))
                            .thenApply(result -> {
                                stats.progressed(result);
                                return result;
                            }));
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        stats.planned(steps.size());
        return inTurn(steps, 0, Result.NONE);
    }

    /**
     * Repairs {@code table} of {@code keyspace} in {@code piece} (one piece of the ring, as
     * {@link RingPieces} cuts it), which this node replicates: what automatic repair runs. A piece
     * with one replica has nothing to compare and is marked repaired at once. Fails like {@link #run}.
     */
    public CompletableFuture<Result> runPiece(KeyspaceMetadata keyspace, TableMetadata table, TokenRange piece,
                                              boolean full) {
        ClusterMetadata planned = metadata.get();
        List<NodeAddress> others;
        try {
            others = othersOf(planned, keyspace, piece);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (others == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Node " + self + " does not replicate "
                    + piece + " of keyspace " + keyspace.name()));
        }
        return repairPiece(table, piece, others, planned, full);
    }

    /**
     * The replicas of {@code piece} other than this node, or null when this node does not
     * replicate it; throws (IllegalStateException, saying why) when a movement runs or one of
     * them is down, and for a keyspace local to each node.
     */
    private List<NodeAddress> othersOf(ClusterMetadata planned, KeyspaceMetadata keyspace, TokenRange piece) {
        if (planned.movement() != null) {
            throw new IllegalStateException("The " + planned.movement().kind()
                    + " of node " + planned.movement().node() + " is under way (at " + planned.movement().step()
                    + "): repair runs once the ring is settled. Run it again when it has finished");
        }
        if (SystemKeyspaces.isLocal(keyspace.name())) {
            throw new IllegalArgumentException("Keyspace " + keyspace.name()
                    + " is local to each node: there is nothing to repair");
        }
        List<NodeAddress> replicas = planned.ring().replicasFor(keyspace, piece.end());
        if (!replicas.contains(self)) {
            return null;
        }
        List<NodeAddress> others = replicas.stream().filter(node -> !node.equals(self)).toList();
        List<NodeAddress> down = others.stream().filter(node -> !alive.test(node)).toList();
        if (!down.isEmpty()) {
            throw new IllegalStateException("Replica " + down + " of keyspace "
                    + keyspace.name() + " in " + piece + " is down: repair compares every replica. Bring it "
                    + "back, or remove it (removenode), and run the repair again");
        }
        return others;
    }

    /**
     * Completes when the ring is still the one {@code planned} placed data by (no movement since,
     * no change of placements), else fails: the replicas of the pieces left may have changed.
     */
    private CompletableFuture<Void> unchangedSince(ClusterMetadata planned) {
        ClusterMetadata now = metadata.get();
        if (now.movement() != null || now.placementsModified().isAfter(planned.placementsModified())) {
            return CompletableFuture.failedFuture(new IllegalStateException("The ring changed during the repair "
                    + "planned at " + planned.epoch() + " (now at " + now.epoch() + "): the replicas of the ranges "
                    + "left may be others. What was repaired stays repaired; run it again"));
        }
        return CompletableFuture.completedFuture(null);
    }

    private static CompletableFuture<Result> inTurn(List<Supplier<CompletableFuture<Result>>> steps, int next,
                                                    Result done) {
        if (next == steps.size()) {
            return CompletableFuture.completedFuture(done);
        }
        return steps.get(next).get().thenCompose(result -> inTurn(steps, next + 1, done.plus(result)));
    }

    /** Repairs {@code table} in {@code piece} between this node and {@code others}. */
    private CompletableFuture<Result> repairPiece(TableMetadata table, TokenRange piece, List<NodeAddress> others,
                                                  ClusterMetadata planned, boolean full) {
        return synchronizeAndMark(table, piece, others, planned, full).whenComplete((result, failure) -> {
            if (failure == null) {
                stats.repaired(table.tableId(), result);
            } else {
                stats.failed(table.tableId());
            }
        });
    }

    /**
     * Synchronizes the piece, then marks it repaired, unless the ring changed since
     * {@code planned}: a node that joined or took over the piece meanwhile copied it from one
     * replica, perhaps before this repair brought that replica a tombstone, and the others must
     * not purge it on the strength of this repair.
     */
    private CompletableFuture<Result> synchronizeAndMark(TableMetadata table, TokenRange piece,
                                                         List<NodeAddress> others, ClusterMetadata planned,
                                                         boolean full) {
        // Every tombstone a replica held when its tree was built (after this) is on every
        // replica once the piece is synchronized.
        long repairedAt = clock.currentTimeSeconds();
        if (others.isEmpty()) {
            return CompletableFuture.supplyAsync(() -> {
                long highWater = storage.unrepairedHighWater();
                replica.mark(new RepairMarkMessage(table.tableId(), piece, repairedAt, highWater));
                return new Result(1, 0, 0, 0, 0, 0, 0, 0);
            }, executor);
        }
        // An incremental repair compares the whole piece when a replica (this one included)
        // never repaired it: see RepairReplica#unrepaired.
        CompletableFuture<Synchronized> synchronize = full ? fully(table, piece, others)
                : incrementally(table, piece, others);
        return synchronize.thenCompose(done -> unchangedSince(planned)
                .thenCompose(same -> mark(table, piece, others, repairedAt, done.highWaters()))
                .thenApply(marked -> done.result()));
    }

    /**
     * A piece synchronized: what it took, and each replica's unrepaired high water (this node's
     * first) taken before it was read, up to which its unrepaired partitions were compared.
     */
    private record Synchronized(Result result, List<Long> highWaters) {
    }

    /** Compares every partition of the piece. */
    private CompletableFuture<Synchronized> fully(TableMetadata table, TokenRange piece, List<NodeAddress> others) {
        return compare(table, piece, others, null).thenComposeAsync(trees -> synchronize(table, piece, others,
                trees, null).thenApply(result -> new Synchronized(result, trees.highWaters())), executor);
    }

    /**
     * Compares only the partitions some replica wrote since the piece's last repair (the
     * others were the same on every replica then and written nowhere since), or every partition
     * when they are more than {@link RepairTreeMessage#MAX_PARTITIONS}.
     */
    private CompletableFuture<Synchronized> incrementally(TableMetadata table, TokenRange piece,
                                                          List<NodeAddress> others) {
        return listUnrepaired(table, piece, others).thenCompose(listed -> {
            java.util.TreeSet<PartitionKey> union = new java.util.TreeSet<>();
            List<Long> highWaters = new ArrayList<>();
            long bytes = 0;
            for (int i = 0; i < listed.size(); i++) {
                RepairUnrepairedMessage.Answer list = listed.get(i);
                highWaters.add(list.highWater());
                if (list.partitions() == null) {
                    // A replica cannot say what changed there: the whole piece is compared.
                    return fully(table, piece, others);
                }
                if (lists.test(i)) {
                    for (PartitionKey partition : list.partitions()) {
                        if (union.add(partition)) {
                            bytes += RepairTreeMessage.bytesOf(partition);
                        }
                    }
                }
                if (union.size() > RepairTreeMessage.MAX_PARTITIONS || bytes > RepairTreeMessage.MAX_PARTITION_BYTES) {
                    return fully(table, piece, others);
                }
            }
            if (union.isEmpty()) {
                return CompletableFuture.completedFuture(new Synchronized(new Result(1, 0, 0, 0, 0, 0, 0, 0),
                        highWaters));
            }
            return compare(table, piece, others, union).thenComposeAsync(trees -> synchronize(table, piece,
                    others, trees, union).thenApply(result -> new Synchronized(result, highWaters)), executor);
        });
    }

    /** This node's list of unrepaired partitions of the piece and each other replica's, in that order. */
    private CompletableFuture<List<RepairUnrepairedMessage.Answer>> listUnrepaired(TableMetadata table,
                                                                                   TokenRange piece,
                                                                                   List<NodeAddress> others) {
        CompletableFuture<List<RepairUnrepairedMessage.Answer>> all = CompletableFuture.supplyAsync(() ->
                List.of(replica.unrepaired(table.tableId(), piece)), executor);
        byte[] request = new RepairUnrepairedMessage(table.tableId(), piece).serialize();
        for (NodeAddress other : others) {
            CompletableFuture<RepairUnrepairedMessage.Answer> list = ask(other, Verb.REPAIR_UNREPAIRED, request,
                    SHORT_TREE_WAIT, TREE_TRIES).thenApply(answer -> {
                        if (answer == null || java.util.Arrays.equals(answer, RepairReplica.COULD_NOT)) {
                            throw new IllegalStateException("Replica " + other + " sent no list of the unrepaired "
                                    + "partitions of " + table + " in " + piece + (answer == null ? " within "
                                    + SHORT_TREE_WAIT.toSeconds() + " s, " + TREE_TRIES + " times"
                                    : " (its log says why)"));
                        }
                        return RepairUnrepairedMessage.readAnswer(answer, piece);
                    });
            all = all.thenCombine(list, (before, next) -> {
                List<RepairUnrepairedMessage.Answer> more = new ArrayList<>(before);
                more.add(next);
                return more;
            });
        }
        return all;
    }

    /**
     * Records on this node and on each of {@code others} that {@code piece} of {@code table} was
     * repaired by a repair that started at {@code repairedAt}, and clears the partitions each
     * listed as unrepaired up to its high water ({@code highWaters}, this node's first); fails
     * when a replica does not record it (the data stays repaired; the next repair marks it).
     */
    private CompletableFuture<Void> mark(TableMetadata table, TokenRange piece, List<NodeAddress> others,
                                         long repairedAt, List<Long> highWaters) {
        CompletableFuture<Void> all = CompletableFuture.runAsync(() -> replica.mark(new RepairMarkMessage(
                table.tableId(), piece, repairedAt, highWaters.get(0))), executor);
        for (int i = 0; i < others.size(); i++) {
            NodeAddress other = others.get(i);
            byte[] request = new RepairMarkMessage(table.tableId(), piece, repairedAt,
                    highWaters.get(i + 1)).serialize();
            all = all.thenCombine(messaging.request(other, Verb.REPAIR_MARK, request, timeout), (done, answer) -> {
                if (answer == null || !java.util.Arrays.equals(answer, RepairReplica.MERGED)) {
                    throw new IllegalStateException("Replica " + other + " did not record the repair of " + table
                            + " in " + piece + (answer == null ? " within " + timeout.toMillis() + " ms"
                            : " (its log says why)") + "; its data is repaired, and the next repair marks it");
                }
                return null;
            });
        }
        return all;
    }

    /**
     * Pulls into this node what {@code sources} hold of {@code table} in {@code piece} that it
     * lacks or holds older: their hash trees are compared with its own, and only the leaves that
     * differ are streamed and merged here (nothing is sent to them). What a node that copied a
     * range from one replica uses to merge in the others' (a replace, a removenode) without
     * streaming all of their data again. Completes with what it received; fails like a repair
     * when a source does not answer (each tree is waited for as a repair waits, {@link #treeWait}).
     */
    public CompletableFuture<Result> pullDifferences(TableMetadata table, TokenRange piece, List<NodeAddress> sources) {
        if (sources.isEmpty()) {
            return CompletableFuture.completedFuture(Result.NONE);
        }
        return compare(table, piece, sources, null).thenComposeAsync(trees -> {
            Pulls pulls = pulls(table, sources, trees.own(), trees.theirs(), null);
            return inTurn(pulls.steps(), 0, pulls.compared());
        }, executor);
    }

    /**
     * This node's hash tree of a piece and each other replica's, in the order asked, and each
     * one's unrepaired high water before it was built (this node's first).
     */
    private record Trees(HashTree own, List<HashTree> theirs, List<Long> highWaters) {
    }

    /** The shortest wait for a replica's tree. */
    static final Duration SHORT_TREE_WAIT = Duration.ofSeconds(30);

    /** How many partitions a replica is expected to hash a second at least. */
    static final long TREE_PARTITIONS_PER_SECOND = 5_000;

    /** How many times a replica is asked for its tree. */
    static final int TREE_TRIES = 3;

    /**
     * How long to wait for a replica's tree of a piece where this node holds {@code estimate}
     * partitions (the replica holds about as many): {@link #SHORT_TREE_WAIT} and a second per
     * {@link #TREE_PARTITIONS_PER_SECOND}. A lost message or a dead replica costs
     * {@link #TREE_TRIES} such waits, not a long one.
     */
    private static Duration treeWait(long estimate) {
        return SHORT_TREE_WAIT.plusSeconds(estimate / TREE_PARTITIONS_PER_SECOND);
    }

    /**
     * Builds this node's tree of {@code table} in {@code piece} (of {@code partitions} only, when
     * not null) and asks each of {@code others} for theirs, waiting {@link #treeWait} of this
     * node's partition estimate there for an answer, at most {@link #TREE_TRIES} times.
     */
    private CompletableFuture<Trees> compare(TableMetadata table, TokenRange piece, List<NodeAddress> others,
                                             java.util.SortedSet<PartitionKey> partitions) {
        int tries = TREE_TRIES;
        List<PartitionKey> listed = partitions == null ? null : List.copyOf(partitions);
        return CompletableFuture.supplyAsync(() -> {
            long estimate = listed != null ? listed.size() : storage.estimateSize(table.tableId(), piece).partitions();
            RepairReplica.DurableTree built = replica.durableTree(table.tableId(), piece,
                    HashTree.leavesFor(estimate), listed);
            return new OwnTree(built.tree(), treeWait(estimate), built.highWater());
        }, executor).thenCompose(built -> {
            HashTree own = built.tree();
            Duration treeWait = built.treeWait();
            List<CompletableFuture<TheirTree>> trees = new ArrayList<>();
            byte[] request = new RepairTreeMessage(table.tableId(), piece, own.leaves(), listed).serialize();
            for (NodeAddress other : others) {
                trees.add(ask(other, Verb.REPAIR_TREE, request, treeWait, tries).thenApply(answer -> {
                    if (answer == null) {
                        throw new IllegalStateException("Replica " + other + " sent no hash tree of " + table
                                + " in " + piece + " (it refused, could not be reached, or did not answer within "
                                + treeWait.toSeconds() + " s, " + tries + (tries == 1 ? " time)" : " times)"));
                    }
                    if (java.util.Arrays.equals(answer, RepairReplica.COULD_NOT)) {
                        throw new IllegalStateException("Replica " + other + " could not build its hash tree of "
                                + table + " in " + piece + " (its log says why)");
                    }
                    RepairTreeMessage.Answer read = RepairTreeMessage.readAnswer(answer);
                    HashTree tree = HashTree.deserialize(read.tree());
                    if (!tree.range().equals(piece) || tree.leaves() != own.leaves()) {
                        throw new IllegalStateException("Replica " + other + " sent the tree of " + tree.range()
                                + " with " + tree.leaves() + " leaves, not of " + piece + " with " + own.leaves());
                    }
                    return new TheirTree(tree, read.highWater());
                }));
            }
            CompletableFuture<Trees> all = CompletableFuture.completedFuture(
                    new Trees(own, List.of(), List.of(built.highWater())));
            for (CompletableFuture<TheirTree> tree : trees) {
                all = all.thenCombine(tree, (before, next) -> {
                    List<HashTree> theirs = new ArrayList<>(before.theirs());
                    theirs.add(next.tree());
                    List<Long> highWaters = new ArrayList<>(before.highWaters());
                    highWaters.add(next.highWater());
                    return new Trees(own, theirs, highWaters);
                });
            }
            return all;
        });
    }

    /** Another replica's tree of a piece, and its high water before it. */
    private record TheirTree(HashTree tree, long highWater) {
    }

    /** This node's tree of a piece, how long to wait for the others', and its high water before it. */
    private record OwnTree(HashTree tree, Duration treeWait, long highWater) {
    }

    /** Asks {@code other}, again when no answer came in {@code wait}, at most {@code tries} times. */
    private CompletableFuture<byte[]> ask(NodeAddress other, Verb verb, byte[] request, Duration wait, int tries) {
        return messaging.request(other, verb, request, wait).thenCompose(answer ->
                answer != null || tries <= 1 ? CompletableFuture.completedFuture(answer)
                        : ask(other, verb, request, wait, tries - 1));
    }

    /**
     * What comparing {@code own} with each other replica's tree found: the counts, the leaves
     * where any differs, and a pull of each differing leaf from the replica it differs on.
     */
    private record Pulls(Result compared, BitSet anyDiffers, List<Supplier<CompletableFuture<Result>>> steps) {
    }

    private Pulls pulls(TableMetadata table, List<NodeAddress> others, HashTree own, List<HashTree> theirs,
                        java.util.NavigableSet<PartitionKey> partitions) {
        long differingLeaves = 0;
        long hashed = own.partitions();
        long hashedBytes = own.bytes();
        BitSet anyDiffers = new BitSet(own.leaves());
        List<Supplier<CompletableFuture<Result>>> steps = new ArrayList<>();
        List<BitSet> pulledFrom = new ArrayList<>();
        for (int i = 0; i < others.size(); i++) {
            HashTree tree = theirs.get(i);
            hashed += tree.partitions();
            hashedBytes += tree.bytes();
            BitSet leaves = own.differingLeaves(tree);
            differingLeaves += leaves.cardinality();
            anyDiffers.or(leaves);
            // A leaf already pulled from a replica whose hash of it is this one's holds the same
            // data here: it is pulled once, not from every replica that has it.
            BitSet pull = (BitSet) leaves.clone();
            for (int j = 0; j < i; j++) {
                BitSet same = (BitSet) pulledFrom.get(j).clone();
                same.andNot(theirs.get(j).differingLeaves(tree));
                pull.andNot(same);
            }
            pulledFrom.add(pull);
            NodeAddress other = others.get(i);
            for (TokenRange range : differing.apply(own.ranges(pull))) {
                if (partitions == null) {
                    steps.add(() -> pull(other, table, range, null, Result.NONE));
                } else {
                    for (List<PartitionKey> chunk : chunks(within(partitions, range))) {
                        steps.add(() -> fetch(other, table, chunk));
                    }
                }
            }
        }
        return new Pulls(new Result(1, hashed, hashedBytes, differingLeaves, 0, 0, 0, 0), anyDiffers, steps);
    }

    /** Pulls what each other replica has that differs, then pushes the merged data where any tree differed. */
    private CompletableFuture<Result> synchronize(TableMetadata table, TokenRange piece, List<NodeAddress> others,
                                                  Trees trees, java.util.NavigableSet<PartitionKey> partitions) {
        HashTree own = trees.own();
        List<HashTree> theirs = trees.theirs();
        Pulls pulls = pulls(table, others, own, theirs, partitions);
        BitSet anyDiffers = pulls.anyDiffers();
        if (anyDiffers.isEmpty()) {
            return CompletableFuture.completedFuture(pulls.compared());
        }
        return inTurn(pulls.steps(), 0, pulls.compared()).thenComposeAsync(pulled -> {
            // Where any tree differed, this node now holds the merge of every replica's data. Each
            // other replica gets the leaves where it still differs from that merge, and only those.
            HashTree merged = mergedTree(table, own, anyDiffers, partitions);
            List<Supplier<CompletableFuture<Result>>> pushes = new ArrayList<>();
            for (int i = 0; i < others.size(); i++) {
                NodeAddress other = others.get(i);
                for (TokenRange range : differing.apply(own.ranges(merged.differingLeaves(theirs.get(i), anyDiffers)))) {
                    if (partitions == null) {
                        pushes.add(() -> push(other, table, range, null, Result.NONE));
                    } else {
                        for (List<PartitionKey> chunk : chunks(within(partitions, range))) {
                            pushes.add(() -> send(other, table, chunk));
                        }
                    }
                }
            }
            return inTurn(pushes, 0, pulled);
        }, executor);
    }

    /**
     * A tree like {@code own}, of this node's data now (of {@code partitions} only, when not
     * null), with only the leaves of {@code leaves} filled in.
     */
    private HashTree mergedTree(TableMetadata table, HashTree own, BitSet leaves,
                                java.util.NavigableSet<PartitionKey> partitions) {
        HashTree.Builder tree = HashTree.builder(own.range(), own.leaves());
        for (TokenRange range : own.ranges(leaves)) {
            if (partitions == null) {
                replica.hashInto(tree, table.tableId(), range);
            } else {
                replica.hashInto(tree, table.tableId(), within(partitions, range));
            }
        }
        return tree.build();
    }

    /** The partitions of {@code partitions} in {@code range}, in order. */
    private static List<PartitionKey> within(java.util.NavigableSet<PartitionKey> partitions, TokenRange range) {
        List<PartitionKey> in = new ArrayList<>();
        for (PartitionKey partition : partitions.tailSet(new PartitionKey(range.start(), new byte[0]), true)) {
            if (partition.token() > range.end()) {
                break;
            }
            if (range.contains(partition.token())) {
                in.add(partition);
            }
        }
        return in;
    }

    /** {@code partitions} cut into lists of at most {@link RepairFetchMessage#MAX_PARTITIONS}. */
    private static List<List<PartitionKey>> chunks(List<PartitionKey> partitions) {
        List<List<PartitionKey>> chunks = new ArrayList<>();
        for (int from = 0; from < partitions.size(); from += RepairFetchMessage.MAX_PARTITIONS) {
            chunks.add(partitions.subList(from, Math.min(partitions.size(), from + RepairFetchMessage.MAX_PARTITIONS)));
        }
        return chunks;
    }

    /** Fetches {@code partitions} of {@code table} from {@code source} and merges them here. */
    private CompletableFuture<Result> fetch(NodeAddress source, TableMetadata table, List<PartitionKey> partitions) {
        byte[] request = new RepairFetchMessage(table.tableId(), partitions).serialize();
        return messaging.request(source, Verb.REPAIR_FETCH, request, timeout).thenApplyAsync(answer -> {
            if (answer == null || java.util.Arrays.equals(answer, RepairReplica.COULD_NOT)) {
                throw new IllegalStateException("Replica " + source + " sent no data of " + partitions.size()
                        + " partitions of " + table + (answer == null ? " within " + timeout.toMillis() + " ms"
                        : " (its log says why)"));
            }
            UpdatePage page = StorageSerializers.deserializeUpdatePage(answer);
            RepairReplica.merge(storage, table.tableId(), page.updates());
            return new Received(page, answer.length);
        }, executor).thenCompose(received -> throttle.pace(received.bytes()).thenApply(paced -> new Result(0, 0, 0,
                0, received.page().updates().size(), received.bytes(), 0, 0)));
    }

    /** Sends this node's data of {@code partitions} of {@code table} to {@code target}, which merges it. */
    private CompletableFuture<Result> send(NodeAddress target, TableMetadata table, List<PartitionKey> partitions) {
        return CompletableFuture.supplyAsync(() -> replica.fetch(table.tableId(), partitions), executor)
                .thenCompose(updates -> {
                    if (updates.isEmpty()) {
                        return CompletableFuture.completedFuture(Result.NONE);
                    }
                    byte[] write = new RepairWriteMessage(table.tableId(), updates).serialize();
                    return throttle.pace(write.length).thenCompose(paced ->
                            messaging.request(target, Verb.REPAIR_WRITE, write, timeout)).thenApply(answer -> {
                                if (answer == null || !java.util.Arrays.equals(answer, RepairReplica.MERGED)) {
                                    throw new IllegalStateException("Replica " + target + " did not merge "
                                            + updates.size() + " partitions of " + table + (answer == null
                                            ? " within " + timeout.toMillis() + " ms" : " (its log says why)"));
                                }
                                return new Result(0, 0, 0, 0, 0, 0, updates.size(), write.length);
                            });
                });
    }

    /** A page read from a replica, and its size on the wire. */
    private record Received(UpdatePage page, int bytes) {
    }

    /** Pulls {@code range} of {@code table} from {@code source} page by page and merges each page here. */
    private CompletableFuture<Result> pull(NodeAddress source, TableMetadata table, TokenRange range,
                                           PartitionKey resumeAfter, Result done) {
        byte[] request = new StreamMessage(table.tableId(), range, resumeAfter).serialize();
        return messaging.request(source, Verb.STREAM, request, timeout).thenApplyAsync(answer -> {
            if (answer == null) {
                throw new IllegalStateException("Replica " + source + " sent no page of " + table + " in " + range
                        + " within " + timeout.toMillis() + " ms");
            }
            UpdatePage page = StorageSerializers.deserializeUpdatePage(answer);
            RepairReplica.merge(storage, table.tableId(), page.updates());
            return new Received(page, answer.length);
        }, executor).thenCompose(received -> {
            UpdatePage page = received.page();
            Result now = done.plus(new Result(0, 0, 0, 0, page.updates().size(), received.bytes(), 0, 0));
            return page.resumeAfter() == null ? CompletableFuture.completedFuture(now)
                    : throttle.pace(received.bytes()).thenCompose(paced ->
                            pull(source, table, range, page.resumeAfter(), now));
        });
    }

    /** Sends {@code range} of {@code table} as stored here to {@code target}, page by page. */
    private CompletableFuture<Result> push(NodeAddress target, TableMetadata table, TokenRange range,
                                           PartitionKey resumeAfter, Result done) {
        return CompletableFuture.supplyAsync(() -> {
            UpdatePage exported = storage.export(table.tableId(), range, resumeAfter, PAGE_PARTITIONS);
            storage.sync();   // the target merges it unlisted: it must not outlive this node's copy
            return exported;
        }, executor).thenCompose(page -> {
            if (page.updates().isEmpty()) {
                return CompletableFuture.completedFuture(done);
            }
            byte[] write = new RepairWriteMessage(table.tableId(), page.updates()).serialize();
            Result now = done.plus(new Result(0, 0, 0, 0, 0, 0, page.updates().size(), write.length));
            return throttle.pace(write.length).thenCompose(paced ->
                    messaging.request(target, Verb.REPAIR_WRITE, write, timeout)).thenCompose(answer -> {
                if (answer == null || !java.util.Arrays.equals(answer, RepairReplica.MERGED)) {
                    throw new IllegalStateException("Replica " + target + " did not merge a page of " + table
                            + " in " + range + (answer == null ? " within " + timeout.toMillis() + " ms"
                            : " (its log says why)"));
                }
                return page.resumeAfter() == null ? CompletableFuture.completedFuture(now)
                        : push(target, table, range, page.resumeAfter(), now);
            });
        });
    }
}
