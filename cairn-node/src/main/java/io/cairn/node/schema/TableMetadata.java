package io.cairn.node.schema;

import io.cairn.storage.TableId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A table's definition: its columns by role and its options. Immutable; a schema change
 * makes a new one.
 *
 * <p>Column order follows Cassandra's: partition key columns, clustering columns, then static
 * and regular columns each sorted by name. That is the order of {@code SELECT *}.
 */
public final class TableMetadata {

    private final String keyspace;
    private final String name;
    private final UUID id;
    private final List<ColumnMetadata> partitionKey;
    private final List<ColumnMetadata> clustering;
    private final List<ColumnMetadata> statics;
    private final List<ColumnMetadata> regulars;
    private final List<ColumnMetadata> allColumns;
    private final Map<String, ColumnMetadata> columnsByName;
    private final TableParams params;
    private final Map<String, DroppedColumn> droppedColumns;
    /** The drop time of each dropped column in microseconds, as reads filter on it. */
    private final Map<String, Long> droppedMicros;
    /** Built once: every read and write names its table to storage (and the name is checked). */
    private final TableId tableId;
    /** Known once: every write asks it (a counter table's goes to a leader). */
    private final boolean isCounter;
    /** The table's secondary indexes by name, in name order. */
    private final Map<String, IndexMetadata> indexes;

    public TableMetadata(String keyspace, String name, UUID id, List<ColumnMetadata> columns, TableParams params) {
        this(keyspace, name, id, columns, params, Map.of());
    }

    public TableMetadata(String keyspace, String name, UUID id, List<ColumnMetadata> columns, TableParams params,
                         Map<String, DroppedColumn> droppedColumns) {
        this(keyspace, name, id, columns, params, droppedColumns, Map.of());
    }

    public TableMetadata(String keyspace, String name, UUID id, List<ColumnMetadata> columns, TableParams params,
                         Map<String, DroppedColumn> droppedColumns, Map<String, IndexMetadata> indexes) {
        this.indexes = Collections.unmodifiableMap(new java.util.TreeMap<>(indexes));
        this.droppedColumns = Map.copyOf(droppedColumns);
        Map<String, Long> micros = new LinkedHashMap<>();
        for (DroppedColumn dropped : droppedColumns.values()) {
            micros.put(dropped.name(), dropped.droppedMicros());
        }
        this.droppedMicros = Map.copyOf(micros);
        this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
        this.name = Objects.requireNonNull(name, "name");
        this.tableId = new TableId(keyspace, name);
        this.id = Objects.requireNonNull(id, "id");
        this.params = Objects.requireNonNull(params, "params");
        this.partitionKey = byPosition(columns, ColumnKind.PARTITION_KEY);
        this.clustering = byPosition(columns, ColumnKind.CLUSTERING);
        this.statics = byName(columns, ColumnKind.STATIC);
        this.regulars = byName(columns, ColumnKind.REGULAR);
        if (partitionKey.isEmpty()) {
            throw new IllegalArgumentException("Table " + keyspace + "." + name + " has no partition key");
        }
        List<ColumnMetadata> all = new ArrayList<>(columns.size());
        all.addAll(partitionKey);
        all.addAll(clustering);
        all.addAll(statics);
        all.addAll(regulars);
        this.allColumns = Collections.unmodifiableList(all);
        Map<String, ColumnMetadata> byName = new LinkedHashMap<>();
        for (ColumnMetadata column : all) {
            if (byName.put(column.name(), column) != null) {
                throw new IllegalArgumentException("Duplicate column " + column.name());
            }
        }
        this.columnsByName = Collections.unmodifiableMap(byName);
        this.isCounter = isCounter(all, this.droppedColumns);
        for (IndexMetadata index : this.indexes.values()) {
            if (byName.get(index.column()) == null) {
                throw new IllegalArgumentException("Index " + index.name() + " of " + keyspace + "." + name
                        + " targets no column of the table: " + index.options().get("target"));
            }
        }
    }

    private static List<ColumnMetadata> byPosition(List<ColumnMetadata> columns, ColumnKind kind) {
        List<ColumnMetadata> selected = new ArrayList<>();
        for (ColumnMetadata column : columns) {
            if (column.kind() == kind) {
                selected.add(column);
            }
        }
        selected.sort(Comparator.comparingInt(ColumnMetadata::position));
        for (int i = 0; i < selected.size(); i++) {
            if (selected.get(i).position() != i) {
                throw new IllegalArgumentException("Column positions of kind " + kind + " are not 0.." + (selected.size() - 1));
            }
        }
        return List.copyOf(selected);
    }

    private static List<ColumnMetadata> byName(List<ColumnMetadata> columns, ColumnKind kind) {
        List<ColumnMetadata> selected = new ArrayList<>();
        for (ColumnMetadata column : columns) {
            if (column.kind() == kind) {
                selected.add(column);
            }
        }
        selected.sort(Comparator.comparing(ColumnMetadata::name));
        return List.copyOf(selected);
    }

    public String keyspace() {
        return keyspace;
    }

    public String name() {
        return name;
    }

    public UUID id() {
        return id;
    }

    public TableId tableId() {
        return tableId;
    }

    public TableParams params() {
        return params;
    }

    public List<ColumnMetadata> partitionKey() {
        return partitionKey;
    }

    public List<ColumnMetadata> clustering() {
        return clustering;
    }

    public List<ColumnMetadata> statics() {
        return statics;
    }

    public List<ColumnMetadata> regulars() {
        return regulars;
    }

    public boolean hasStatics() {
        return !statics.isEmpty();
    }

    /**
     * Whether this is a counter table: its columns outside the primary key are counters (a table
     * has either only counters there or none), or, when it has none left, the ones it dropped were.
     */
    public boolean isCounter() {
        return isCounter;
    }

    private static boolean isCounter(List<ColumnMetadata> columns, Map<String, DroppedColumn> dropped) {
        for (ColumnMetadata column : columns) {
            if (!column.isPrimaryKey()) {
                return column.type() == io.cairn.cql.type.NativeType.COUNTER;
            }
        }
        for (DroppedColumn column : dropped.values()) {
            if (column.type() == io.cairn.cql.type.NativeType.COUNTER) {
                return true;
            }
        }
        return false;
    }

    /** Every column in {@code SELECT *} order. */
    public List<ColumnMetadata> columns() {
        return allColumns;
    }

    /** The column {@code name}, or null. */
    public ColumnMetadata column(String columnName) {
        return columnsByName.get(columnName);
    }

    /** A copy with other columns and options (same id, dropped columns and indexes). */
    public TableMetadata with(List<ColumnMetadata> columns, TableParams newParams) {
        return new TableMetadata(keyspace, name, id, columns, newParams, droppedColumns, indexes);
    }

    /** A copy with other columns, options and dropped columns (same id and indexes). */
    public TableMetadata with(List<ColumnMetadata> columns, TableParams newParams, Map<String, DroppedColumn> dropped) {
        return new TableMetadata(keyspace, name, id, columns, newParams, dropped, indexes);
    }

    /** A copy with other secondary indexes. */
    public TableMetadata withIndexes(Map<String, IndexMetadata> newIndexes) {
        return new TableMetadata(keyspace, name, id, allColumns, params, droppedColumns, newIndexes);
    }

    /** The table's secondary indexes by name, in name order. */
    public Map<String, IndexMetadata> indexes() {
        return indexes;
    }

    /** The indexes of {@code column}, in name order (none: empty). */
    public List<IndexMetadata> indexesOf(ColumnMetadata column) {
        if (indexes.isEmpty()) {
            return List.of();
        }
        List<IndexMetadata> found = new ArrayList<>(1);
        for (IndexMetadata index : indexes.values()) {
            if (index.column().equals(column.name())) {
                found.add(index);
            }
        }
        return found;
    }

    /** The columns dropped from this table by name, the latest drop of each. */
    public Map<String, DroppedColumn> droppedColumns() {
        return droppedColumns;
    }

    /** The drop time in microseconds of each dropped column, by name. */
    public Map<String, Long> droppedMicros() {
        return droppedMicros;
    }

    /** Whether a cell of column {@code columnName} written at {@code timestampMicros} was since dropped. */
    public boolean isDropped(String columnName, long timestampMicros) {
        DroppedColumn dropped = droppedColumns.isEmpty() ? null : droppedColumns.get(columnName);
        return dropped != null && dropped.hides(timestampMicros);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableMetadata other && keyspace.equals(other.keyspace) && name.equals(other.name)
                && id.equals(other.id) && allColumns.equals(other.allColumns) && params.equals(other.params)
                && droppedColumns.equals(other.droppedColumns) && indexes.equals(other.indexes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyspace, name, id);
    }

    @Override
    public String toString() {
        return keyspace + "." + name;
    }
}
