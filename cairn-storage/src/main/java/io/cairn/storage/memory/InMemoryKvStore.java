package io.cairn.storage.memory;

import io.cairn.storage.StorageException;
import io.cairn.storage.kv.KvCursor;
import io.cairn.storage.kv.KvEntry;
import io.cairn.storage.kv.KvStore;
import io.cairn.storage.kv.ReadScope;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link KvStore} in memory, for the simulator and fast tests: the same ordering and
 * byte-wise-maximum merges as the RocksDB store, nothing on disk. One read-write lock makes
 * every merge batch atomic and every read a consistent view.
 */
public final class InMemoryKvStore implements KvStore {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, TreeMap<byte[], byte[]>> families = new HashMap<>();
    private final Map<String, byte[]> metadata = new HashMap<>();
    private final Map<String, InMemoryKvStore> snapshots = new HashMap<>();
    private volatile Consumer<Map<String, java.util.List<KvEntry>>> syncedWrites = write -> { };
    private volatile Runnable syncs = () -> { };
    /**
     * While {@link #journalChanges} is on: each change since the last {@link #replayChangesOnto},
     * as an action that makes it on another store. Guarded by the write lock.
     */
    private List<Consumer<InMemoryKvStore>> journal;

    @Override
    public Set<String> columnFamilies() {
        lock.readLock().lock();
        try {
            return Set.copyOf(families.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void createColumnFamily(String name) {
        writing(() -> {
            families.putIfAbsent(name, newFamily());
            journal(target -> target.families.putIfAbsent(name, newFamily()));
        });
    }

    @Override
    public void dropColumnFamily(String name) {
        writing(() -> {
            families.remove(name);
            journal(target -> target.families.remove(name));
        });
    }

    @Override
    public void clearColumnFamily(String name) {
        writing(() -> {
            family(name).clear();
            journal(target -> target.familyCreating(name).clear());
        });
    }

    @Override
    public boolean deleteRange(String columnFamily, byte[] from, byte[] to,
                               java.util.function.BooleanSupplier proceed) {
        if (to != null && java.util.Arrays.compareUnsigned(from, to) >= 0) {
            return true;
        }
        boolean[] done = new boolean[1];
        // One batch: under the write lock, as merges are.
        writing(() -> {
            if (proceed.getAsBoolean()) {
                clearRange(family(columnFamily), from, to);
                journal(target -> clearRange(target.familyCreating(columnFamily), from, to));
                done[0] = true;
            }
        });
        return done[0];
    }

    private static void clearRange(TreeMap<byte[], byte[]> family, byte[] from, byte[] to) {
        (to == null ? family.tailMap(from, true) : family.subMap(from, true, to, false)).clear();
    }

    @Override
    public void merge(String columnFamily, java.util.List<KvEntry> entries, boolean synced) {
        writing(() -> {
            mergeInto(family(columnFamily), entries);
            journal(target -> mergeInto(target.familyCreating(columnFamily), entries));
        });
        if (synced) {
            // Outside the lock: the listener may write to another store (the simulator's disk image).
            syncedWrites.accept(Map.of(columnFamily, entries));
        }
    }

    @Override
    public void mergeAcross(Map<String, java.util.List<KvEntry>> entriesByFamily, boolean synced) {
        writing(() -> {
            for (var write : entriesByFamily.entrySet()) {
                family(write.getKey());
            }
            for (var write : entriesByFamily.entrySet()) {
                mergeInto(family(write.getKey()), write.getValue());
            }
            journal(target -> entriesByFamily.forEach((name, entries) -> mergeInto(target.familyCreating(name), entries)));
        });
        if (synced) {
            syncedWrites.accept(entriesByFamily);
        }
    }

    private static void mergeInto(TreeMap<byte[], byte[]> family, java.util.List<KvEntry> entries) {
        for (KvEntry entry : entries) {
            family.merge(entry.key(), entry.value(),
                    (stored, written) -> Arrays.compareUnsigned(written, stored) > 0 ? written : stored);
        }
    }

    /**
     * Hears every synced write once it is applied here, as one call: its entries by column family
     * (the arrays are shared, not copied; the listener must not change them). Memory has no
     * disk, so the simulator, which keeps a node's durable image apart under periodic commit-log
     * sync, copies these into that image: a synced write survives a crash there as it does on
     * RocksDB. Replaces any listener set before; it runs on the writer's thread.
     */
    public void onSyncedWrite(Consumer<Map<String, java.util.List<KvEntry>>> listener) {
        this.syncedWrites = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Hears every {@link #sync}, and every metadata write, which is synced as RocksDB's are (a
     * synced write forces every earlier one too): the simulator's durable image takes all of this
     * store then. Replaces any listener set before; it runs on the caller's thread.
     */
    public void onSync(Runnable listener) {
        this.syncs = java.util.Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void sync() {
        syncs.run();
    }

    /**
     * Merges {@code entries} into a column family, creating it when absent: how a durable
     * image takes in a synced write for a table it may not have seen created yet.
     */
    public void mergeCreating(String columnFamily, java.util.List<KvEntry> entries) {
        writing(() -> {
            mergeInto(familyCreating(columnFamily), entries);
            journal(target -> mergeInto(target.familyCreating(columnFamily), entries));
        });
    }

    /**
     * From now on, remembers every change to this store (snapshots aside) until
     * {@link #replayChangesOnto} makes them on another: how the simulator keeps a node's durable
     * image under periodic commit-log sync current at each sync without copying the whole store.
     */
    public void journalChanges() {
        writing(() -> journal = new java.util.ArrayList<>());
    }

    /**
     * Makes on {@code target} every change made here since {@link #journalChanges} or the last
     * call, in order, and forgets them. A target that held this store's contents as they were
     * then (give or take synced writes merged into it since, which merges make again in their
     * place) holds them as they are now.
     */
    public void replayChangesOnto(InMemoryKvStore target) {
        if (target == this) {
            throw new IllegalArgumentException("a store cannot replay its changes onto itself");
        }
        List<Consumer<InMemoryKvStore>> changes = new java.util.ArrayList<>();
        writing(() -> {
            if (journal == null) {
                throw new IllegalStateException("this store journals no changes (journalChanges was not called)");
            }
            changes.addAll(journal);
            journal.clear();
        });
        target.writing(() -> changes.forEach(change -> change.accept(target)));
    }

    /** Records {@code change} when journaling; under the write lock. */
    private void journal(Consumer<InMemoryKvStore> change) {
        if (journal != null) {
            journal.add(change);
        }
    }

    @Override
    public <T> T read(String columnFamily, ReadScope scope, Function<KvCursor, T> reader) {
        lock.readLock().lock();
        try {
            return reader.apply(new MapCursor(family(columnFamily), scope == ReadScope.ONE_TOKEN));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int deleteIfUnchanged(String columnFamily, java.util.List<KvEntry> expected) {
        lock.writeLock().lock();
        try {
            TreeMap<byte[], byte[]> family = family(columnFamily);
            List<byte[]> deleted = new java.util.ArrayList<>();
            for (KvEntry entry : expected) {
                if (Arrays.equals(family.get(entry.key()), entry.value())) {
                    family.remove(entry.key());
                    deleted.add(entry.key());
                }
            }
            // What was deleted is deleted again, unconditionally: a later write to the key that
            // the target took already (a synced one) is in the journal after this, and comes back.
            journal(target -> deleted.forEach(target.familyCreating(columnFamily)::remove));
            return deleted.size();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void flush() {
        // Nothing to flush: memory is the only tier.
    }

    @Override
    public void flush(String columnFamily) {
        lock.readLock().lock();
        try {
            family(columnFamily);   // fails for a family that does not exist, as RocksDB's store does
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void compact(String columnFamily) {
        flush(columnFamily);   // one sorted map: nothing to merge
    }

    /** All of it is "memtable": memory is the only tier, and there are no data files. */
    @Override
    public io.cairn.storage.kv.FamilyStats familyStats(String columnFamily) {
        lock.readLock().lock();
        try {
            TreeMap<byte[], byte[]> family = family(columnFamily);
            long bytes = 0;
            for (Map.Entry<byte[], byte[]> entry : family.entrySet()) {
                bytes += entry.getKey().length + entry.getValue().length;
            }
            return new io.cairn.storage.kv.FamilyStats(bytes, family.size(), bytes, List.of());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void snapshot(String tag) {
        lock.readLock().lock();
        try {
            InMemoryKvStore copy = new InMemoryKvStore();
            families.forEach((name, family) -> copy.families.put(name, new TreeMap<>(family)));
            copy.metadata.putAll(metadata);
            synchronized (snapshots) {
                if (snapshots.putIfAbsent(tag, copy) != null) {
                    throw new StorageException("Snapshot '" + tag + "' already exists");
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Set<String> snapshots() {
        synchronized (snapshots) {
            return Set.copyOf(snapshots.keySet());
        }
    }

    @Override
    public boolean clearSnapshot(String tag) {
        synchronized (snapshots) {
            return snapshots.remove(tag) != null;
        }
    }

    @Override
    public <T> T readSnapshot(String tag, String columnFamily, Function<KvCursor, T> reader) {
        InMemoryKvStore snapshot;
        synchronized (snapshots) {
            snapshot = snapshots.get(tag);
        }
        if (snapshot == null) {
            throw new StorageException("Snapshot '" + tag + "' does not exist");
        }
        return snapshot.columnFamilies().contains(columnFamily) ? snapshot.read(columnFamily, ReadScope.ANY, reader)
                : null;
    }

    /**
     * A copy of everything this store holds now (snapshots aside): the simulator keeps one as
     * a node's durable image, what a crash under periodic commit-log sync falls back to.
     */
    public InMemoryKvStore copy() {
        lock.readLock().lock();
        try {
            InMemoryKvStore copy = new InMemoryKvStore();
            families.forEach((name, family) -> copy.families.put(name, new TreeMap<>(family)));
            copy.metadata.putAll(metadata);
            return copy;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A store holding the snapshot's copy, to open an engine on it. */
    public InMemoryKvStore openSnapshot(String tag) {
        synchronized (snapshots) {
            InMemoryKvStore snapshot = snapshots.get(tag);
            if (snapshot == null) {
                throw new StorageException("Snapshot '" + tag + "' does not exist");
            }
            InMemoryKvStore copy = new InMemoryKvStore();
            snapshot.families.forEach((name, family) -> copy.families.put(name, new TreeMap<>(family)));
            copy.metadata.putAll(snapshot.metadata);
            return copy;
        }
    }

    @Override
    public long approximateBytes(String columnFamily, byte[] from, byte[] to) {
        lock.readLock().lock();
        try {
            TreeMap<byte[], byte[]> family = family(columnFamily);
            NavigableMap<byte[], byte[]> range = to == null ? family.tailMap(from, true) : family.subMap(from, true, to, false);
            long bytes = 0;
            for (Map.Entry<byte[], byte[]> entry : range.entrySet()) {
                bytes += entry.getKey().length + entry.getValue().length;
            }
            return bytes;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public byte[] metadata(String key) {
        lock.readLock().lock();
        try {
            return metadata.get(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void putMetadata(String key, byte[] value) {
        writing(() -> {
            metadata.put(key, value);
            journal(target -> target.metadata.put(key, value));
        });
        syncs.run();
    }

    @Override
    public void deleteMetadata(String key) {
        writing(() -> {
            metadata.remove(key);
            journal(target -> target.metadata.remove(key));
        });
        syncs.run();
    }

    /** Puts raw bytes under a key, bypassing the merge: lets tests plant damaged entries. */
    public void putRaw(String columnFamily, byte[] key, byte[] value) {
        writing(() -> {
            family(columnFamily).put(key, value);
            journal(target -> target.familyCreating(columnFamily).put(key, value));
        });
    }

    /**
     * Releases nothing: the data stays, as on the simulator's disk, so that an engine opened
     * again on this store finds what was written before.
     */
    @Override
    public void close() {
    }

    private void writing(Runnable change) {
        lock.writeLock().lock();
        try {
            change.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private TreeMap<byte[], byte[]> family(String name) {
        TreeMap<byte[], byte[]> family = families.get(name);
        if (family == null) {
            throw new StorageException("Column family " + name + " does not exist");
        }
        return family;
    }

    private TreeMap<byte[], byte[]> familyCreating(String name) {
        return families.computeIfAbsent(name, absent -> newFamily());
    }

    private static TreeMap<byte[], byte[]> newFamily() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    /**
     * A cursor over one column family, valid while the store's read lock is held (so the map
     * cannot change under it). It steps with the map's own iterators, one entry a step, instead
     * of searching the tree again from the root for every step. Like RocksDB's prefix-bounded
     * iterators, a one-token cursor becomes invalid when it leaves the token of its first seek,
     * so the engine cannot come to rely on more.
     */
    private static final class MapCursor implements KvCursor {
        private static final int TOKEN_BYTES = 8;

        private final TreeMap<byte[], byte[]> map;
        private final boolean oneToken;
        private byte[] token;
        private Map.Entry<byte[], byte[]> current;
        /** Positioned just after {@link #current} in key order; null until a step forward needs it. */
        private Iterator<Map.Entry<byte[], byte[]>> forward;
        /** Positioned just before {@link #current}; null until a step back needs it. */
        private Iterator<Map.Entry<byte[], byte[]>> backward;

        MapCursor(TreeMap<byte[], byte[]> map, boolean oneToken) {
            this.map = map;
            this.oneToken = oneToken;
        }

        @Override
        public void seek(byte[] target) {
            bound(target);
            forward = map.tailMap(target, true).entrySet().iterator();
            backward = null;
            current = forward.hasNext() ? forward.next() : null;
        }

        @Override
        public void seekForPrev(byte[] target) {
            bound(target);
            backward = map.headMap(target, true).descendingMap().entrySet().iterator();
            forward = null;
            current = backward.hasNext() ? backward.next() : null;
        }

        private void bound(byte[] target) {
            if (oneToken && token == null) {
                token = Arrays.copyOf(target, Math.min(TOKEN_BYTES, target.length));
            }
        }

        @Override
        public boolean isValid() {
            if (current == null) {
                return false;
            }
            if (token != null && !Arrays.equals(current.getKey(), 0, Math.min(token.length, current.getKey().length),
                    token, 0, token.length)) {
                current = null;
                return false;
            }
            return true;
        }

        @Override
        public byte[] key() {
            return current.getKey();
        }

        @Override
        public byte[] value() {
            return current.getValue();
        }

        @Override
        public void next() {
            if (forward == null) {
                forward = map.tailMap(current.getKey(), false).entrySet().iterator();
            }
            backward = null;
            current = forward.hasNext() ? forward.next() : null;
        }

        @Override
        public void prev() {
            if (backward == null) {
                backward = map.headMap(current.getKey(), false).descendingMap().entrySet().iterator();
            }
            forward = null;
            current = backward.hasNext() ? backward.next() : null;
        }
    }
}
