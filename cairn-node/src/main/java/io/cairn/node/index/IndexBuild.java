package io.cairn.node.index;

import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TableWrite;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UpdatePage;

import java.util.ArrayList;
import java.util.List;

/**
 * Indexing what a table already holds: its partitions as stored, page after page, each page's
 * entries written as one atomic write. Writing an entry again changes nothing (the newest of
 * each is kept), so a build may repeat pages or overlap the writes that index themselves.
 */
final class IndexBuild {

    /** Partitions read and indexed per step. */
    static final int PAGE_PARTITIONS = 256;

    private IndexBuild() {
    }

    /**
     * Indexes one page of {@code table}'s partitions after {@code resumeAfter} (null: from the
     * first) into {@code indexes}; returns where the next page starts, or null when the table is
     * done. {@code indexed} counts the partitions read.
     */
    static PartitionKey step(StorageEngine storage, TableId table, List<IndexingStorageEngine.Indexed> indexes,
                             PartitionKey resumeAfter, java.util.concurrent.atomic.AtomicLong indexed) {
        UpdatePage page = storage.export(table, TokenRange.FULL, resumeAfter, PAGE_PARTITIONS);
        List<TableWrite> writes = new ArrayList<>();
        for (PartitionUpdate update : page.updates()) {
            for (IndexingStorageEngine.Indexed index : indexes) {
                for (PartitionUpdate entries : IndexEntries.of(index.values(), update)) {
                    writes.add(new TableWrite(index.table(), entries));
                }
            }
        }
        if (!writes.isEmpty()) {
            storage.apply(writes);
        }
        indexed.addAndGet(page.updates().size());
        return page.resumeAfter();
    }

    /** Indexes all of {@code table} now, on this thread. */
    static void indexAll(StorageEngine storage, TableId table, List<IndexingStorageEngine.Indexed> indexes) {
        java.util.concurrent.atomic.AtomicLong indexed = new java.util.concurrent.atomic.AtomicLong();
        PartitionKey next = step(storage, table, indexes, null, indexed);
        while (next != null) {
            next = step(storage, table, indexes, next, indexed);
        }
    }
}
