package io.cairn.node.index;

import io.cairn.common.time.Clock;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.IndexMetadata;
import io.cairn.node.schema.KeyspaceMetadata;
import io.cairn.node.schema.Schema;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.UnknownTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds this node's secondary indexes over the data their tables held before them, in the
 * background, a page of partitions per task, and says which are built. A built index answers
 * queries from its entries; one still building is answered by reading its table whole
 * ({@link IndexScanner}), which is slower but right. That an index is built is recorded in
 * {@code system.built_indexes} with its definition (its table's id and its options), so that a
 * restart does not build it again, and an index dropped and made again under its name (perhaps
 * on another column) is built anew.
 */
public final class IndexBuilds {

    private static final Logger LOG = LoggerFactory.getLogger(IndexBuilds.class);
    private static final String TABLE = "built_indexes";

    private final IndexingStorageEngine storage;
    private final Clock clock;
    private final Executor executor;
    /** Built indexes, by keyspace and name: their definitions. */
    private final Map<String, String> built = new HashMap<>();
    /** Builds under way, by keyspace and name. */
    private final Map<String, Build> building = new HashMap<>();
    private Schema schema;

    /** One build: its definition, how far it got, and whether it was given up (dropped, or made again). */
    private static final class Build {
        final String definition;
        final AtomicLong partitions = new AtomicLong();
        volatile boolean cancelled;

        Build(String definition) {
            this.definition = definition;
        }
    }

    /** One index's state, as {@code system_views.indexes} shows it. */
    public record Status(String keyspace, String table, IndexMetadata index, boolean queryable, boolean building,
                         long partitionsIndexed) {
    }

    /**
     * @param storage  the node's storage, keeping indexes
     * @param executor where the build's pages are indexed, one task each
     */
    public IndexBuilds(IndexingStorageEngine storage, Clock clock, Executor executor) {
        this.storage = storage;
        this.clock = clock;
        this.executor = executor;
    }

    /** Loads what is built (from {@code system.built_indexes}), then follows {@code current}. */
    public synchronized void start(Schema current) {
        TableMetadata table = current.table(SystemKeyspaces.SYSTEM, TABLE);
        for (Map<String, ByteBuffer> row : SchemaRows.readAll(storage, table, clock.currentTimeSeconds())) {
            built.put(key(SchemaRows.text(row.get("keyspace_name")), SchemaRows.text(row.get("index_name"))),
                    SchemaRows.text(row.get("definition")));
        }
        follow(current);
    }

    /**
     * Starts building the indexes of {@code next} that are neither built nor building, and
     * forgets those it no longer has. Storage must already keep {@code next}'s indexes
     * ({@link IndexingStorageEngine#follow}), so that a build misses no write.
     */
    public synchronized void follow(Schema next) {
        this.schema = next;
        Map<String, String> defined = new HashMap<>();
        for (KeyspaceMetadata keyspace : next.keyspaces().values()) {
            for (TableMetadata table : keyspace.tables().values()) {
                for (IndexMetadata index : table.indexes().values()) {
                    String key = key(keyspace.name(), index.name());
                    String definition = definition(table, index);
                    defined.put(key, definition);
                    if (definition.equals(built.get(key))) {
                        continue;
                    }
                    Build running = building.get(key);
                    if (running != null && running.definition.equals(definition)) {
                        continue;
                    }
                    if (running != null) {
                        running.cancelled = true;
                    }
                    if (built.remove(key) != null) {
                        forget(keyspace.name(), index.name());
                    }
                    start(table, index, key, definition);
                }
            }
        }
        for (String key : List.copyOf(building.keySet())) {
            if (!defined.containsKey(key)) {
                building.remove(key).cancelled = true;
            }
        }
        for (String key : List.copyOf(built.keySet())) {
            if (!defined.containsKey(key)) {
                built.remove(key);
                int dot = key.indexOf('.');
                forget(key.substring(0, dot), key.substring(dot + 1));
            }
        }
    }

    /** Whether {@code index} of {@code table} is built on this node: its entries are all there. */
    public synchronized boolean isBuilt(TableMetadata table, IndexMetadata index) {
        return definition(table, index).equals(built.get(key(table.keyspace(), index.name())));
    }

    /** Every index of the schema last followed, with its state here, by keyspace and name. */
    public synchronized List<Status> statuses() {
        Map<String, Status> statuses = new TreeMap<>();
        if (schema == null) {
            return List.of();
        }
        for (KeyspaceMetadata keyspace : schema.keyspaces().values()) {
            for (TableMetadata table : keyspace.tables().values()) {
                for (IndexMetadata index : table.indexes().values()) {
                    String key = key(keyspace.name(), index.name());
                    Build running = building.get(key);
                    statuses.put(key, new Status(keyspace.name(), table.name(), index,
                            definition(table, index).equals(built.get(key)), running != null,
                            running == null ? 0 : running.partitions.get()));
                }
            }
        }
        return List.copyOf(statuses.values());
    }

    private void start(TableMetadata table, IndexMetadata index, String key, String definition) {
        Build build = new Build(definition);
        building.put(key, build);
        LOG.info("Building index {} of {}", index.name(), table);
        executor.execute(() -> step(table, index, key, build, null));
    }

    /** Indexes one page, then hands the next to the executor. */
    private void step(TableMetadata table, IndexMetadata index, String key, Build build, PartitionKey resumeAfter) {
        if (build.cancelled) {
            return;
        }
        PartitionKey next;
        try {
            List<IndexingStorageEngine.Indexed> indexes = storage.indexesOf(table.tableId()).stream()
                    .filter(indexed -> indexed.values().index().name().equals(index.name())).toList();
            if (indexes.isEmpty()) {
                return;   // dropped: the schema that drops it cancels the build
            }
            // A vector index keeps no entries (its graph is filled by VectorIndexes): nothing to read.
            next = indexes.stream().allMatch(indexed -> indexed.values().searchesNeighbours()) ? null
                    : IndexBuild.step(storage, table.tableId(), indexes, resumeAfter, build.partitions);
        } catch (UnknownTableException dropped) {
            return;
        } catch (RuntimeException e) {
            LOG.error("Building index {} of {} failed; queries read the table instead until it is built", index.name(),
                    table, e);
            synchronized (this) {
                building.remove(key, build);
            }
            return;
        }
        if (next != null) {
            executor.execute(() -> step(table, index, key, build, next));
            return;
        }
        synchronized (this) {
            if (build.cancelled || building.get(key) != build) {
                return;
            }
            building.remove(key);
            built.put(key, build.definition);
            record(table.keyspace(), index.name(), table.name(), build.definition);
        }
        LOG.info("Built index {} of {}: {} partitions", index.name(), table, build.partitions.get());
    }

    private void record(String keyspace, String index, String table, String definition) {
        TableMetadata builtIndexes = schema.table(SystemKeyspaces.SYSTEM, TABLE);
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("keyspace_name", SchemaRows.text(keyspace));
        row.put("index_name", SchemaRows.text(index));
        row.put("table_name", SchemaRows.text(table));
        row.put("definition", SchemaRows.text(definition));
        storage.apply(builtIndexes.tableId(), SchemaRows.row(builtIndexes, row, clock.currentTimeMicros()));
    }

    private void forget(String keyspace, String index) {
        TableMetadata builtIndexes = schema.table(SystemKeyspaces.SYSTEM, TABLE);
        Map<String, ByteBuffer> keyValues = new HashMap<>();
        keyValues.put("keyspace_name", SchemaRows.text(keyspace));
        keyValues.put("index_name", SchemaRows.text(index));
        storage.apply(builtIndexes.tableId(), SchemaRows.deleteRow(builtIndexes, keyValues, clock.currentTimeMicros(),
                clock.currentTimeSeconds()));
    }

    private static String key(String keyspace, String index) {
        return keyspace + "." + index;
    }

    /** What makes an index the same one: its table (by id) and its options. */
    private static String definition(TableMetadata table, IndexMetadata index) {
        return table.id() + " " + index.kind() + " " + new TreeMap<>(index.options());
    }

    /** The status of indexes as rows of {@code system_views.indexes}. */
    public static Map<String, ByteBuffer> row(Status status) {
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("keyspace_name", SchemaRows.text(status.keyspace()));
        row.put("index_name", SchemaRows.text(status.index().name()));
        row.put("table_name", SchemaRows.text(status.table()));
        row.put("column_name", SchemaRows.text(status.index().column()));
        row.put("index_kind", SchemaRows.text(status.index().isStorageAttached() ? "sai" : "legacy"));
        row.put("is_queryable", NativeType.BOOLEAN.decompose(status.queryable()));
        row.put("is_building", NativeType.BOOLEAN.decompose(status.building()));
        row.put("partitions_indexed", NativeType.BIGINT.decompose(status.partitionsIndexed()));
        return row;
    }
}
