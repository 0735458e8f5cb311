package io.cairn.node.query.model;

import io.cairn.common.token.Murmur3Partitioner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CQL table as a plain in-memory map, the oracle of the property test: partitions by key
 * (in token order for scans), rows sorted by their clustering values with each column's
 * comparison and ASC/DESC, static columns per partition. Every write is newer than the last,
 * so a write or a deletion simply replaces what it covers.
 */
public final class ReferenceTable {

    private static final class Row {
        boolean hasMarker;
        final Map<Column, Value> cells = new HashMap<>();

        boolean isLive() {
            return hasMarker || !cells.isEmpty();
        }
    }

    private static final class Partition {
        final List<Value> key;
        final long token;
        final Map<Column, Value> statics = new HashMap<>();
        final TreeMap<List<Value>, Row> rows;

        Partition(List<Value> key, Comparator<List<Value>> clusteringOrder) {
            this.key = key;
            this.token = Murmur3Partitioner.token(TableSpec.partitionKeyBytes(key));
            this.rows = new TreeMap<>(clusteringOrder);
        }

        boolean isLive() {
            return !statics.isEmpty() || rows.values().stream().anyMatch(Row::isLive);
        }
    }

    private final TableSpec table;
    private final Comparator<List<Value>> clusteringOrder;
    private final Map<List<Value>, Partition> partitions = new HashMap<>();

    public ReferenceTable(TableSpec table) {
        this.table = table;
        this.clusteringOrder = clusteringOrder(table, table.clustering().size());
    }

    /** The order of the first {@code columns} clustering columns, each ASC or DESC as declared. */
    static Comparator<List<Value>> clusteringOrder(TableSpec table, int columns) {
        return (left, right) -> {
            for (int i = 0; i < columns; i++) {
                int c = left.get(i).compareTo(right.get(i));
                if (c != 0) {
                    return table.clustering().get(i).isDescending() ? -c : c;
                }
            }
            return 0;
        };
    }

    public void apply(Mutation mutation) {
        if (mutation instanceof Mutation.Upsert upsert) {
            upsert(upsert);
        } else {
            delete((Mutation.Deletion) mutation);
        }
    }

    private void upsert(Mutation.Upsert upsert) {
        Partition partition = partitions.computeIfAbsent(upsert.key(), key -> new Partition(key, clusteringOrder));
        Row row = null;
        if (upsert.clustering() != null) {
            row = partition.rows.computeIfAbsent(upsert.clustering(), clustering -> new Row());
            row.hasMarker |= upsert.isInsert();
        }
        for (Mutation.Assignment assignment : upsert.assignments()) {
            Map<Column, Value> cells = assignment.column().isStatic() ? partition.statics : row.cells;
            if (assignment.value() == null) {
                cells.remove(assignment.column());
            } else {
                cells.put(assignment.column(), assignment.value());
            }
        }
    }

    private void delete(Mutation.Deletion deletion) {
        Partition partition = partitions.get(deletion.key());
        if (partition == null) {
            return;
        }
        if (deletion.column() != null) {
            partition.rows.entrySet().stream().filter(entry -> matches(entry.getKey(), deletion.relations()))
                    .forEach(entry -> entry.getValue().cells.remove(deletion.column()));
        } else if (deletion.relations().isEmpty()) {
            partitions.remove(deletion.key());
        } else {
            partition.rows.keySet().removeIf(clustering -> matches(clustering, deletion.relations()));
        }
    }

    private static boolean matches(List<Value> clustering, List<Relation> relations) {
        return relations.stream().allMatch(relation -> relation.matches(clustering));
    }

    /** The rows a query returns, each a list of values (null for null), in the model's column order. */
    public List<List<Value>> select(ReadQuery query) {
        List<List<List<Value>>> perPartition = new ArrayList<>();
        for (Partition partition : partitionsOf(query)) {
            List<List<Value>> rows = query.isDistinct() ? distinctRow(partition) : rowsOf(partition, query);
            if (query.perPartitionLimit() > 0 && rows.size() > query.perPartitionLimit()) {
                rows = rows.subList(0, query.perPartitionLimit());
            }
            perPartition.add(rows);
        }
        List<List<Value>> result = new ArrayList<>();
        perPartition.forEach(result::addAll);
        boolean isKeyIn = query.keyIsIn() != null && query.keyIsIn().contains(true);
        if (isKeyIn && query.orderByColumns() > 0) {
            // Rows of several partitions are merged in the requested order (a stable sort).
            int offset = table.partitionKey().size();
            // A static-only partition's row has no clustering values: it sorts first in the
            // table's clustering order, last in its reverse.
            Comparator<List<Value>> order = Comparator.nullsFirst(clusteringOrder(table, query.orderByColumns()));
            Comparator<List<Value>> byRow = Comparator.comparing(
                    row -> row.get(offset) == null ? null : row.subList(offset, offset + table.clustering().size()),
                    query.isReversed() ? order.reversed() : order);
            result.sort(byRow);
        }
        if (query.limit() > 0 && result.size() > query.limit()) {
            result = result.subList(0, query.limit());
        }
        return result;
    }

    private List<Partition> partitionsOf(ReadQuery query) {
        List<Partition> selected = new ArrayList<>();
        if (query.keyValues() == null) {
            partitions.values().stream().filter(Partition::isLive)
                    .filter(partition -> query.tokenBounds() == null
                            || (partition.token > query.tokenBounds()[0] && partition.token <= query.tokenBounds()[1]))
                    .sorted(Comparator.<Partition>comparingLong(partition -> partition.token)
                            .thenComparing(partition -> TableSpec.partitionKeyBytes(partition.key), Arrays::compare))
                    .forEach(selected::add);
            return selected;
        }
        List<List<Value>> keys = new ArrayList<>();
        keys.add(List.of());
        for (List<Value> values : query.keyValues()) {
            List<Value> sorted = values.stream().distinct().sorted().toList();
            List<List<Value>> longer = new ArrayList<>();
            for (List<Value> prefix : keys) {
                for (Value value : sorted) {
                    List<Value> key = new ArrayList<>(prefix);
                    key.add(value);
                    longer.add(key);
                }
            }
            keys = longer;
        }
        for (List<Value> key : keys) {
            Partition partition = partitions.get(key);
            if (partition != null && partition.isLive()) {
                selected.add(partition);
            }
        }
        return selected;
    }

    private List<List<Value>> distinctRow(Partition partition) {
        List<Value> row = new ArrayList<>(partition.key);
        table.statics().forEach(column -> row.add(partition.statics.get(column)));
        return List.of(row);
    }

    private List<List<Value>> rowsOf(Partition partition, ReadQuery query) {
        List<List<Value>> rows = new ArrayList<>();
        for (Map.Entry<List<Value>, Row> entry : partition.rows.entrySet()) {
            if (entry.getValue().isLive() && matches(entry.getKey(), query.relations())) {
                rows.add(row(partition, entry.getKey(), entry.getValue()));
            }
        }
        if (rows.isEmpty() && query.relations().isEmpty() && !partition.statics.isEmpty()) {
            // A partition without live rows still shows its static columns when it is read whole.
            rows.add(row(partition, null, null));
        }
        if (query.isReversed()) {
            java.util.Collections.reverse(rows);
        }
        return rows;
    }

    private List<Value> row(Partition partition, List<Value> clustering, Row row) {
        List<Value> values = new ArrayList<>(partition.key);
        for (int i = 0; i < table.clustering().size(); i++) {
            values.add(clustering == null ? null : clustering.get(i));
        }
        table.statics().forEach(column -> values.add(partition.statics.get(column)));
        table.regulars().forEach(column -> values.add(row == null ? null : row.cells.get(column)));
        return values;
    }
}
