package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.concurrent.Futures;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.node.index.IndexScanner;
import io.cairn.node.messages.IndexExpression;
import io.cairn.node.messages.RangeReadMessage;
import io.cairn.node.ring.PlanEpochs;
import io.cairn.node.ring.RingPieces;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.tracing.Trace;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;
import io.cairn.storage.engine.MergedPartitions;
import io.cairn.storage.wire.StorageSerializers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Range reads walk the ring: the requested range is cut at the ring's tokens (consecutive pieces
 * the same replicas hold are read as one), and the pieces are read in token order until the
 * filter's row limit is reached. Each piece is read from as
 * many replicas as the consistency level needs, compared, and reconciled (with read repair)
 * when they differ. A piece refused as planned at a stale epoch is cut and planned again, from
 * where the scan has reached, once this node has caught up.
 */
final class RangeReadPath {

    private final StorageEngine storage;
    private final Topology topology;
    private final ReplicaReads reads;
    private final ReadRepair repair;
    private final Scheduler scheduler;
    private final Duration readTimeout;
    /** This node's reads through secondary indexes; null: it filters a scan instead. */
    private final IndexScanner indexes;
    /**
     * Where this node's part of a search for nearest neighbours runs: it computes thousands of
     * similarities, which would hold up the thread that asked (a connection's event loop).
     */
    private final java.util.concurrent.Executor searches;

    RangeReadPath(StorageEngine storage, Topology topology, ReplicaReads reads, ReadRepair repair,
                  Scheduler scheduler, Duration readTimeout, IndexScanner indexes,
                  java.util.concurrent.Executor searches) {
        this.storage = storage;
        this.indexes = indexes;
        this.searches = searches;
        this.topology = topology;
        this.reads = reads;
        this.repair = repair;
        this.scheduler = scheduler;
        this.readTimeout = readTimeout;
    }

    /**
     * Completes with the page (with {@code index}, of the rows that hold it), or fails with the
     * protocol's error; records its steps in {@code trace}.
     */
    CompletableFuture<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                     ReadFilter filter, ConsistencyLevel consistency, IndexExpression index,
                                     Trace trace) {
        // Read before the pieces are cut: every piece's replicas come from this epoch or a later one.
        long planEpoch = topology.epoch();
        List<Long> tokens = topology.ringTokens();
        try {
            if (tokens.isEmpty()) {
                ConsistencyPlan.checkAvailable(consistency, table.keyspace(),
                        topology.replicasFor(table.keyspace(), range.start()), topology, false);
                return CompletableFuture.completedFuture(localScan(table, range, resumeAfter, filter, index));
            }
            List<TokenRange> pieces = merged(table.keyspace(), RingPieces.of(range, tokens));
            if (trace.isOn()) {
                trace.event("Reading a range of " + table.keyspace() + "." + table.name() + " at " + consistency
                        + ": " + pieces.size() + " pieces of the ring, in order");
            }
            return scanPieces(table, pieces, 0, resumeAfter, filter, consistency, index,
                    new ArrayList<>(), 0, planEpoch, 0, trace);
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The pieces, each run of consecutive ones that the same replicas hold read as one: one
     * request per replica where a piece per ring token would take many (on one node, or when
     * every node holds everything, the whole range is one piece).
     */
    private List<TokenRange> merged(String keyspace, List<TokenRange> pieces) {
        List<TokenRange> merged = new ArrayList<>(pieces.size());
        java.util.Set<NodeAddress> previous = null;
        for (TokenRange piece : pieces) {
            java.util.Set<NodeAddress> replicas = new java.util.HashSet<>(topology.replicasFor(keyspace, piece.end()));
            if (replicas.equals(previous)) {
                TokenRange last = merged.remove(merged.size() - 1);
                merged.add(new TokenRange(last.start(), last.startInclusive(), piece.end(), piece.endInclusive()));
            } else {
                merged.add(piece);
                previous = replicas;
            }
        }
        return merged;
    }

    private static boolean isSearch(IndexExpression index) {
        return index != null && index.operator() == IndexExpression.Operator.ANN;
    }

    /** This node's page of a range (with {@code index}, of the rows that hold it). */
    private ScanPage localScan(TableMetadata table, TokenRange range, ScanPosition from, ReadFilter filter,
                               IndexExpression index) {
        if (index == null) {
            return storage.scan(table.tableId(), range, from, filter);
        }
        return indexes != null ? indexes.scan(table, range, from, filter, index)
                : IndexScanner.matcher(table, index).filter(storage.scan(table.tableId(), range, from, filter));
    }

    /**
     * Reads the ring pieces from {@code index} on, one after the other, adding their partitions
     * to {@code partitions} ({@code rows} rows so far) until the row limit or a truncated page.
     * {@code epochRetries} counts how often the piece at {@code index} was planned again.
     */
    private CompletableFuture<ScanPage> scanPieces(TableMetadata table, List<TokenRange> pieces, int index,
                                                   ScanPosition resumeAfter, ReadFilter filter,
                                                   ConsistencyLevel consistency, IndexExpression expression,
                                                   List<PartitionData> partitions,
                                                   int rows, long planEpoch, int epochRetries, Trace trace) {
        int at = index;
        while (at < pieces.size() && resumeAfter != null && resumeAfter.partition().token() > pieces.get(at).end()) {
            at++;
        }
        if (at == pieces.size()) {
            return CompletableFuture.completedFuture(new ScanPage(partitions, null));
        }
        TokenRange piece = pieces.get(at);
        ScanPosition from = resumeAfter != null && piece.contains(resumeAfter.partition().token()) ? resumeAfter
                : null;
        List<NodeAddress> replicas = topology.replicasFor(table.keyspace(), piece.end());
        ConsistencyPlan.checkAvailable(consistency, table.keyspace(), replicas, topology, false);
        int blockFor = new ResponseTracker(consistency, table.keyspace(), List.of(), replicas, topology).blockFor();
        List<NodeAddress> ordered = reads.readOrder(replicas);
        List<NodeAddress> targets = consistency == ConsistencyLevel.EACH_QUORUM ? ordered
                : ordered.subList(0, Math.min(ordered.size(), blockFor));
        ReadFilter pieceFilter = filter.withRowLimit(Math.max(1, filter.rowLimit() - rows));
        int next = at + 1;
        boolean mayPlanAgain = epochRetries < ReadPath.MAX_EPOCH_RETRIES;
        return scanPiece(table, targets, ordered.subList(targets.size(), ordered.size()), piece, from, pieceFilter,
                consistency, expression, blockFor, planEpoch, mayPlanAgain, trace).thenCompose(page -> {
                    if (page == null) {
                        return planAgain(table, pieces, piece, resumeAfter, filter, consistency, expression,
                                partitions, rows, planEpoch, epochRetries, trace);
                    }
                    partitions.addAll(page.partitions());
                    int total = rows;
                    for (PartitionData data : page.partitions()) {
                        total += Math.max(1, data.rows().size());
                    }
                    if (page.hasMorePages()) {
                        return CompletableFuture.completedFuture(new ScanPage(partitions, page.next()));
                    }
                    if (total >= filter.rowLimit() && !partitions.isEmpty()) {
                        return CompletableFuture.completedFuture(new ScanPage(partitions,
                                new ScanPosition(partitions.get(partitions.size() - 1).key(), null)));
                    }
                    return scanPieces(table, pieces, next, resumeAfter, filter, consistency, expression, partitions,
                            total, planEpoch, 0, trace);
                });
    }

    /**
     * A replica refused {@code piece} as planned at a stale epoch: once this node has a newer
     * one, the rest of the range, from the piece's start on, is cut at the new ring's tokens
     * and read on. What the scan has gathered so far stays.
     */
    private CompletableFuture<ScanPage> planAgain(TableMetadata table, List<TokenRange> pieces, TokenRange piece,
                                                  ScanPosition resumeAfter, ReadFilter filter,
                                                  ConsistencyLevel consistency, IndexExpression expression,
                                                  List<PartitionData> partitions,
                                                  int rows, long planEpoch, int epochRetries, Trace trace) {
        TokenRange last = pieces.get(pieces.size() - 1);
        TokenRange rest = new TokenRange(piece.start(), piece.startInclusive(), last.end(), last.endInclusive());
        return PlanEpochs.newerThan(topology, scheduler, planEpoch, readTimeout).thenCompose(ignored -> {
            long epoch = topology.epoch();
            List<Long> tokens = topology.ringTokens();
            if (tokens.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "the ring has no tokens at epoch " + epoch + " while a range read was under way"));
            }
            try {
                return scanPieces(table, merged(table.keyspace(), RingPieces.of(rest, tokens)), 0, resumeAfter, filter,
                        consistency, expression,
                        partitions, rows, epoch, epochRetries + 1, trace);
            } catch (CqlException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** Sends one replica's read of a range piece in a round; a failure moves to a spare replica. */
    private void sendRange(ReadRound round, TableMetadata table, NodeAddress replica, TokenRange piece,
                           ScanPosition from, ReadFilter filter, IndexExpression index, byte[] payload, Trace trace) {
        if (reads.isSelf(replica)) {
            if (trace.isOn()) {
                trace.event("Reading the range " + piece + " of " + table.name() + " from this node");
            }
            if (isSearch(index)) {
                searches.execute(() -> {
                    byte[] page;
                    try {
                        page = StorageSerializers.serialize(localScan(table, piece, from, filter, index));
                    } catch (RuntimeException e) {
                        // Failed here: a spare replica, if one is left, is asked instead.
                        NodeAddress instead = round.answered(replica, true, null);
                        if (instead != null) {
                            sendRange(round, table, instead, piece, from, filter, index, payload, trace);
                        }
                        return;
                    }
                    round.answered(replica, true, page);
                });
                return;
            }
            round.answered(replica, true, StorageSerializers.serialize(localScan(table, piece, from, filter, index)));
            return;
        }
        Verb verb = index == null ? Verb.RANGE_READ : Verb.INDEX_READ;
        reads.whenAnswered(reads.request(replica, verb, payload, round.planEpoch(), round, trace), round,
                replica, true, reads.rangeLatencies(table),
                instead -> sendRange(round, table, instead, piece, from, filter, index, payload, trace));
    }

    /**
     * One page of one ring piece, read from each of {@code targets} (as many replicas as the
     * level needs). When their pages differ, the partitions they returned (up to where the
     * first truncated page ends) are reconciled and repaired one by one, and the page is cut
     * again from the reconciled data, with storage's own paging rules. Completes with null
     * when too few replicas answered because one refused the plan's epoch as stale and
     * {@code mayPlanAgain}: the caller plans the piece again.
     */
    private CompletableFuture<ScanPage> scanPiece(TableMetadata table, List<NodeAddress> targets,
                                                  List<NodeAddress> spares, TokenRange piece, ScanPosition from,
                                                  ReadFilter filter, ConsistencyLevel consistency,
                                                  IndexExpression index, int blockFor,
                                                  long planEpoch, boolean mayPlanAgain, Trace trace) {
        if (targets.size() == 1 && reads.isSelf(targets.get(0))) {
            if (trace.isOn()) {
                trace.event("Reading the range " + piece + " of " + table.name() + " from this node");
            }
            if (isSearch(index)) {
                return CompletableFuture.supplyAsync(() -> localScan(table, piece, from, filter, index), searches);
            }
            return CompletableFuture.completedFuture(localScan(table, piece, from, filter, index));
        }
        byte[] payload = new RangeReadMessage(table.tableId(), piece, from, filter, index).serialize();
        int needed = targets.size();
        ReadRound round = new ReadRound(needed, needed, spares, planEpoch);
        for (NodeAddress target : targets) {
            sendRange(round, table, target, piece, from, filter, index, payload, trace);
        }
        Scheduler.Cancellable speculation = spares.isEmpty() ? null : reads.speculate(round, table,
                reads.rangeLatencies(table), extra -> sendRange(round, table, extra, piece, from, filter, index,
                        payload, trace), trace);
        return round.done().thenCompose(ignored -> {
            if (!round.succeeded() && round.wasRefusedAsStale() && mayPlanAgain) {
                if (speculation != null) {
                    speculation.cancel();
                }
                return CompletableFuture.completedFuture(null);
            }
            ReplicaReads.endRound(round, speculation, consistency, blockFor);
            List<byte[]> results = round.dataAnswers();
            if (round.agree()) {
                return CompletableFuture.completedFuture(StorageSerializers.deserializeScanPage(results.get(0)));
            }
            if (trace.isOn()) {
                trace.event("The pages of " + round.responders().size() + " replicas differ: repairing them");
            }
            return reconcilePiece(table, results, round.responders(), piece, from, filter, index, consistency,
                    blockFor, planEpoch);
        });
    }

    /** Reconciles (and repairs) the partitions of pages that differ, then cuts the page again from them. */
    private CompletableFuture<ScanPage> reconcilePiece(TableMetadata table, List<byte[]> results,
                                                       List<NodeAddress> answered, TokenRange piece,
                                                       ScanPosition from, ReadFilter filter, IndexExpression index,
                                                       ConsistencyLevel consistency, int blockFor,
                                                       long planEpoch) {
        // Where the first truncated page ends, the others may not have looked further yet.
        PartitionKey bound = null;
        TreeSet<PartitionKey> keys = new TreeSet<>();
        for (byte[] result : results) {
            ScanPage page = StorageSerializers.deserializeScanPage(result);
            page.partitions().forEach(partition -> keys.add(partition.key()));
            if (page.hasMorePages() && (bound == null || page.next().partition().compareTo(bound) < 0)) {
                bound = page.next().partition();
            }
        }
        if (bound != null) {
            keys.tailSet(bound, false).clear();
            keys.add(bound);
        }
        ReadFilter whole = ReadFilter.all(filter.nowSeconds());
        List<CompletableFuture<PartitionUpdate>> merged = new ArrayList<>();
        for (PartitionKey key : keys) {
            merged.add(repair.reconcile(table, key, whole, answered, consistency, blockFor, planEpoch));
        }
        PartitionKey pageBound = bound;
        return Futures.allOf(merged).thenApply(partitions -> {
            ScanPage page = MergedPartitions.of(table.tableId(), partitions).scan(piece, from, filter);
            if (index != null) {
                // A replica's older value put the row in its page: the reconciled row decides.
                page = IndexScanner.matcher(table, index).filter(page);
            }
            if (page.hasMorePages() || pageBound == null) {
                return page;
            }
            // Everything up to the bound is answered; the next page starts after it.
            return new ScanPage(page.partitions(), new ScanPosition(pageBound, null));
        });
    }
}
