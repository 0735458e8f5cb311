package io.cairn.node.index;

import io.cairn.common.time.Clock;
import io.cairn.node.schema.ColumnMetadata;
import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ScanPage;
import io.cairn.storage.ScanPosition;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.TokenRange;
import io.cairn.storage.UnknownTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * This node's vector indexes ({@link VectorIndex}), one per storage-attached index of a vector
 * column, kept from the writes {@link IndexingStorageEngine} stores. A graph lives in memory: when
 * an index is new, and for every index when the node starts, the vectors its table already holds
 * are added in the background, a page of rows per task on the executor, and the index is ready
 * once they all are. Writes meanwhile add their own vectors, so nothing is missed.
 */
public final class VectorIndexes {

    private static final Logger LOG = LoggerFactory.getLogger(VectorIndexes.class);
    /** Rows read per task while adding a table's vectors. */
    static final int PAGE_ROWS = 256;

    private final StorageEngine storage;
    private final Clock clock;
    private final Executor executor;
    private final ForkJoinPool graphPool;
    /** Each index, by its table and name, and the definition it was made for. */
    private volatile Map<TableId, Map<String, VectorIndex>> indexes = Map.of();
    private final Map<String, String> definitions = new HashMap<>();

    /**
     * @param storage   the node's storage under its indexes, read to add what tables hold
     * @param executor  where pages of a table's vectors are added, one task each
     * @param graphPool the pool jvector's bulk operations would use (the searches and additions
     *                  Cairn makes run on the caller's thread)
     */
    public VectorIndexes(StorageEngine storage, Clock clock, Executor executor, ForkJoinPool graphPool) {
        this.storage = storage;
        this.clock = clock;
        this.executor = executor;
        this.graphPool = graphPool;
    }

    /**
     * Keeps the vector indexes {@code schema} defines: makes the new ones (to be filled by
     * {@link #fill}), keeps those unchanged, and forgets the others. Returns the new ones.
     */
    synchronized List<VectorIndex> follow(Schema schema) {
        Map<TableId, Map<String, VectorIndex>> next = new HashMap<>();
        Map<TableId, Map<String, VectorIndex>> now = indexes;
        List<VectorIndex> made = new java.util.ArrayList<>();
        Set<String> defined = new java.util.HashSet<>();
        for (KeyspaceMetadata keyspace : schema.keyspaces().values()) {
            for (TableMetadata table : keyspace.tables().values()) {
                for (IndexMetadata index : table.indexes().values()) {
                    ColumnMetadata column = table.column(index.column());
                    if (column == null || !index.searchesNeighbours(column)) {
                        continue;
                    }
                    String key = table.tableId() + "/" + index.name();
                    String definition = column.name() + " " + column.type().asCql() + " " + index.options();
                    defined.add(key);
                    VectorIndex existing = now.getOrDefault(table.tableId(), Map.of()).get(index.name());
                    VectorIndex kept = existing != null && definition.equals(definitions.get(key)) ? existing
                            : new VectorIndex(column, index.similarityFunction(), graphPool);
                    if (kept != existing) {
                        made.add(kept);
                        definitions.put(key, definition);
                    }
                    next.computeIfAbsent(table.tableId(), id -> new HashMap<>()).put(index.name(), kept);
                }
            }
        }
        definitions.keySet().retainAll(defined);
        indexes = Map.copyOf(next);
        return made;
    }

    /** Adds what {@code table} holds to each of {@code fresh} (its new indexes), in the background. */
    void fill(TableId table, List<VectorIndex> fresh) {
        if (!fresh.isEmpty()) {
            executor.execute(() -> fillPage(table, fresh, null));
        }
    }

    /** Adds all the tables' vectors to the new indexes {@link #follow} returned. */
    void fill(List<VectorIndex> made) {
        for (Map.Entry<TableId, Map<String, VectorIndex>> table : indexes.entrySet()) {
            List<VectorIndex> fresh = table.getValue().values().stream().filter(made::contains).toList();
            fill(table.getKey(), fresh);
        }
    }

    private void fillPage(TableId table, List<VectorIndex> fresh, ScanPosition after) {
        List<VectorIndex> kept = fresh.stream().filter(index -> isKept(table, index)).toList();
        if (kept.isEmpty()) {
            return;
        }
        ScanPage page;
        try {
            page = storage.scan(table, TokenRange.FULL, after,
                    ReadFilter.all(clock.currentTimeSeconds()).withRowLimit(PAGE_ROWS));
        } catch (UnknownTableException dropped) {
            return;
        } catch (RuntimeException e) {
            LOG.warn("Could not read {} to fill its vector indexes; they stay unready until restart", table, e);
            return;
        }
        for (PartitionData partition : page.partitions()) {
            for (VectorIndex index : kept) {
                add(table, index, partition.key(), partition.staticRow(), partition.rows());
            }
        }
        if (page.hasMorePages()) {
            try {
                executor.execute(() -> fillPage(table, kept, page.next()));
            } catch (RuntimeException e) {
                LOG.warn("Could not go on filling the vector indexes of {}; they stay unready until restart", table, e);
            }
            return;
        }
        for (VectorIndex index : kept) {
            index.setReady();
        }
        LOG.info("Vector indexes of {} hold what it held: {} vectors", table,
                kept.stream().map(index -> String.valueOf(index.size())).toList());
    }

    private boolean isKept(TableId table, VectorIndex index) {
        return indexes.getOrDefault(table, Map.of()).containsValue(index);
    }

    /** The vector index {@code index} of {@code table}, or null when it has none such. */
    VectorIndex get(TableId table, String index) {
        return indexes.getOrDefault(table, Map.of()).get(index);
    }

    /** Whether {@code table} has vector indexes. */
    boolean indexes(TableId table) {
        return indexes.containsKey(table);
    }

    /** Adds the vectors an update (stored) wrote to {@code table}'s indexes. */
    void written(TableId table, PartitionUpdate update) {
        Map<String, VectorIndex> tableIndexes = indexes.get(table);
        if (tableIndexes == null) {
            return;
        }
        for (VectorIndex index : tableIndexes.values()) {
            add(table, index, update.key(), update.staticRow(), update.rows());
        }
    }

    /**
     * Adds the vectors of a partition's rows. A vector the graph cannot take breaks the index
     * (searches then compare every row), never the write, which is already stored.
     */
    private static void add(TableId table, VectorIndex index, io.cairn.storage.PartitionKey key, Row staticRow,
                            List<Row> rows) {
        try {
            if (index.column().isStatic()) {
                io.cairn.storage.Cell cell = VectorIndex.cellOf(index.column(), staticRow);
                if (cell != null) {
                    index.add(new VectorIndex.RowKey(key, null), cell.value(), cell.timestampMicros());
                }
                return;
            }
            for (Row row : rows) {
                io.cairn.storage.Cell cell = VectorIndex.cellOf(index.column(), row);
                if (cell != null) {
                    index.add(new VectorIndex.RowKey(key, row.clustering()), cell.value(), cell.timestampMicros());
                }
            }
        } catch (RuntimeException e) {
            if (index.isReady()) {
                LOG.error("A vector index of {} cannot take more vectors: its searches compare every row until "
                        + "a restart", table, e);
            }
            index.markBroken();
        }
    }

    /**
     * Starts {@code table}'s vector indexes anew, empty and ready (a truncation), or to be filled
     * again from what it holds (a restore).
     */
    synchronized void reset(TableId table, boolean fillAgain) {
        Map<String, VectorIndex> tableIndexes = indexes.get(table);
        if (tableIndexes == null) {
            return;
        }
        Map<String, VectorIndex> fresh = new HashMap<>();
        for (Map.Entry<String, VectorIndex> index : tableIndexes.entrySet()) {
            VectorIndex old = index.getValue();
            VectorIndex made = new VectorIndex(old.column(), old.similarityFunction(), graphPool);
            if (!fillAgain) {
                made.setReady();
            }
            fresh.put(index.getKey(), made);
        }
        Map<TableId, Map<String, VectorIndex>> next = new HashMap<>(indexes);
        next.put(table, Map.copyOf(fresh));
        indexes = Map.copyOf(next);
        if (fillAgain) {
            fill(table, List.copyOf(fresh.values()));
        }
    }
}
