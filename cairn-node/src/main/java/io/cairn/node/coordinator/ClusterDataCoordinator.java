package io.cairn.node.coordinator;

import io.cairn.node.batchlog.Batchlog;
import io.cairn.node.hints.HintReplayer;
import io.cairn.node.hints.HintStore;
import io.cairn.node.replica.ReplicaHandlers;
import io.cairn.node.messages.MutationMessage;
import io.cairn.node.messages.RangeReadMessage;
import io.cairn.node.messages.ReadMessage;
import io.cairn.node.messages.ReadMode;
import io.cairn.node.messages.ReadRepairMessage;
import io.cairn.node.ring.Topology;
import io.cairn.node.system.TruncationRecords;

import io.cairn.cluster.messaging.Message;
import io.cairn.cluster.messaging.MessagingService;
import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cluster.messaging.ResponseCallback;
import io.cairn.cluster.messaging.Verb;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.cql.error.WriteType;
import io.cairn.node.schema.SpeculativeRetry;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TokenRange;
import io.cairn.storage.engine.KvStorageEngine;
import io.cairn.storage.memory.InMemoryKvStore;
import io.cairn.storage.wire.StorageSerializers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.UUID;

/**
 * The coordinator of a cluster node: sends each write to every live replica of its partition
 * and waits for as many acknowledgements as the consistency level needs; reads data from one
 * replica and digests from as many more as needed, and on a mismatch reads every contacted
 * replica's raw data, reconciles it exactly as storage does, writes the result back to them
 * (blocking read repair) and answers. A read whose replicas are slower than the table's
 * {@code speculative_retry} (by default its recent 99th percentile) asks one more replica.
 * The local replica is served without messaging.
 *
 * <p>Too few live replicas fail at once with UNAVAILABLE; too few answers within the timeout
 * fail with WRITE_TIMEOUT / READ_TIMEOUT carrying the counts.
 */
public final class ClusterDataCoordinator implements DataCoordinator {

    private final StorageEngine storage;
    private final TruncationRecords truncations;
    private final MessagingService messaging;
    private final Topology topology;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Duration writeTimeout;
    private final Duration readTimeout;
    private final Map<String, Long> repairs = new ConcurrentHashMap<>();
    private final Map<io.cairn.storage.TableId, LatencyWindow> readLatencies = new ConcurrentHashMap<>();
    private final Map<io.cairn.storage.TableId, LatencyWindow> rangeReadLatencies = new ConcurrentHashMap<>();
    private final AtomicLong failovers = new AtomicLong();
    private final Map<String, SpeculativeRetry> retryPolicies = new ConcurrentHashMap<>();
    private final AtomicLong speculativeRetries = new AtomicLong();
    private final AtomicLong writesAsReplica = new AtomicLong();
    private final AtomicLong writesForOthers = new AtomicLong();

    private final AtomicLong hintsStored = new AtomicLong();

    /**
     * This coordinator's counters by name, as {@code system_views.coordinator_metrics} shows
     * them. {@code writes_coordinated_as_replica} and {@code writes_coordinated_for_others}
     * count partition writes coordinated while being one of their replicas and while not (an
     * extra hop, which token-aware drivers avoid).
     */
    public Map<String, Long> metrics() {
        Map<String, Long> metrics = new java.util.LinkedHashMap<>();
        metrics.put("writes_coordinated_as_replica", writesAsReplica.get());
        metrics.put("writes_coordinated_for_others", writesForOthers.get());
        metrics.put("read_repairs", repairs.values().stream().mapToLong(Long::longValue).sum());
        metrics.put("speculative_retries", speculativeRetries.get());
        metrics.put("read_failovers", failovers.get());
        metrics.put("hints_stored", hintsStored.get());
        Hints current = hints;
        metrics.put("hints_delivered", current == null ? 0L : current.replayer().deliveredCount());
        return metrics;
    }

    /** Writes the current counters into {@code system_views.coordinator_metrics} before it is read. */
    private void refreshViews(TableMetadata table) {
        if (!table.keyspace().equals(io.cairn.node.schema.SystemKeyspaces.SYSTEM_VIEWS)
                || !table.name().equals("coordinator_metrics")) {
            return;
        }
        long now = clock.currentTimeMicros();
        metrics().forEach((name, value) -> storage.apply(table.tableId(), io.cairn.node.schema.SchemaRows.row(table,
                Map.of("name", io.cairn.node.schema.SchemaRows.text(name),
                        "value", io.cairn.cql.type.NativeType.BIGINT.decompose(value)), now)));
    }
    private volatile Hints hints;

    /**
     * Where missed writes go: the store, the replayer that delivers them, and ids (of hints
     * and batches); with {@code storing} false, missed writes are not kept (stored ones are
     * still delivered).
     */
    public record Hints(HintStore store, HintReplayer replayer, io.cairn.common.time.TimeUuids ids, boolean storing) {
    }

    private volatile Batchlog batchlog;

    /** Enables the batchlog for LOGGED batches. */
    public void enableBatchlog(Batchlog enabled) {
        this.batchlog = enabled;
    }

    /**
     * A LOGGED batch: stored first on up to two other live nodes (this one when alone), then
     * applied, then removed; if this coordinator dies midway, a batchlog holder replays it.
     */
    @Override
    public java.util.concurrent.CompletionStage<Void> writeLogged(List<TableUpdates> batch,
                                                                  ConsistencyLevel consistency) {
        Batchlog log = batchlog;
        Hints currentHints = hints;
        if (log == null || currentHints == null) {
            return DataCoordinator.super.writeLogged(batch, consistency);
        }
        UUID id = currentHints.ids().next(clock.currentTimeMicros());
        byte[] encoded = Batchlog.encode(id, batch);
        List<NodeAddress> holders = new ArrayList<>();
        for (NodeAddress node : batchlogCandidates()) {
            if (holders.size() < 2) {
                holders.add(node);
            }
        }
        CompletableFuture<Void> stored;
        if (holders.isEmpty()) {
            try {
                log.store(encoded);
                stored = CompletableFuture.completedFuture(null);
            } catch (RuntimeException e) {
                stored = CompletableFuture.failedFuture(e);
            }
        } else {
            ResponseTracker tracker = ResponseTracker.ofAll(holders, topology);
            for (NodeAddress holder : holders) {
                messaging.sendRequest(holder, Verb.BATCH_STORE, encoded, writeTimeout, callback(tracker));
            }
            stored = tracker.done().thenAccept(outcome -> {
                if (!ResponseTracker.isSuccess(outcome)) {
                    throw new WriteTimeoutException(consistency, 0, 1, WriteType.BATCH_LOG);
                }
            });
        }
        // The parts are applied one after the other, as before; once all are acknowledged the
        // batch is removed from its holders.
        return stored.thenCompose(ignored -> DataCoordinator.super.writeLogged(batch, consistency))
                .thenRun(() -> {
                    if (holders.isEmpty()) {
                        log.remove(id);
                    } else {
                        for (NodeAddress holder : holders) {
                            messaging.sendOneWay(holder, Verb.BATCH_REMOVE, Batchlog.idBytes(id));
                        }
                    }
                });
    }

    /** Live nodes other than this one, in ring order (the batchlog's candidate holders). */
    private List<NodeAddress> batchlogCandidates() {
        List<NodeAddress> candidates = new ArrayList<>();
        java.util.Set<NodeAddress> seen = new java.util.HashSet<>();
        for (long token : topology.ringTokens()) {
            for (NodeAddress node : topology.replicasFor(io.cairn.node.schema.SystemKeyspaces.SYSTEM_TRACES, token)) {
                if (!node.equals(topology.self()) && topology.isAlive(node) && seen.add(node)) {
                    candidates.add(node);
                }
            }
        }
        return candidates;
    }

    /** Enables hinted handoff: writes a replica misses are stored for it and replayed later. */
    public void enableHints(Hints enabled) {
        this.hints = enabled;
    }

    /**
     * Stores a hint of {@code update} for {@code target}; false when none was stored (hints are
     * off, or the target has reached its cap).
     */
    private boolean hint(NodeAddress target, TableMetadata table, PartitionUpdate update) {
        Hints current = hints;
        if (current == null || !current.storing()) {
            return false;
        }
        long now = clock.currentTimeMicros();
        if (!current.store().store(target, current.ids().next(now), table.tableId(), update, now)) {
            return false;
        }
        hintsStored.incrementAndGet();
        current.replayer().remember(target);
        return true;
    }

    public ClusterDataCoordinator(StorageEngine storage, TruncationRecords truncations, MessagingService messaging,
                                  Topology topology, Clock clock, Scheduler scheduler, Duration writeTimeout,
                                  Duration readTimeout) {
        this.storage = storage;
        this.truncations = truncations;
        this.messaging = messaging;
        this.topology = topology;
        this.clock = clock;
        this.scheduler = scheduler;
        this.writeTimeout = writeTimeout;
        this.readTimeout = readTimeout;
    }

    /** Read repairs this coordinator has performed, by table. */
    public Map<String, Long> readRepairs() {
        return Map.copyOf(repairs);
    }

    @Override
    public java.util.concurrent.CompletionStage<Void> write(TableMetadata table, List<PartitionUpdate> updates,
                                                            ConsistencyLevel consistency) {
        return writeAsync(table, updates, consistency);
    }

    /**
     * {@link #write} without waiting: the future completes when the level is met, or fails
     * with the protocol's error (UNAVAILABLE at once, WRITE_TIMEOUT when too few answered).
     */
    public CompletableFuture<Void> writeAsync(TableMetadata table, List<PartitionUpdate> updates,
                                              ConsistencyLevel consistency) {
        List<CompletableFuture<Void>> acknowledged = new ArrayList<>();
        try {
            for (PartitionUpdate update : updates) {
                acknowledged.add(writeOne(table, update, consistency,
                        updates.size() > 1 ? WriteType.UNLOGGED_BATCH : WriteType.SIMPLE));
            }
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new));
    }

    /**
     * Sends one partition's update to its live replicas (hints for the others). At ANY a stored
     * hint counts as the acknowledgement, as in Cassandra; a write stored nowhere (no replica
     * acknowledged it and no hint could be kept) is never acknowledged: it fails with
     * WRITE_TIMEOUT, 0 of 1 received.
     */
    private CompletableFuture<Void> writeOne(TableMetadata table, PartitionUpdate update, ConsistencyLevel consistency,
                                             WriteType type) {
        List<NodeAddress> replicas = topology.replicasFor(table.keyspace(), update.key().token());
        ConsistencyPlan.checkAvailable(consistency, table.keyspace(), replicas, topology, true);
        (replicas.contains(topology.self()) ? writesAsReplica : writesForOthers).incrementAndGet();
        List<NodeAddress> pending = topology.pendingFor(table.keyspace(), update.key().token());
        List<NodeAddress> targets = pending.isEmpty() ? replicas : concat(replicas, pending);
        List<NodeAddress> live = targets.stream().filter(topology::isAlive).toList();
        AtomicBoolean hinted = new AtomicBoolean();
        for (NodeAddress replica : targets) {
            if (!topology.isAlive(replica) && hint(replica, table, update)) {
                hinted.set(true);
            }
        }
        if (live.isEmpty()) {
            // Only ANY gets here (checkAvailable refused the others): the hints are the write.
            return hinted.get() ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.failedFuture(new WriteTimeoutException(consistency, 0, 1, type));
        }
        ResponseTracker tracker = new ResponseTracker(consistency, table.keyspace(), live, replicas, pending,
                topology);
        byte[] payload = new MutationMessage(table.tableId(), update).serialize();
        for (NodeAddress replica : live) {
            if (replica.equals(topology.self())) {
                storage.apply(table.tableId(), update);
                tracker.success(replica);
            } else {
                messaging.sendRequest(replica, Verb.MUTATION, payload, writeTimeout,
                        hintingCallback(tracker, table, update, hinted));
            }
        }
        int blockFor = tracker.blockFor();
        return tracker.done().thenAccept(outcome -> {
            boolean isHintEnough = consistency == ConsistencyLevel.ANY && hinted.get();
            if (!ResponseTracker.isSuccess(outcome) && !isHintEnough) {
                throw new WriteTimeoutException(consistency, ResponseTracker.received(outcome), blockFor, type);
            }
        });
    }

    /** Waits for {@code result}, throwing what failed it as it was thrown. */
    public static <T> T await(CompletableFuture<T> result) {
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static List<NodeAddress> concat(List<NodeAddress> first, List<NodeAddress> second) {
        List<NodeAddress> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Counts the answer; a replica that did not acknowledge gets a hint. */
    private ResponseCallback hintingCallback(ResponseTracker tracker, TableMetadata table, PartitionUpdate update,
                                             AtomicBoolean hinted) {
        return new ResponseCallback() {
            @Override
            public void onResponse(Message response) {
                tracker.success(response.from());
            }

            @Override
            public void onFailure(NodeAddress peer, Failure failure) {
                if (hint(peer, table, update)) {
                    hinted.set(true);
                }
                tracker.failure(peer);
            }
        };
    }

    private static ResponseCallback callback(ResponseTracker tracker) {
        return new ResponseCallback() {
            @Override
            public void onResponse(Message response) {
                tracker.success(response.from());
            }

            @Override
            public void onFailure(NodeAddress peer, Failure failure) {
                tracker.failure(peer);
            }
        };
    }

    /** Live replicas in the order reads prefer them: this node, its data center, the others. */
    private List<NodeAddress> readOrder(List<NodeAddress> replicas) {
        List<NodeAddress> live = new ArrayList<>(replicas.stream().filter(topology::isAlive).toList());
        live.sort(Comparator.comparingInt(node -> node.equals(topology.self()) ? 0
                : ConsistencyPlan.isLocal(node, topology) ? 1 : 2));
        return live;
    }

    @Override
    public java.util.concurrent.CompletionStage<PartitionData> read(TableMetadata table, PartitionKey key,
                                                                    ReadFilter filter, ConsistencyLevel consistency) {
        return readAsync(table, key, filter, consistency);
    }

    /**
     * {@link #read} without waiting: the future completes with the partition once the level
     * is met (after read repair when replicas disagreed), or fails with the protocol's error.
     */
    public CompletableFuture<PartitionData> readAsync(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                      ConsistencyLevel consistency) {
        refreshViews(table);
        List<NodeAddress> replicas = topology.replicasFor(table.keyspace(), key.token());
        try {
            ConsistencyPlan.checkAvailable(consistency, table.keyspace(), replicas, topology, false);
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
        ResponseTracker sizing = new ResponseTracker(consistency, table.keyspace(), List.of(), replicas, topology);
        int blockFor = sizing.blockFor();
        List<NodeAddress> ordered = readOrder(replicas);
        boolean eachQuorum = consistency == ConsistencyLevel.EACH_QUORUM;
        int first = eachQuorum ? ordered.size() : Math.min(ordered.size(), blockFor);
        byte[] filterBytes = StorageSerializers.serialize(filter);
        ReadRound round = new ReadRound(first, first, ordered.subList(first, ordered.size()));
        for (int i = 0; i < first; i++) {
            send(round, table, ordered.get(i), i == 0, key, filterBytes, filter);
        }
        Scheduler.Cancellable speculation = eachQuorum || ordered.size() <= first ? null
                : speculate(round, table, latencies(table),
                        extra -> send(round, table, extra, !round.hasData(), key, filterBytes, filter));
        return round.done().thenCompose(ignored -> {
            endRound(round, speculation, consistency, blockFor);
            if (round.agree()) {
                return CompletableFuture.completedFuture(StorageSerializers.deserializeData(round.data()));
            }
            return reconcile(table, key, filter, round.responders(), consistency, blockFor).thenApply(merged -> {
                try (KvStorageEngine scratch = scratch(table)) {
                    scratch.apply(table.tableId(), merged);
                    return scratch.read(table.tableId(), key, filter);
                }
            });
        });
    }

    /** Once a round is done: stops its speculation, and fails with READ_TIMEOUT when too few answered. */
    private static void endRound(ReadRound round, Scheduler.Cancellable speculation, ConsistencyLevel consistency,
                                 int blockFor) {
        if (speculation != null) {
            speculation.cancel();
        }
        if (!round.succeeded()) {
            throw new ReadTimeoutException(consistency, Math.min(blockFor, round.responders().size()), blockFor,
                    round.hasData());
        }
    }

    /**
     * Hands a remote replica's answer (null: failed or timed out) to its round, recording its
     * latency in {@code window}; when the round wants a spare replica instead, {@code resend}
     * asks it.
     */
    private void whenAnswered(CompletableFuture<byte[]> answer, ReadRound round, NodeAddress replica, boolean data,
                              LatencyWindow window, java.util.function.Consumer<NodeAddress> resend) {
        long sent = clock.nanoTime();
        answer.thenAccept(result -> {
            if (result != null) {
                window.record(clock.nanoTime() - sent);
            }
            NodeAddress instead = round.answered(replica, data, result);
            if (instead != null) {
                failovers.incrementAndGet();
                resend.accept(instead);
            }
        });
    }

    /**
     * Sends one read of a round (DATA or DIGEST; the round counts it already) and records its
     * answer; the local replica answers at once.
     */
    private void send(ReadRound round, TableMetadata table, NodeAddress replica, boolean data, PartitionKey key,
                      byte[] filterBytes, ReadFilter filter) {
        ReadMode mode = data ? ReadMode.DATA : ReadMode.DIGEST;
        if (replica.equals(topology.self())) {
            round.answered(replica, data, ReplicaHandlers.answer(storage, table.tableId(), mode, key, filter));
            return;
        }
        whenAnswered(ask(table, replica, mode, key, filterBytes, filter), round, replica, data, latencies(table),
                instead -> send(round, table, instead, !round.hasData(), key, filterBytes, filter));
    }

    /**
     * Speculative retry: when the round is not done after the table's {@code speculative_retry}
     * delay ({@code window} gives its percentiles), the next spare replica gets the same read.
     */
    private Scheduler.Cancellable speculate(ReadRound round, TableMetadata table, LatencyWindow window,
                                            java.util.function.Consumer<NodeAddress> sendTo) {
        SpeculativeRetry policy = speculativeRetry(table);
        long delayNanos = switch (policy.kind()) {
            case NONE -> -1;
            case ALWAYS -> 0;
            case FIXED -> (long) (policy.value() * 1_000_000);
            case PERCENTILE -> window.percentile(policy.value());
        };
        if (delayNanos < 0) {
            return null;
        }
        return scheduler.schedule(Duration.ofNanos(delayNanos), () -> {
            NodeAddress extra = round.takeSpare();
            if (extra != null) {
                speculativeRetries.incrementAndGet();
                sendTo.accept(extra);
            }
        });
    }

    private LatencyWindow latencies(TableMetadata table) {
        return readLatencies.computeIfAbsent(table.tableId(), id -> new LatencyWindow());
    }

    private LatencyWindow rangeLatencies(TableMetadata table) {
        return rangeReadLatencies.computeIfAbsent(table.tableId(), id -> new LatencyWindow());
    }

    private SpeculativeRetry speculativeRetry(TableMetadata table) {
        return retryPolicies.computeIfAbsent(table.params().speculativeRetry(), text -> {
            try {
                return SpeculativeRetry.parse(text);
            } catch (CqlException e) {
                return SpeculativeRetry.DEFAULT;
            }
        });
    }

    /** Reads for which a slow replica made this coordinator ask one more (speculative retries). */
    public long speculativeRetries() {
        return speculativeRetries.get();
    }

    private CompletableFuture<byte[]> ask(TableMetadata table, NodeAddress replica, ReadMode mode,
                                          PartitionKey key, byte[] filterBytes, ReadFilter filter) {
        if (replica.equals(topology.self())) {
            return CompletableFuture.completedFuture(ReplicaHandlers.answer(storage, table.tableId(), mode, key,
                    filter));
        }
        byte[] payload = new ReadMessage(table.tableId(), mode, key, filter).serialize();
        return request(replica, Verb.READ, payload);
    }

    /** A read request to one replica: its answer, or null when it failed or timed out. */
    private CompletableFuture<byte[]> request(NodeAddress target, Verb verb, byte[] payload) {
        return request(messaging, target, verb, payload, readTimeout);
    }

    /** A request to one node: its answer's payload, or null when it failed or timed out. */
    public static CompletableFuture<byte[]> request(MessagingService messaging, NodeAddress target, Verb verb,
                                             byte[] payload, Duration timeout) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        messaging.sendRequest(target, verb, payload, timeout, new ResponseCallback() {
            @Override
            public void onResponse(Message response) {
                answer.complete(response.payload());
            }

            @Override
            public void onFailure(NodeAddress peer, Failure failure) {
                answer.complete(null);
            }
        });
        return answer;
    }

    /** The answers (all complete), or READ_TIMEOUT when one of them failed. */
    private static List<byte[]> answers(List<CompletableFuture<byte[]>> answers, ConsistencyLevel consistency,
                                        int blockFor) {
        List<byte[]> results = answers.stream().map(CompletableFuture::join).toList();
        if (results.contains(null)) {
            long received = results.stream().filter(r -> r != null).count();
            throw new ReadTimeoutException(consistency, (int) received, blockFor, results.get(0) != null);
        }
        return results;
    }

    /** An in-memory engine holding {@code table} only, where replicas' raw data is reconciled. */
    private KvStorageEngine scratch(TableMetadata table) {
        KvStorageEngine scratch = new KvStorageEngine(new InMemoryKvStore(), clock, scheduler, StorageLimits.DEFAULTS,
                Duration.ZERO);
        scratch.createTable(table.tableId(), new TableOptions(table.params().gcGraceSeconds()));
        return scratch;
    }

    /**
     * Reads {@code key}'s raw partition (tombstones included) from each of {@code contacted},
     * merges them by storage's rules, writes the merged partition back to each (blocking read
     * repair) and completes with it once they all acknowledged.
     */
    private CompletableFuture<PartitionUpdate> reconcile(TableMetadata table, PartitionKey key, ReadFilter filter,
                                                         List<NodeAddress> contacted, ConsistencyLevel consistency,
                                                         int blockFor) {
        byte[] filterBytes = StorageSerializers.serialize(filter);
        List<CompletableFuture<byte[]>> raws = new ArrayList<>();
        for (NodeAddress replica : contacted) {
            raws.add(ask(table, replica, ReadMode.RAW, key, filterBytes, filter));
        }
        return CompletableFuture.allOf(raws.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            PartitionUpdate merged;
            try (KvStorageEngine scratch = scratch(table)) {
                for (byte[] raw : answers(raws, consistency, blockFor)) {
                    scratch.apply(table.tableId(), StorageSerializers.deserializeUpdate(raw));
                }
                merged = ReplicaHandlers.raw(scratch, table.tableId(), key);
            }
            ResponseTracker tracker = ResponseTracker.ofAll(contacted, topology);
            byte[] payload = new ReadRepairMessage(table.tableId(), merged).serialize();
            for (NodeAddress replica : contacted) {
                if (replica.equals(topology.self())) {
                    storage.apply(table.tableId(), merged);
                    tracker.success(replica);
                } else {
                    messaging.sendRequest(replica, Verb.READ_REPAIR, payload, writeTimeout, callback(tracker));
                }
            }
            return tracker.done().thenApply(outcome -> {
                if (!ResponseTracker.isSuccess(outcome)) {
                    throw new ReadTimeoutException(consistency,
                            Math.min(blockFor, ResponseTracker.received(outcome)), blockFor, true);
                }
                repairs.merge(table.toString(), 1L, Long::sum);
                return merged;
            });
        });
    }

    /**
     * Range reads walk the ring: the requested range is cut at the ring's tokens, and the
     * pieces are read in token order until the filter's row limit is reached. Each piece is read from as many replicas as the
     * consistency level needs, compared, and reconciled (with read repair) when they differ.
     */
    @Override
    public java.util.concurrent.CompletionStage<ScanPage> scan(TableMetadata table, TokenRange range,
                                                               ScanPosition resumeAfter, ReadFilter filter,
                                                               ConsistencyLevel consistency) {
        return scanAsync(table, range, resumeAfter, filter, consistency);
    }

    /** {@link #scan} without waiting: completes with the page, or fails with the protocol's error. */
    public CompletableFuture<ScanPage> scanAsync(TableMetadata table, TokenRange range, ScanPosition resumeAfter,
                                                 ReadFilter filter, ConsistencyLevel consistency) {
        refreshViews(table);
        List<Long> tokens = topology.ringTokens();
        try {
            if (tokens.isEmpty()) {
                ConsistencyPlan.checkAvailable(consistency, table.keyspace(),
                        topology.replicasFor(table.keyspace(), range.start()), topology, false);
                return CompletableFuture.completedFuture(storage.scan(table.tableId(), range, resumeAfter, filter));
            }
            return scanPieces(table, pieces(range, tokens), 0, resumeAfter, filter, consistency, new ArrayList<>(), 0);
        } catch (CqlException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Reads the ring pieces from {@code index} on, one after the other, adding their partitions
     * to {@code partitions} ({@code rows} rows so far) until the row limit or a truncated page.
     */
    private CompletableFuture<ScanPage> scanPieces(TableMetadata table, List<TokenRange> pieces, int index,
                                                   ScanPosition resumeAfter, ReadFilter filter,
                                                   ConsistencyLevel consistency, List<PartitionData> partitions,
                                                   int rows) {
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
        List<NodeAddress> ordered = readOrder(replicas);
        List<NodeAddress> targets = consistency == ConsistencyLevel.EACH_QUORUM ? ordered
                : ordered.subList(0, Math.min(ordered.size(), blockFor));
        ReadFilter pieceFilter = filter.withRowLimit(Math.max(1, filter.rowLimit() - rows));
        int next = at + 1;
        return scanPiece(table, targets, ordered.subList(targets.size(), ordered.size()), piece, from, pieceFilter,
                consistency, blockFor).thenCompose(page -> {
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
                    return scanPieces(table, pieces, next, resumeAfter, filter, consistency, partitions, total);
                });
    }

    /** Sends one replica's read of a range piece in a round; a failure moves to a spare replica. */
    private void sendRange(ReadRound round, TableMetadata table, NodeAddress replica, TokenRange piece,
                           ScanPosition from, ReadFilter filter, byte[] payload) {
        if (replica.equals(topology.self())) {
            round.answered(replica, true, StorageSerializers.serialize(storage.scan(table.tableId(), piece, from,
                    filter)));
            return;
        }
        whenAnswered(request(replica, Verb.RANGE_READ, payload), round, replica, true, rangeLatencies(table),
                instead -> sendRange(round, table, instead, piece, from, filter, payload));
    }

    /** The parts of {@code range} between consecutive ring tokens, in token order. */
    public static List<TokenRange> pieces(TokenRange range, List<Long> tokens) {
        List<TokenRange> pieces = new ArrayList<>();
        long start = range.start();
        boolean startInclusive = range.startInclusive();
        for (long token : tokens) {
            if (token <= start || token >= range.end()) {
                continue;
            }
            pieces.add(new TokenRange(start, startInclusive, token, true));
            start = token;
            startInclusive = false;
        }
        if (start < range.end() || start == range.end() && startInclusive && range.endInclusive()) {
            pieces.add(new TokenRange(start, startInclusive, range.end(), range.endInclusive()));
        }
        return pieces;
    }

    /**
     * One page of one ring piece, read from each of {@code targets} (as many replicas as the
     * level needs). When their pages differ, the partitions they returned (up to where the
     * first truncated page ends) are reconciled and repaired one by one, and the page is cut
     * again from the reconciled data, with storage's own paging rules.
     */
    private CompletableFuture<ScanPage> scanPiece(TableMetadata table, List<NodeAddress> targets,
                                                  List<NodeAddress> spares, TokenRange piece, ScanPosition from,
                                                  ReadFilter filter, ConsistencyLevel consistency, int blockFor) {
        if (targets.size() == 1 && targets.get(0).equals(topology.self())) {
            return CompletableFuture.completedFuture(storage.scan(table.tableId(), piece, from, filter));
        }
        byte[] payload = new RangeReadMessage(table.tableId(), piece, from, filter).serialize();
        int needed = targets.size();
        ReadRound round = new ReadRound(needed, needed, spares);
        for (NodeAddress target : targets) {
            sendRange(round, table, target, piece, from, filter, payload);
        }
        Scheduler.Cancellable speculation = spares.isEmpty() ? null : speculate(round, table, rangeLatencies(table),
                extra -> sendRange(round, table, extra, piece, from, filter, payload));
        return round.done().thenCompose(ignored -> {
            endRound(round, speculation, consistency, blockFor);
            List<byte[]> results = round.dataAnswers();
            if (round.agree()) {
                return CompletableFuture.completedFuture(StorageSerializers.deserializeScanPage(results.get(0)));
            }
            List<NodeAddress> answered = round.responders();
            // Where the first truncated page ends, the others may not have looked further yet.
            PartitionKey bound = null;
            java.util.TreeSet<PartitionKey> keys = new java.util.TreeSet<>();
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
                merged.add(reconcile(table, key, whole, answered, consistency, blockFor));
            }
            PartitionKey pageBound = bound;
            return CompletableFuture.allOf(merged.toArray(CompletableFuture[]::new)).thenApply(done -> {
                try (KvStorageEngine scratch = scratch(table)) {
                    for (CompletableFuture<PartitionUpdate> partition : merged) {
                        scratch.apply(table.tableId(), partition.join());
                    }
                    ScanPage page = scratch.scan(table.tableId(), piece, from, filter);
                    if (page.hasMorePages() || pageBound == null) {
                        return page;
                    }
                    // Everything up to the bound is answered; the next page starts after it.
                    return new ScanPage(page.partitions(), new ScanPosition(pageBound, null));
                }
            });
        });
    }

    /** Empties the table on every member of the ring; see {@link ClusterTruncate}. */
    @Override
    public java.util.concurrent.CompletionStage<Void> truncate(TableMetadata table) {
        return ClusterTruncate.everywhere(truncations, messaging, topology, table.tableId(), ClusterTruncate.TIMEOUT);
    }

}
