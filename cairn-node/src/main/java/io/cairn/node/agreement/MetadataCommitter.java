package io.cairn.node.agreement;

import io.cairn.common.concurrent.AsyncLoop;
import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.cql.ConsistencyLevel;
import io.cairn.cql.error.ReadTimeoutException;
import io.cairn.cql.error.UnavailableException;
import io.cairn.cql.error.WriteTimeoutException;
import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.MetadataSerializers;
import io.cairn.node.metadata.Transformation;
import io.cairn.node.metadata.log.LocalLog;
import io.cairn.node.paxos.PaxosCoordinator;
import io.cairn.storage.PartitionData;
import io.cairn.storage.ReadFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Commits a change to the cluster metadata log: works it out against the latest snapshot this
 * node has (epoch N), and if it applies there, proposes it for slot N+1 with a lightweight
 * transaction that fills the slot only if it is empty. When another entry won the slot, this
 * node applies that one and tries again at N+2; a change that no longer applies is refused,
 * once a SERIAL read of the next slot confirms that N was the log's end (so the refusal is
 * linearizable: two concurrent CREATE TABLEs of one name give one success and one refusal).
 *
 * <p>The entry keeps one random id through every attempt: an attempt whose outcome was
 * uncertain is recognized later by its id in the slot it won. Attempts are bounded in number
 * ({@link #MAX_ATTEMPTS}) and time ({@link #DEADLINE}); contention backs off for a random,
 * bounded time on the scheduler. Nothing blocks.
 */
public final class MetadataCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataCommitter.class);

    public static final int MAX_ATTEMPTS = 32;
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    static final long MIN_BACKOFF_MICROS = 5_000;
    static final long MAX_BACKOFF_MICROS = 500_000;

    /** This node's copy of the log: what it has applied, and where decided entries go. */
    public interface Log {
        ClusterMetadata current();

        /** Applies the entries that follow what is applied (in any order; others are kept or ignored). */
        void append(List<LogEntry> entries);

        /** The applied entry of {@code epoch}, if this node has it. */
        Optional<LogEntry> entryAt(Epoch epoch);

        /** Why the log stopped applying entries, if it did. */
        Optional<String> halted();

        /** A log over {@link LocalLog}. */
        static Log of(LocalLog log) {
            return new Log() {
                @Override
                public ClusterMetadata current() {
                    return log.current();
                }

                @Override
                public void append(List<LogEntry> entries) {
                    log.append(entries);
                }

                @Override
                public Optional<LogEntry> entryAt(Epoch epoch) {
                    return log.entriesAfter(epoch.previous(), 1).stream()
                            .filter(entry -> entry.epoch().equals(epoch)).findFirst();
                }

                @Override
                public Optional<String> halted() {
                    return log.halted();
                }
            };
        }
    }

    /** A change that the log's latest snapshot refuses. */
    public static final class RejectedException extends RuntimeException {
        private final Transformation.Rejection rejection;

        RejectedException(Transformation.Rejection rejection, String message) {
            super(message);
            this.rejection = rejection;
        }

        public Transformation.Rejection rejection() {
            return rejection;
        }
    }

    private final PaxosCoordinator slots;
    private final Log log;
    private final Clock clock;
    private final Scheduler scheduler;
    private final RandomGenerator random;

    /**
     * @param slots a Paxos coordinator whose topology is the metadata replicas
     *              ({@link MetadataReplicaTopology}), over replicas that have
     *              {@link MetadataSlots#TABLE} in storage
     */
    public MetadataCommitter(PaxosCoordinator slots, Log log, Clock clock, Scheduler scheduler,
                             RandomGenerator random) {
        this.slots = Objects.requireNonNull(slots, "slots");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Commits the change that {@code change} works out against a snapshot (called again at
     * each attempt, with the latest snapshot; null when there is nothing to change, an
     * exception when the change is refused, e.g. a CQL AlreadyExists). Completes with a
     * snapshot that includes it, once it is decided and applied here, or with the latest
     * snapshot when there was nothing to change. Fails with the change's own exception, or
     * {@link RejectedException} when the entry does not apply, but only once the snapshot it
     * was judged against is known to be the log's end; with an UnavailableException when too
     * few metadata replicas are alive; or with an IllegalStateException naming the attempts
     * when contention outlasts them.
     */
    public CompletableFuture<ClusterMetadata> commit(Function<ClusterMetadata, Transformation> change) {
        return new Attempts(change, random.nextLong()).run();
    }

    /** One commit's attempts. */
    private final class Attempts {
        private final Function<ClusterMetadata, Transformation> change;
        private final long id;
        private final long deadlineNanos = clock.nanoTime() + DEADLINE.toNanos();
        private final CompletableFuture<ClusterMetadata> result = new CompletableFuture<>();
        private int attempts;
        private long backoffMicros = MIN_BACKOFF_MICROS;
        /** Slots this commit proposed to without learning the outcome: its entry may be in any of them. */
        private final Set<Epoch> uncertain = new TreeSet<>();

        Attempts(Function<ClusterMetadata, Transformation> change, long id) {
            this.change = change;
            this.id = id;
        }

        CompletableFuture<ClusterMetadata> run() {
            AsyncLoop.whileTrue(this::attempt).whenComplete((done, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(AsyncLoop.unwrap(failure));
                }
            });
            return result;
        }

        /** One attempt: true when another should follow. */
        private CompletionStage<Boolean> attempt() {
            if (result.isDone()) {
                return CompletableFuture.completedFuture(false);
            }
            if (++attempts > MAX_ATTEMPTS || clock.nanoTime() - deadlineNanos > 0) {
                throw new IllegalStateException("Could not commit a cluster metadata change in " + (attempts - 1)
                        + " attempts (the log is at " + log.current().epoch() + ")");
            }
            Optional<String> halted = log.halted();
            if (halted.isPresent()) {
                throw new IllegalStateException("The metadata log stopped applying entries here: " + halted.get());
            }
            ClusterMetadata current = log.current();
            if (decidedEarlier(current.epoch())) {
                return CompletableFuture.completedFuture(false);
            }
            Epoch slot = current.epoch().next();
            Transformation proposed;
            try {
                proposed = change.apply(current);
            } catch (RuntimeException refusal) {
                // A statement's own check refused it against this snapshot (AlreadyExists, say).
                return confirmEnd(slot, () -> result.completeExceptionally(refusal));
            }
            if (proposed == null) {
                // Nothing to change at this snapshot (IF NOT EXISTS, say): true if it is the log's end.
                return confirmEnd(slot, () -> result.complete(current));
            }
            Transformation.Result outcome = proposed.apply(current);
            if (outcome instanceof Transformation.Rejected rejected) {
                return confirmEnd(slot, () -> result.completeExceptionally(new RejectedException(
                        rejected.rejection(), rejected.message())));
            }
            LogEntry entry = new LogEntry(slot, id, proposed);
            byte[] encoded = MetadataSerializers.serialize(entry);
            long nowSeconds = clock.currentTimeSeconds();
            return slots.cas(MetadataSlots.TABLE, MetadataSlots.key(slot), ReadFilter.all(nowSeconds),
                            (read, timestampMicros, now) -> MetadataSlots.entryOf(read, now) == null
                                    ? MetadataSlots.fill(slot, encoded, timestampMicros) : null,
                            ConsistencyLevel.SERIAL, ConsistencyLevel.QUORUM)
                    .handle((cas, failure) -> {
                        if (failure != null) {
                            uncertain.add(slot);
                            return retryAfter(failure, slot);
                        }
                        if (cas.applied()) {
                            return decided(entry);
                        }
                        return decided(winnerOf(cas.current(), slot));
                    })
                    .thenCompose(next -> next);
        }

        /**
         * What the snapshot this node has says of the change (a refusal, or nothing to do) is
         * the answer only if that snapshot is the log's end, which a SERIAL read of the next
         * slot confirms: then {@code answer} ends the commit. Otherwise the slot's entry is
         * applied and the change worked out again.
         */
        private CompletionStage<Boolean> confirmEnd(Epoch slot, Runnable answer) {
            long nowSeconds = clock.currentTimeSeconds();
            return slots.readSerial(MetadataSlots.TABLE, MetadataSlots.key(slot), ReadFilter.all(nowSeconds),
                            ConsistencyLevel.SERIAL)
                    .handle((read, failure) -> {
                        if (failure != null) {
                            return retryAfter(failure, slot);
                        }
                        if (MetadataSlots.entryOf(read, nowSeconds) == null) {
                            answer.run();
                            return CompletableFuture.completedFuture(false);
                        }
                        return decided(winnerOf(read, slot));
                    })
                    .thenCompose(next -> next);
        }

        /**
         * Whether an earlier attempt of this commit was decided after all, in a slot this node
         * has applied since (its outcome was uncertain; another commit or a fetch brought it).
         */
        private boolean decidedEarlier(Epoch applied) {
            for (var slots = uncertain.iterator(); slots.hasNext(); ) {
                Epoch slot = slots.next();
                if (slot.isAfter(applied)) {
                    break;
                }
                slots.remove();
                if (log.entryAt(slot).map(entry -> entry.id() == id).orElse(false)) {
                    result.complete(log.current());
                    return true;
                }
            }
            return false;
        }

        /**
         * A decided entry is applied here; the commit is done if it is this commit's. The log
         * must then hold this very entry at its epoch: Paxos decides one value per slot.
         */
        private CompletionStage<Boolean> decided(LogEntry entry) {
            log.append(List.of(entry));
            uncertain.remove(entry.epoch());
            if (entry.id() != id) {
                return CompletableFuture.completedFuture(true);
            }
            Optional<LogEntry> applied = log.entryAt(entry.epoch());
            if (applied.isEmpty()) {
                throw new IllegalStateException("The log did not apply this commit's decided entry of "
                        + entry.epoch() + " (it is at " + log.current().epoch() + ")");
            }
            if (applied.get().id() != id) {
                throw new IllegalStateException("Two entries were decided for " + entry.epoch() + ": ids " + id
                        + " and " + applied.get().id());
            }
            result.complete(log.current());
            return CompletableFuture.completedFuture(false);
        }

        private LogEntry winnerOf(PartitionData read, Epoch slot) {
            byte[] bytes = MetadataSlots.entryOf(read, clock.currentTimeSeconds());
            if (bytes == null) {
                throw new IllegalStateException("Slot " + slot.value() + " was not filled, but the transaction filling"
                        + " it did not apply");
            }
            LogEntry winner = MetadataSerializers.deserializeEntry(bytes);
            if (!winner.epoch().equals(slot)) {
                throw new IllegalStateException("Slot " + slot.value() + " holds an entry of " + winner.epoch());
            }
            return winner;
        }

        /** Contention or silence: try again after a random, growing pause. Anything else ends the commit. */
        private CompletionStage<Boolean> retryAfter(Throwable failure, Epoch slot) {
            Throwable cause = AsyncLoop.unwrap(failure);
            if (cause instanceof UnavailableException unavailable) {
                int replicas = log.current().metadataReplicas().size();
                result.completeExceptionally(new UnavailableException(unavailable.consistency(),
                        unavailable.required(), unavailable.alive(), "Cannot change cluster metadata: "
                        + unavailable.alive() + " of " + replicas + " metadata replicas alive, "
                        + unavailable.required() + " required"));
                return CompletableFuture.completedFuture(false);
            }
            if (!(cause instanceof WriteTimeoutException) && !(cause instanceof ReadTimeoutException)) {
                result.completeExceptionally(cause);
                return CompletableFuture.completedFuture(false);
            }
            LOG.debug("Committing to slot {} of the metadata log: {}; trying again", slot.value(), cause.getMessage());
            long pause = MIN_BACKOFF_MICROS + random.nextLong(backoffMicros);
            backoffMicros = Math.min(MAX_BACKOFF_MICROS, backoffMicros * 2);
            CompletableFuture<Boolean> again = new CompletableFuture<>();
            scheduler.schedule(Duration.ofNanos(pause * 1_000), () -> again.complete(true));
            return again;
        }
    }
}
