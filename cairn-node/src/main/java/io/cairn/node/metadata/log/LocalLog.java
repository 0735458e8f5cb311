package io.cairn.node.metadata.log;

import io.cairn.node.metadata.ClusterMetadata;
import io.cairn.node.metadata.Epoch;
import io.cairn.node.metadata.LogEntry;
import io.cairn.node.metadata.Transformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This node's copy of the cluster metadata log. Entries arrive in any order, from any peer, any
 * number of times; the log applies them strictly one epoch after the other, so that every node
 * goes through the same snapshots. An entry waits in a bounded reorder buffer until the entry
 * before it has been applied.
 *
 * <p>Applying an entry: {@link Transformation#apply} on {@link #current()}; the entry is
 * persisted ({@link LogStore#append}); every {@link #SNAPSHOT_INTERVAL} epochs the snapshot too;
 * then the snapshot is published as {@link #current()}, and the listeners are told in the order
 * they were added. So whatever a reader sees is durable.
 *
 * <p>Entries are decided by consensus before they arrive here, so one that does not apply at
 * its epoch is a bug (or a corrupt store). The log then <em>halts</em>: it keeps the snapshot
 * it has, records why ({@link #halted()}), and applies nothing more until the node restarts
 * with a fix. Going on would let this node's metadata silently differ from the others'. An
 * entry that cannot be stored halts it too: it would be lost at the next restart. A listener
 * that fails does not (see {@link MetadataListener}).
 *
 * <p>Thread-safe by one lock: {@link #append}, {@link #replay} and the counters take it, and
 * listeners run with it held. {@link #current()}, {@link #epoch()}, {@link #at} and
 * {@link #halted()} read published state without it. The log has no thread of its own.
 */
public final class LocalLog {

    /** The most entries waiting for an earlier one; those furthest ahead are dropped beyond it. */
    public static final int MAX_PENDING_ENTRIES = 10_000;
    /** A snapshot is stored at every epoch that is a multiple of this. */
    public static final int SNAPSHOT_INTERVAL = 64;
    /** How many of the latest snapshots {@link #at} answers for, the current one included. */
    public static final int RETAINED_EPOCHS = 32;
    /** The most entries one {@link #entriesAfter} returns, and one read of the replay. */
    public static final int MAX_ENTRIES_PER_READ = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(LocalLog.class);

    private final Object lock = new Object();
    private final LogStore store;
    private final List<MetadataListener> listeners = new CopyOnWriteArrayList<>();
    /** Entries after the current epoch, waiting for their turn. Guarded by {@link #lock}. */
    private final TreeMap<Epoch, LogEntry> pending = new TreeMap<>();
    /** The snapshots of the last {@link #RETAINED_EPOCHS} epochs; written under the lock. */
    private final ConcurrentSkipListMap<Epoch, ClusterMetadata> retained = new ConcurrentSkipListMap<>();
    private volatile ClusterMetadata current;
    private volatile String haltReason;
    /** Whether the stored entries after the start snapshot are still to be replayed. Guarded. */
    private boolean isReplayDue;
    /** Whether entries are being applied (a listener appending must not apply re-entrantly). Guarded. */
    private boolean isApplying;
    /** Counters, guarded by {@link #lock}. */
    private long dropped;
    private long duplicates;
    private long listenerFailures;

    /**
     * A log that starts at {@code initial} and appends after it, reading nothing from
     * {@code store}: for a new node, whose {@code initial} is the empty snapshot.
     */
    public LocalLog(LogStore store, ClusterMetadata initial) {
        this(store, initial, false);
    }

    private LocalLog(LogStore store, ClusterMetadata start, boolean isReplayDue) {
        this.store = Objects.requireNonNull(store, "store");
        this.current = Objects.requireNonNull(start, "start");
        this.isReplayDue = isReplayDue;
        retained.put(start.epoch(), start);
    }

    /**
     * The log as {@code store} kept it: at its latest snapshot ({@code empty} when there is
     * none), with the entries stored after it still to {@link #replay}. Add the listeners
     * first: replaying tells them of those entries. Nothing can be appended before the replay.
     */
    public static LocalLog open(LogStore store, ClusterMetadata empty) {
        if (!empty.epoch().equals(Epoch.EMPTY)) {
            throw new IllegalArgumentException("The log opens on the empty snapshot, not on one at " + empty.epoch());
        }
        return new LocalLog(store, store.latestSnapshot().orElse(empty), true);
    }

    /** Adds a listener, told of every entry applied from now on, after those added before it. */
    public void addListener(MetadataListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Applies the entries the store holds after the snapshot the log was {@linkplain #open
     * opened} at, without storing them again; then the log takes appends. A stored entry that
     * does not apply halts the log, as an appended one would. If reading the store throws, the
     * exception goes to the caller, and calling this again goes on from where the replay got to.
     */
    public void replay() {
        synchronized (lock) {
            if (!isReplayDue) {
                throw new IllegalStateException("Nothing to replay: the log was replayed already, or not opened "
                        + "from its store");
            }
            isApplying = true;
            try {
                List<LogEntry> read = store.entriesAfter(current.epoch(), MAX_ENTRIES_PER_READ);
                while (!read.isEmpty() && haltReason == null) {
                    for (LogEntry entry : read) {
                        if (!applyNext(entry, false)) {
                            break;
                        }
                    }
                    read = store.entriesAfter(current.epoch(), MAX_ENTRIES_PER_READ);
                }
            } finally {
                isApplying = false;
            }
            isReplayDue = false;
            // Entries that listeners appended while the replay ran may have been replayed since.
            Map<Epoch, LogEntry> passed = pending.headMap(current.epoch(), true);
            duplicates += passed.size();
            passed.clear();
            applyPending();
        }
    }

    /**
     * Takes entries in any order, duplicates and entries already applied included (they are
     * counted and ignored), and applies every one that is next in turn. Entries after a missing
     * one wait; at most {@link #MAX_PENDING_ENTRIES} wait at any time (an arriving one
     * included), and beyond that those furthest ahead are dropped (counted), to be fetched
     * again. A halted log still takes entries, up to the same bound, and applies none.
     */
    public void append(Collection<LogEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        synchronized (lock) {
            // A listener told of a replayed entry may append (on this thread, which holds the lock).
            if (isReplayDue && !isApplying) {
                throw new IllegalStateException("The stored log is not replayed yet: call replay() before appending "
                        + entries.size() + " entries");
            }
            for (LogEntry entry : entries) {
                buffer(Objects.requireNonNull(entry, "entry"));
            }
            if (!isApplying) {
                applyPending();
            }
        }
    }

    private void buffer(LogEntry entry) {
        if (!entry.epoch().isAfter(current.epoch())) {
            duplicates++;
            return;
        }
        LogEntry waiting = pending.putIfAbsent(entry.epoch(), entry);
        if (waiting != null) {
            duplicates++;
            if (!waiting.equals(entry)) {
                LOG.error("Two different entries at {}: keeping {} (id {}), ignoring {} (id {})", entry.epoch(),
                        waiting.transformation().kind(), waiting.id(), entry.transformation().kind(), entry.id());
            }
            return;
        }
        if (pending.size() > MAX_PENDING_ENTRIES) {
            pending.pollLastEntry();
            dropped++;
        }
    }

    private void applyPending() {
        isApplying = true;
        try {
            while (haltReason == null && !pending.isEmpty()) {
                Epoch first = pending.firstKey();
                if (!first.isAfter(current.epoch())) {
                    throw new IllegalStateException("Entry at " + first + " waits, but the log is at "
                            + current.epoch() + " already");
                }
                if (!first.follows(current.epoch())) {
                    return;
                }
                // An entry that halts the log stays with those after it, for the operator to see.
                if (applyNext(pending.get(first), true)) {
                    pending.remove(first);
                }
            }
        } finally {
            isApplying = false;
        }
    }

    /** Applies {@code entry} to the current snapshot, or halts; whether it applied. */
    private boolean applyNext(LogEntry entry, boolean isNew) {
        ClusterMetadata previous = current;
        if (!entry.epoch().follows(previous.epoch())) {
            return halt(entry, "it does not follow " + previous.epoch() + " (the stored log has a gap)", null);
        }
        Transformation.Result result;
        try {
            result = entry.transformation().apply(previous);
        } catch (RuntimeException e) {
            return halt(entry, "applying it threw " + e, e);
        }
        if (result instanceof Transformation.Rejected rejected) {
            return halt(entry, "it was rejected (" + rejected.rejection() + "): " + rejected.message(), null);
        }
        ClusterMetadata next = ((Transformation.Applied) result).next();
        if (!next.epoch().equals(entry.epoch())) {
            return halt(entry, "it made a snapshot at " + next.epoch(), null);
        }
        if (isNew) {
            try {
                store.append(entry);
            } catch (RuntimeException e) {
                return halt(entry, "storing it failed: " + e, e);
            }
        }
        if (next.epoch().value() % SNAPSHOT_INTERVAL == 0) {
            saveSnapshot(next);
        }
        publish(next);
        for (MetadataListener listener : listeners) {
            try {
                listener.applied(previous, next, entry);
            } catch (RuntimeException e) {
                listenerFailures++;
                LOG.error("Listener {} failed on the entry at {} ({}); the log goes on", listener, entry.epoch(),
                        entry.transformation().kind(), e);
            }
        }
        return true;
    }

    private void saveSnapshot(ClusterMetadata snapshot) {
        try {
            store.saveSnapshot(snapshot);
        } catch (RuntimeException e) {
            // The entries are stored: a restart replays from an older snapshot, only for longer.
            LOG.error("Could not store the snapshot at {}; the log goes on", snapshot.epoch(), e);
        }
    }

    private void publish(ClusterMetadata next) {
        retained.put(next.epoch(), next);
        current = next;
        while (retained.size() > RETAINED_EPOCHS) {
            retained.pollFirstEntry();
        }
    }

    private boolean halt(LogEntry entry, String why, RuntimeException cause) {
        String reason = "Stopped applying the cluster metadata log at " + current.epoch() + ": the entry at "
                + entry.epoch() + " (" + entry.transformation().kind() + ", id " + entry.id() + ") does not apply: "
                + why;
        haltReason = reason;
        LOG.error(reason, cause);
        return false;
    }

    /** The latest applied snapshot. */
    public ClusterMetadata current() {
        return current;
    }

    public Epoch epoch() {
        return current.epoch();
    }

    /**
     * The snapshot at {@code epoch} if it is one of the last {@link #RETAINED_EPOCHS} applied
     * (the current one included); empty when older or not reached yet.
     */
    public Optional<ClusterMetadata> at(Epoch epoch) {
        return Optional.ofNullable(retained.get(epoch));
    }

    /** Why the log stopped applying entries, or empty while it applies them. */
    public Optional<String> halted() {
        return Optional.ofNullable(haltReason);
    }

    /**
     * Up to {@code max} stored entries after {@code since}, ascending, for a peer catching up.
     * {@code max} is capped at {@link #MAX_ENTRIES_PER_READ}; the peer asks again for more.
     */
    public List<LogEntry> entriesAfter(Epoch since, int max) {
        Objects.requireNonNull(since, "since");
        if (max < 1) {
            throw new IllegalArgumentException("Asked for " + max + " entries: ask for at least one");
        }
        synchronized (lock) {
            // Under the lock: a store reads while no append runs (StorageLogStore is not thread-safe).
            return store.entriesAfter(since, Math.min(max, MAX_ENTRIES_PER_READ));
        }
    }

    /** How many entries wait for an earlier one. */
    public int pending() {
        synchronized (lock) {
            return pending.size();
        }
    }

    /** How many entries were dropped because the reorder buffer was full. */
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /** How many entries were ignored as applied or waiting already. */
    public long duplicates() {
        synchronized (lock) {
            return duplicates;
        }
    }

    /** How many times a listener threw. */
    public long listenerFailures() {
        synchronized (lock) {
            return listenerFailures;
        }
    }
}
