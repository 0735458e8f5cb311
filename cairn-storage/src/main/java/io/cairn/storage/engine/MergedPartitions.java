package io.cairn.storage.engine;

import io.cairn.common.time.Clock;
import io.cairn.common.time.Scheduler;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageLimits;
import io.cairn.storage.TableId;
import io.cairn.storage.TableOptions;
import io.cairn.storage.TokenRange;
import io.cairn.storage.memory.InMemoryKvStore;

import java.time.Duration;
import java.util.List;

/**
 * Raw partition updates of one table (say, what several replicas hold) merged by storage's
 * reconciliation rules, and read back exactly as the engine reads a table: the coordinator
 * reconciles replicas that disagree with it. The merge is commutative and idempotent, so the
 * order the updates are added in does not matter. It lives in memory only and is meant to be
 * short-lived; it is not thread-safe to add while reading.
 */
public final class MergedPartitions {

    private static final Clock NO_CLOCK = new Clock() {
        @Override
        public long currentTimeMicros() {
            throw new UnsupportedOperationException("merged partitions are never purged");
        }

        @Override
        public long nanoTime() {
            throw new UnsupportedOperationException("merged partitions are never purged");
        }
    };

    private static final Scheduler NO_SCHEDULER = new Scheduler() {
        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            throw new UnsupportedOperationException("merged partitions are never purged");
        }

        @Override
        public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
            throw new UnsupportedOperationException("merged partitions are never purged");
        }
    };

    private final TableId table;
    private final KvStorageEngine merged;

    private MergedPartitions(TableId table) {
        this.table = table;
        // No purge sweep (a zero interval): nothing here lives long enough for gc grace to matter,
        // so the clock and the scheduler are never consulted.
        this.merged = new KvStorageEngine(new InMemoryKvStore(), NO_CLOCK, NO_SCHEDULER, StorageLimits.DEFAULTS,
                Duration.ZERO);
        merged.createTable(table, TableOptions.DEFAULTS);
    }

    /** An empty merge of {@code table}'s partitions. */
    public static MergedPartitions of(TableId table) {
        return new MergedPartitions(table);
    }

    /** The merge of {@code updates}, all of {@code table}. */
    public static MergedPartitions of(TableId table, List<PartitionUpdate> updates) {
        MergedPartitions merge = new MergedPartitions(table);
        updates.forEach(merge::add);
        return merge;
    }

    /** Merges one more update into what is held. */
    public MergedPartitions add(PartitionUpdate update) {
        merged.apply(table, update);
        return this;
    }

    /** The merged partition as stored, tombstones included (an empty update when nothing was added for it). */
    public PartitionUpdate partition(PartitionKey key) {
        return merged.exportPartition(table, key);
    }

    /** Reads one partition as {@link io.cairn.storage.StorageEngine#read} does. */
    public PartitionData read(PartitionKey key, ReadFilter filter) {
        return merged.read(table, key, filter);
    }

    /** Reads a page of a token range as {@link io.cairn.storage.StorageEngine#scan} does. */
    public ScanPage scan(TokenRange range, ScanPosition resumeAfter, ReadFilter filter) {
        return merged.scan(table, range, resumeAfter, filter);
    }
}
