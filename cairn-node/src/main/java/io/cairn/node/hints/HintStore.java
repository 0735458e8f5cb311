package io.cairn.node.hints;

import io.cairn.cluster.messaging.NodeAddress;
import io.cairn.cql.type.NativeType;
import io.cairn.node.schema.TableLayout;
import io.cairn.node.schema.SchemaManager;
import io.cairn.node.schema.SchemaRows;
import io.cairn.node.schema.SystemKeyspaces;
import io.cairn.node.schema.TableMetadata;
import io.cairn.storage.Clustering;
import io.cairn.storage.Deletion;
import io.cairn.storage.PartitionData;
import io.cairn.storage.PartitionKey;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.ReadFilter;
import io.cairn.storage.Row;
import io.cairn.storage.ClusteringBound;
import io.cairn.storage.Slice;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;
import io.cairn.storage.wire.StorageSerializers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a replica missed, kept durably on the coordinator (in {@code system.hints}, in the
 * commit log like any write) until the replica is back. Bounded: hints for one replica stop
 * being stored after {@link #MAX_HINTS_PER_TARGET} (or the cap it was constructed with), and
 * nothing older than the hint window is replayed, as Cassandra's max_hint_window.
 */
public final class HintStore {

    public static final int MAX_HINTS_PER_TARGET = 1_000_000;

    /** One stored hint. */
    public record Hint(UUID id, TableId table, PartitionUpdate mutation) {
    }

    private final StorageEngine storage;
    private final SchemaManager schema;
    private final Map<NodeAddress, AtomicLong> counts = new HashMap<>();
    private final int maxHintsPerTarget;

    public HintStore(StorageEngine storage, SchemaManager schema) {
        this(storage, schema, MAX_HINTS_PER_TARGET);
    }

    /** A store that keeps at most {@code maxHintsPerTarget} hints for each replica. */
    public HintStore(StorageEngine storage, SchemaManager schema, int maxHintsPerTarget) {
        assert maxHintsPerTarget >= 0 : maxHintsPerTarget;
        this.storage = storage;
        this.schema = schema;
        this.maxHintsPerTarget = maxHintsPerTarget;
    }

    private TableMetadata table() {
        return schema.current().table(SystemKeyspaces.SYSTEM, "hints");
    }

    private static ByteBuffer target(NodeAddress node) {
        return SchemaRows.text(node.toString());
    }

    /** Stores a hint; false when the target already has too many. */
    public synchronized boolean store(NodeAddress target, UUID id, TableId table, PartitionUpdate mutation,
                                      long timestampMicros) {
        AtomicLong count = counts.computeIfAbsent(target, t -> new AtomicLong());
        if (count.get() >= maxHintsPerTarget) {
            return false;
        }
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("target", target(target));
        row.put("id", NativeType.TIMEUUID.decompose(id));
        row.put("keyspace_name", SchemaRows.text(table.keyspace()));
        row.put("table_name", SchemaRows.text(table.table()));
        row.put("mutation", ByteBuffer.wrap(StorageSerializers.serialize(mutation)));
        storage.apply(table().tableId(), SchemaRows.row(table(), row, timestampMicros));
        count.incrementAndGet();
        return true;
    }

    /** Up to {@code limit} of the oldest hints for {@code target}. */
    public List<Hint> hintsFor(NodeAddress target, int limit, long nowSeconds) {
        return hintsFor(target, limit, nowSeconds, null);
    }

    /**
     * Up to {@code limit} of the oldest hints for {@code target} after hint {@code after} (null:
     * from the first). A delivery goes on after its last page's last hint, so that it does not
     * read again the deletions of the hints it delivered, which stay until compaction drops them.
     */
    public List<Hint> hintsFor(NodeAddress target, int limit, long nowSeconds, UUID after) {
        TableMetadata table = table();
        PartitionKey key = TableLayout.partitionKey(table, List.of(target(target)));
        Slice slice = after == null ? Slice.ALL : new Slice(ClusteringBound.exclusive(TableLayout.clustering(table,
                List.of(NativeType.TIMEUUID.decompose(after)))), ClusteringBound.OPEN);
        PartitionData data = storage.read(table.tableId(), key, new ReadFilter(null, List.of(slice), false, limit,
                ReadFilter.NO_LIMIT, nowSeconds));
        List<Hint> hints = new ArrayList<>();
        for (Row row : data.rows()) {
            UUID id = (UUID) NativeType.TIMEUUID.compose(TableLayout.clusteringValues(table, row.clustering()).get(0));
            String keyspace = text(row, "keyspace_name");
            String name = text(row, "table_name");
            io.cairn.storage.Cell mutation = row.cell("mutation");
            if (keyspace == null || name == null || mutation == null) {
                continue;
            }
            hints.add(new Hint(id, new TableId(keyspace, name), StorageSerializers.deserializeUpdate(mutation.value())));
        }
        return hints;
    }

    private static String text(Row row, String column) {
        io.cairn.storage.Cell cell = row.cell(column);
        return cell == null ? null : SchemaRows.text(ByteBuffer.wrap(cell.value()));
    }

    /** The replicas that have hints waiting (read once at startup). */
    public java.util.Set<NodeAddress> targets(long nowSeconds) {
        java.util.Set<NodeAddress> targets = new java.util.HashSet<>();
        scan(ReadFilter.all(nowSeconds).withPerPartitionLimit(1), (target, rows) -> targets.add(target));
        return targets;
    }

    /**
     * Counts the hints stored for each replica again, from storage (at startup): the cap per
     * replica and the pending counts hold across restarts.
     */
    public synchronized void recount(long nowSeconds) {
        Map<NodeAddress, AtomicLong> stored = new HashMap<>();
        scan(ReadFilter.all(nowSeconds), (target, rows) ->
                stored.computeIfAbsent(target, t -> new AtomicLong()).addAndGet(rows));
        counts.clear();
        counts.putAll(stored);
    }

    /** The hints stored for each replica that has some. */
    public synchronized Map<NodeAddress, Long> pending() {
        Map<NodeAddress, Long> pending = new java.util.TreeMap<>(java.util.Comparator.comparing(NodeAddress::toString));
        counts.forEach((target, count) -> {
            if (count.get() > 0) {
                pending.put(target, count.get());
            }
        });
        return pending;
    }

    /**
     * Reads every stored hint's partition through {@code filter}, a page of 1,000 rows at a
     * time, telling {@code each} its target and how many rows the page held of it.
     */
    private void scan(ReadFilter filter, java.util.function.ObjLongConsumer<NodeAddress> each) {
        TableMetadata table = table();
        io.cairn.storage.ScanPosition position = null;
        ReadFilter page = filter.withRowLimit(1_000);
        while (true) {
            io.cairn.storage.ScanPage read = storage.scan(table.tableId(), io.cairn.storage.TokenRange.FULL, position,
                    page);
            for (PartitionData partition : read.partitions()) {
                NodeAddress target = address(SchemaRows.text(TableLayout.partitionKeyValues(table, partition.key())
                        .get(0)));
                if (target != null) {
                    each.accept(target, partition.rows().size());
                }
            }
            if (!read.hasMorePages()) {
                return;
            }
            position = read.next();
        }
    }

    /** The address a hint's target column names, or null when it names none. */
    private static NodeAddress address(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new NodeAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Deletes a replayed hint. */
    public synchronized void delete(NodeAddress target, UUID id, long timestampMicros, long nowSeconds) {
        TableMetadata table = table();
        PartitionKey key = TableLayout.partitionKey(table, List.of(target(target)));
        Clustering clustering = TableLayout.clustering(table, List.of(NativeType.TIMEUUID.decompose(id)));
        storage.apply(table.tableId(), PartitionUpdate.builder(key)
                .row(Row.builder(clustering).delete(new Deletion(timestampMicros, nowSeconds)).build()).build());
        AtomicLong count = counts.get(target);
        if (count != null && count.get() > 0) {
            count.decrementAndGet();
        }
    }
}
