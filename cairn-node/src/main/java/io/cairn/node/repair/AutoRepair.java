package io.cairn.node.repair;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.ring.RingPieces;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.RepairedRanges;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TokenRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Repairs without an operator. Every {@link RepairSettings#checkInterval} a node looks, in the
 * ring of the cluster metadata log, for the pieces it is the primary replica of (the first of a
 * piece's replicas), table by table, and repairs the one whose last repair is the oldest once it
 * is due: {@link RepairSettings#intervalFor} its table's gc grace after that repair started
 * (never repaired: at once). It then goes on with the next due piece, one at a time, paced by the
 * node's repair throttle, until none is due. Its repairs are incremental, but every
 * {@link #FULL_EVERY}th of a piece (counted since the node started) is full: what no write
 * caused (data a replica lost on disk) only a full repair finds.
 *
 * <p>Only the primary replica repairs a piece, so one automatic repair at most runs on a piece
 * at once, and the work is spread over the nodes as the ring spreads the data. A piece with a
 * replica down is skipped until it is back (its tombstones wait: nothing is purged that no
 * repair covered). A failed repair is logged, and its piece is left alone for the minimum interval
 * while the others go on. Nothing starts while a range movement changes the ring, nor while an
 * operator's repair runs on this node (an operator's repair started while an automatic one runs
 * goes on beside it: both only merge).
 */
public final class AutoRepair {

    private static final Logger LOG = LoggerFactory.getLogger(AutoRepair.class);

    /** A piece of a table due for repair, and since when (seconds). */
    record Due(KeyspaceMetadata keyspace, TableMetadata table, TokenRange piece, long dueSinceSeconds) {
    }

    /** What automatic repair has done since the node started. */
    public record Progress(long piecesRepaired, long piecesFailed, Repair.Result repaired, String lastFailure) {
    }

    private final RepairSettings settings;
    private final Supplier<ClusterMetadata> metadata;
    private final Supplier<Collection<KeyspaceMetadata>> keyspaces;
    private final StorageEngine storage;
    private final Supplier<Repair> repairs;
    private final Predicate<NodeAddress> alive;
    private final BooleanSupplier ready;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor executor;
    private final NodeAddress self;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong repaired = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Repair.Result> totals = new AtomicReference<>(Repair.Result.NONE);
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean stopped;
    private Scheduler.Cancellable checks;

    /**
     * @param keyspaces the keyspaces to repair (the user keyspaces of the schema)
     * @param repairs   a repair to run a piece with
     * @param alive     what the failure detector says of a node
     * @param ready     whether this node may repair now (it is in the ring; no operator's repair runs here)
     */
    public AutoRepair(RepairSettings settings, Supplier<ClusterMetadata> metadata,
                      Supplier<Collection<KeyspaceMetadata>> keyspaces, StorageEngine storage, Supplier<Repair> repairs,
                      Predicate<NodeAddress> alive, BooleanSupplier ready, Clock clock, Scheduler scheduler,
                      Executor executor, NodeAddress self) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.keyspaces = Objects.requireNonNull(keyspaces, "keyspaces");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.repairs = Objects.requireNonNull(repairs, "repairs");
        this.alive = Objects.requireNonNull(alive, "alive");
        this.ready = Objects.requireNonNull(ready, "ready");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.self = Objects.requireNonNull(self, "self");
    }

    /** Starts the checks (when the settings have automatic repair on, and it was not stopped). */
    public synchronized void start() {
        if (!settings.automatic() || checks != null || stopped) {
            return;
        }
        checks = scheduler.scheduleWithFixedDelay(settings.checkInterval(), settings.checkInterval(), this::check);
    }

    /** Stops the checks for good; a piece under repair finishes, and no other starts. */
    public synchronized void stop() {
        stopped = true;
        if (checks != null) {
            checks.cancel();
        }
    }

    /** What automatic repair has done since the node started. */
    public Progress progress() {
        return new Progress(repaired.get(), failed.get(), totals.get(), lastFailure.get());
    }

    /** Whether automatic repair is on (and not stopped). */
    public boolean enabled() {
        return settings.automatic() && !stopped;
    }

    /** Whether a piece is under automatic repair now. */
    public boolean isRunning() {
        return running.get();
    }

    /** One check: starts repairing the due pieces unless that runs already. */
    void check() {
        if (stopped || !ready.getAsBoolean() || !running.compareAndSet(false, true)) {
            return;
        }
        executor.execute(this::repairNext);
    }

    private void repairNext() {
        Due due;
        try {
            due = stopped || !ready.getAsBoolean() ? null : mostOverdue();
        } catch (RuntimeException e) {
            LOG.warn("Automatic repair could not work out which range is due: {}", e.getMessage());
            due = null;
        }
        if (due == null) {
            running.set(false);
            return;
        }
        Due piece = due;
        java.util.concurrent.CompletableFuture<Repair.Result> repair;
        try {
            repair = repairs.get().runPiece(piece.keyspace(), piece.table(), piece.piece(), fullTurn(piece));
        } catch (RuntimeException e) {
            repair = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        repair.whenComplete((result, failure) -> {
            if (failure != null) {
                failed.incrementAndGet();
                String why = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause().getMessage() : failure.getMessage();
                lastFailure.set(piece.table() + " in " + piece.piece() + ": " + why);
                LOG.warn("Automatic repair of {} in {} failed; it is tried again in {} s, other ranges first: {}",
                        piece.table(), piece.piece(), settings.minInterval().toSeconds(), why);
                backOff(piece);
            } else {
                repaired.incrementAndGet();
                totals.accumulateAndGet(result, Repair.Result::plus);
            }
            try {
                executor.execute(this::repairNext);
            } catch (RuntimeException e) {
                running.set(false);
            }
        });
    }

    /** Every how many automatic repairs of a piece one is full. */
    static final int FULL_EVERY = 8;

    /** The most pieces whose repairs are counted; past it the counts start again (a full repair comes later). */
    static final int MAX_COUNTED_PIECES = 65_536;

    /** Automatic repairs of each piece since the node started. */
    private final java.util.Map<String, Integer> runs = new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether this repair of {@code piece} is to be full: every {@link #FULL_EVERY}th. */
    private boolean fullTurn(Due piece) {
        if (runs.size() >= MAX_COUNTED_PIECES) {
            runs.clear();
        }
        return runs.merge(keyOf(piece.table(), piece.piece()), 1, Integer::sum) % FULL_EVERY == 0;
    }

    /** Pieces whose last automatic repair failed, and until when (seconds) they are left alone. */
    private final java.util.Map<String, Long> failedUntil = new java.util.concurrent.ConcurrentHashMap<>();

    private static String keyOf(TableMetadata table, TokenRange piece) {
        return table.tableId() + " " + piece;
    }

    /** Leaves a piece whose repair failed alone for the minimum interval, so that the others go on. */
    private void backOff(Due piece) {
        long now = clock.currentTimeSeconds();
        failedUntil.values().removeIf(until -> until <= now);
        failedUntil.put(keyOf(piece.table(), piece.piece()), now + Math.max(settings.minInterval().toSeconds(),
                settings.checkInterval().toSeconds()));
    }

    /**
     * The piece this node is the primary replica of whose repair is the most overdue, its
     * replicas all up; null when none is due (or the ring is moving).
     */
    Due mostOverdue() {
        ClusterMetadata planned = metadata.get();
        if (planned.movement() != null) {
            return null;
        }
        long now = clock.currentTimeSeconds();
        List<TokenRange> pieces = RingPieces.of(TokenRange.FULL, planned.ring().tokens());
        Due most = null;
        for (KeyspaceMetadata keyspace : keyspaces.get()) {
            if (keyspace.tables().isEmpty()) {
                continue;
            }
            for (TokenRange piece : pieces) {
                List<NodeAddress> replicas = planned.ring().replicasFor(keyspace, piece.end());
                if (replicas.isEmpty() || !replicas.get(0).equals(self) || !replicas.stream().allMatch(alive)) {
                    continue;
                }
                for (TableMetadata table : keyspace.tables().values()) {
                    Long until = failedUntil.get(keyOf(table, piece));
                    if (until != null && until > now) {
                        continue;
                    }
                    long last = storage.repaired(table.tableId()).oldest(piece);
                    long dueSince = last == RepairedRanges.NEVER ? Long.MIN_VALUE
                            : Math.min(last, now) + settings.intervalFor(table.params().gcGraceSeconds()).toSeconds();
                    if (dueSince <= now && (most == null || dueSince < most.dueSinceSeconds())) {
                        most = new Due(keyspace, table, piece, dueSince);
                    }
                }
            }
        }
        return most;
    }
}
