package io.cairn.node.coordinator;

import io.cairn.cluster.messaging.MessagingService;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.node.batchlog.TableUpdates;
import io.cairn.node.paxos.PaxosCoordinator;
import io.cairn.node.ring.Topology;
import io.cairn.node.schema.TableMetadata;
import io.cairn.node.system.TruncationRecords;
import io.cairn.node.tracing.Trace;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The coordinator of a cluster node: sends each write to every live replica of its partition
 * and waits for as many acknowledgements as the consistency level needs ({@link WritePath});
 * reads data from one replica and digests from as many more as needed ({@link ReadPath}), and
 * on a mismatch reconciles the replicas and writes the result back to them before answering
 * ({@link ReadRepair}); reads token ranges piece by piece ({@link RangeReadPath}); applies
 * LOGGED batches through the batchlog ({@link LoggedBatchWrite}); truncates everywhere
 * ({@link ClusterTruncate}). The local replica is served without messaging.
 *
 * <p>Too few live replicas fail at once with UNAVAILABLE; too few answers within the timeout
 * fail with WRITE_TIMEOUT / READ_TIMEOUT carrying the counts. Nothing here blocks.
 */
public final class ClusterDataCoordinator implements DataCoordinator {

    private final TruncationRecords truncations;
    private final MessagingService messaging;
    private final Topology topology;
    private final CoordinatorMetrics metrics;
    /** What fills the node's other views of {@code system_views} before a read of them. */
    private final java.util.List<java.util.function.Consumer<TableMetadata>> viewRefreshers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final WritePath writes;
    private final ReadPath reads;
    private final RangeReadPath rangeReads;
    private final LoggedBatchWrite loggedBatches;
    private final PaxosCoordinator paxos;
    private final CounterWrites counterWrites;

    /**
     * A coordinator without lightweight transactions: {@link #cas} and {@link #readSerial} refuse.
     *
     * @param hints    what happens to writes a replica misses ({@link HintedHandoff#DISABLED}: nothing)
     * @param batchlog how LOGGED batches are made atomic ({@link BatchlogSupport#DISABLED}: they are not)
     */
    public ClusterDataCoordinator(StorageEngine storage, TruncationRecords truncations, MessagingService messaging,
                                  Topology topology, Clock clock, Scheduler scheduler, Duration writeTimeout,
                                  Duration readTimeout, HintedHandoff hints, BatchlogSupport batchlog) {
        this(storage, truncations, messaging, topology, clock, scheduler, writeTimeout, readTimeout, hints, batchlog,
                null, Runnable::run, null, table -> null, null);
    }

    /**
     * @param hints    what happens to writes a replica misses ({@link HintedHandoff#DISABLED}: nothing)
     * @param batchlog how LOGGED batches are made atomic ({@link BatchlogSupport#DISABLED}: they are not)
     * @param paxos    lightweight transactions and serial reads; null refuses them (as an invalid request)
     * @param requests where work that waits on the disk runs (a read repair's synced local write), never
     *                 a messaging thread
     * @param counters this node's side of counter writes; null refuses them (as an invalid request)
     * @param tables   the tables of this node's schema, by id (for the counter writes other nodes send here)
     * @param indexes  this node's reads through secondary indexes; null: it filters scans instead
     */
    public ClusterDataCoordinator(StorageEngine storage, TruncationRecords truncations, MessagingService messaging,
                                  Topology topology, Clock clock, Scheduler scheduler, Duration writeTimeout,
                                  Duration readTimeout, HintedHandoff hints, BatchlogSupport batchlog,
                                  PaxosCoordinator paxos, java.util.concurrent.Executor requests,
                                  io.cairn.node.counter.CounterLeader counters,
                                  java.util.function.Function<io.cairn.storage.TableId, TableMetadata> tables,
                                  io.cairn.node.index.IndexScanner indexes) {
        this.paxos = paxos;
        this.truncations = truncations;
        this.messaging = messaging;
        this.topology = topology;
        this.metrics = new CoordinatorMetrics(storage, clock, () -> hints instanceof HintedHandoff.Enabled enabled
                ? enabled.replayer().deliveredCount() : 0L, messaging::messagesSent);
        this.writes = new WritePath(storage, messaging, topology, clock, scheduler, writeTimeout, hints, metrics);
        ReplicaReads replicaReads = new ReplicaReads(storage, messaging, topology, clock, scheduler, readTimeout,
                metrics);
        ReadRepair repair = new ReadRepair(storage, messaging, topology, writeTimeout, replicaReads, metrics,
                requests);
        this.reads = new ReadPath(storage, topology, replicaReads, repair, scheduler, readTimeout);
        this.rangeReads = new RangeReadPath(storage, topology, replicaReads, repair, scheduler, readTimeout, indexes,
                requests);
        this.loggedBatches = new LoggedBatchWrite(batchlog, writes, messaging, topology, clock, writeTimeout);
        this.counterWrites = counters == null ? null
                : new CounterWrites(counters, writes, messaging, topology, tables, writeTimeout);
    }

    /**
     * Handles the counter writes other coordinators send this node to lead; {@code where} says
     * where they run (the replica stage). Nothing when this coordinator has no counters.
     */
    public void registerCounterLeader(java.util.function.UnaryOperator<io.cairn.cluster.messaging.MessageHandler> where) {
        if (counterWrites != null) {
            counterWrites.register(where);
        }
    }

    /** Counter tables' writes, through each partition's leader ({@link CounterWrites}). */
    private CompletableFuture<Void> writeCounters(List<TableUpdates> parts, ConsistencyLevel consistency,
                                                  Trace trace) {
        if (counterWrites == null) {
            return CompletableFuture.failedFuture(io.cairn.cql.error.CqlException.invalid(
                    "Counters are not available on this coordinator"));
        }
        return counterWrites.write(parts, consistency, trace);
    }

    /**
     * Adds what fills a view of {@code system_views} before it is read: called with every table
     * this coordinator reads (its own checks which one).
     */
    public void addViewRefresher(java.util.function.Consumer<TableMetadata> refresher) {
        viewRefreshers.add(refresher);
    }

    private void refreshViews(TableMetadata table) {
        metrics.refreshView(table);
        if (table.keyspace().equals(io.cairn.node.schema.SystemKeyspaces.SYSTEM_VIEWS)) {
            viewRefreshers.forEach(refresher -> refresher.accept(table));
        }
    }

    /**
     * This coordinator's counters by name, as {@code system_views.coordinator_metrics} shows
     * them. {@code writes_coordinated_as_replica} and {@code writes_coordinated_for_others}
     * count partition writes coordinated while being one of their replicas and while not (an
     * extra hop, which token-aware drivers avoid).
     */
    public Map<String, Long> metrics() {
        return metrics.snapshot();
    }

    /** Read repairs this coordinator has performed, by table. */
    public Map<String, Long> readRepairs() {
        return metrics.readRepairs();
    }

    /** Reads for which a slow replica made this coordinator ask one more (speculative retries). */
    public long speculativeRetries() {
        return metrics.speculativeRetries.get();
    }

    @Override
    public CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                       ConsistencyLevel consistency) {
        return writeAsync(table, updates, consistency);
    }

    /**
     * {@link #write} as a CompletableFuture: completes when the level is met, or fails with
     * the protocol's error (UNAVAILABLE at once, WRITE_TIMEOUT when too few answered).
     */
    public CompletableFuture<Void> writeAsync(TableMetadata table, List<PartitionUpdate> updates,
                                              ConsistencyLevel consistency) {
        if (table.isCounter()) {
            return writeCounters(List.of(new TableUpdates(table, updates)), consistency, Trace.NONE);
        }
        return writes.write(table, updates, consistency);
    }

    @Override
    public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                               ConsistencyLevel consistency) {
        return readAsync(table, key, filter, consistency);
    }

    /**
     * {@link #read} as a CompletableFuture: completes with the partition once the level is met
     * (after read repair when replicas disagreed), or fails with the protocol's error.
     */
    public CompletableFuture<PartitionData> readAsync(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                      ConsistencyLevel consistency) {
        refreshViews(table);
        return reads.read(table, key, filter, consistency);
    }

    @Override
    public CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                          ReadFilter filter, ConsistencyLevel consistency,
                                          io.cairn.node.messages.IndexExpression index) {
        refreshViews(table);
        return rangeReads.scan(table, range, resumeAfter, filter, consistency, index, Trace.NONE);
    }

    /** {@link #scan} as a CompletableFuture: completes with the page, or fails with the protocol's error. */
    public CompletableFuture<ScanPage> scanAsync(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                                 ReadFilter filter, ConsistencyLevel consistency) {
        refreshViews(table);
        return rangeReads.scan(table, range, resumeAfter, filter, consistency, null, Trace.NONE);
    }

    /**
     * A LOGGED batch: stored first on up to two other live nodes (this one when alone), then
     * applied, then removed; if this coordinator dies midway, a batchlog holder replays it.
     */
    @Override
    public CompletionStage<Void> writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        return loggedBatches.write(batch, consistency);
    }

    /** An UNLOGGED batch: nothing is written when any part lacks live replicas. */
    @Override
    public CompletionStage<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
        if (batch.stream().anyMatch(part -> part.table().isCounter())) {
            // A COUNTER or UNLOGGED batch of counter updates (BatchRules keeps other updates out).
            return writeCounters(batch, consistency, Trace.NONE);
        }
        return loggedBatches.writeUnlogged(batch, consistency);
    }

    /** Empties the table on every member of the ring; see {@link ClusterTruncate}. */
    @Override
    public CompletionStage<Void> truncate(TableMetadata table) {
        return ClusterTruncate.everywhere(truncations, messaging, topology, table.tableId(), ClusterTruncate.TIMEOUT);
    }

    /** A lightweight transaction through Paxos; see {@link PaxosCoordinator#cas}. */
    @Override
    public CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                          ConsistencyLevel serial, ConsistencyLevel commit) {
        if (paxos == null) {
            return CompletableFuture.failedFuture(io.cairn.cql.error.CqlException.invalid(
                    "Lightweight transactions are not available on this coordinator"));
        }
        return paxos.cas(table, key, request.readFilter(), request::decide, serial, commit)
                .thenApply(outcome -> new CasResult(outcome.applied(), outcome.current()));
    }

    @Override
    public DataCoordinator traced(Trace trace) {
        return trace.isOn() ? new Traced(trace) : this;
    }

    /**
     * This coordinator for one traced request: point reads, range reads and writes record their
     * steps and send their requests as part of the session (the replicas record theirs); batches,
     * lightweight transactions and TRUNCATE record where they begin and end.
     */
    private final class Traced implements DataCoordinator {

        private final Trace trace;

        Traced(Trace trace) {
            this.trace = trace;
        }

        @Override
        public CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                           ConsistencyLevel consistency) {
            if (table.isCounter()) {
                return writeCounters(List.of(new TableUpdates(table, updates)), consistency, trace);
            }
            return writes.write(table, updates, consistency, trace);
        }

        @Override
        public CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                   ConsistencyLevel consistency) {
            refreshViews(table);
            return reads.read(table, key, filter, consistency, trace);
        }

        @Override
        public CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                              ReadFilter filter, ConsistencyLevel consistency,
                                              io.cairn.node.messages.IndexExpression index) {
            refreshViews(table);
            return rangeReads.scan(table, range, resumeAfter, filter, consistency, index, trace);
        }

        @Override
        public CompletionStage<Void> writeLogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
            trace.event("Writing a logged batch of " + batch.size() + " tables through the batchlog at "
                    + consistency);
            return recorded(ClusterDataCoordinator.this.writeLogged(batch, consistency), "The logged batch");
        }

        @Override
        public CompletionStage<Void> writeUnlogged(List<TableUpdates> batch, ConsistencyLevel consistency) {
            trace.event("Writing an unlogged batch of " + batch.size() + " tables at " + consistency);
            return recorded(ClusterDataCoordinator.this.writeUnlogged(batch, consistency), "The unlogged batch");
        }

        @Override
        public CompletionStage<Void> truncate(TableMetadata table) {
            trace.event("Truncating " + table.keyspace() + "." + table.name() + " on every member of the ring");
            return recorded(ClusterDataCoordinator.this.truncate(table), "The truncation");
        }

        @Override
        public CompletionStage<CasResult> cas(TableMetadata table, PartitionKey key, CasRequest request,
                                              ConsistencyLevel serial, ConsistencyLevel commit) {
            trace.event("Running a Paxos round at " + serial + ", committing at " + commit);
            return recorded(ClusterDataCoordinator.this.cas(table, key, request, serial, commit)
                    .thenApply(result -> {
                        trace.event(result.applied() ? "The condition held: the update was accepted and committed"
                                : "The condition did not hold: nothing was written");
                        return result;
                    }), "The Paxos round");
        }

        @Override
        public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                         ConsistencyLevel serial) {
            trace.event("Reading at " + serial + " through a Paxos round");
            return recorded(ClusterDataCoordinator.this.readSerial(table, key, filter, serial), "The serial read");
        }

        private <T> CompletionStage<T> recorded(CompletionStage<T> stage, String what) {
            return stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    trace.event(what + " failed: " + io.cairn.common.concurrent.AsyncLoop.unwrap(failure));
                }
            });
        }
    }

    /** A linearizable read through Paxos; see {@link PaxosCoordinator#readSerial}. */
    @Override
    public CompletionStage<PartitionData> readSerial(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                     ConsistencyLevel serial) {
        if (paxos == null) {
            return CompletableFuture.failedFuture(io.cairn.cql.error.CqlException.invalid(
                    "SERIAL reads are not available on this coordinator"));
        }
        refreshViews(table);
        return paxos.readSerial(table, key, filter, serial);
    }
}
