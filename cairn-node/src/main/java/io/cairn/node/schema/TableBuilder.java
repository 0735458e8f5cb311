package io.cairn.node.schema;

import io.cairn.cql.ast.ClusteringOrder;
import io.cairn.cql.ast.ColumnDefinition;
import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.PrimaryKey;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.CqlTypes;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.UserTypeLookup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Builds a table's metadata from CREATE TABLE, with Cassandra's checks and messages. */
final class TableBuilder {

    private TableBuilder() {
    }

    static TableMetadata build(String keyspace, CreateTableStatement create, UUID id, UserTypeLookup userTypes) {
        String name = create.table().name();
        if (create.isCompactStorage()) {
            throw CqlException.invalid("COMPACT STORAGE tables are not supported (Cassandra 4.0 removed them)");
        }
        if (name.length() > 222 || !name.matches("\\w+")) {
            throw CqlException.invalid("Table name must not be empty, more than 222 characters long, or contain "
                    + "non-alphanumeric-underscore characters (got \"" + name + "\")");
        }
        Map<String, ColumnDefinition> definitions = new LinkedHashMap<>();
        for (ColumnDefinition definition : create.columns()) {
            if (definitions.put(definition.name(), definition) != null) {
                throw CqlException.invalid("Duplicate column '" + definition.name() + "' declaration for table '"
                        + name + "'");
            }
        }
        if (create.primaryKeys().isEmpty()) {
            throw CqlException.invalid("No PRIMARY KEY specifed for table '" + name + "' (exactly one required)");
        }
        if (create.primaryKeys().size() > 1) {
            throw CqlException.invalid("Multiple PRIMARY KEY specified for table '" + name + "' (exactly one required)");
        }
        PrimaryKey primaryKey = create.primaryKeys().get(0);
        Map<String, Boolean> descending = new LinkedHashMap<>();
        for (ClusteringOrder order : create.clusteringOrder()) {
            descending.put(order.column(), order.isDescending());
        }
        List<ColumnMetadata> columns = new ArrayList<>();
        Set<String> keyColumns = new HashSet<>();
        for (int i = 0; i < primaryKey.partitionKey().size(); i++) {
            String column = primaryKey.partitionKey().get(i);
            columns.add(keyColumn(keyspace, name, definitions, column, ColumnKind.PARTITION_KEY, i, false, userTypes));
            if (!keyColumns.add(column)) {
                throw CqlException.invalid("Duplicate column '" + column + "' in PRIMARY KEY clause for table '"
                        + name + "'");
            }
        }
        for (int i = 0; i < primaryKey.clusteringColumns().size(); i++) {
            String column = primaryKey.clusteringColumns().get(i);
            boolean desc = descending.getOrDefault(column, false);
            columns.add(keyColumn(keyspace, name, definitions, column, ColumnKind.CLUSTERING, i, desc, userTypes));
            if (!keyColumns.add(column)) {
                throw CqlException.invalid("Duplicate column '" + column + "' in PRIMARY KEY clause for table '"
                        + name + "'");
            }
        }
        List<String> orderColumns = new ArrayList<>(descending.keySet());
        for (int i = 0; i < orderColumns.size(); i++) {
            String column = orderColumns.get(i);
            if (!primaryKey.clusteringColumns().contains(column)) {
                throw CqlException.invalid("Only clustering key columns can be defined in CLUSTERING ORDER directive: ["
                        + column + "] are not clustering columns");
            }
            if (i >= primaryKey.clusteringColumns().size() || !primaryKey.clusteringColumns().get(i).equals(column)) {
                throw CqlException.invalid("The order of columns in the CLUSTERING ORDER directive must match that of "
                        + "the clustering columns (" + column + " must appear as " + primaryKey.clusteringColumns().get(
                        Math.min(i, primaryKey.clusteringColumns().size() - 1)) + ")");
            }
        }
        boolean hasCounter = false;
        boolean hasNonCounter = false;
        for (ColumnDefinition definition : definitions.values()) {
            if (keyColumns.contains(definition.name())) {
                continue;
            }
            CqlType type = CqlTypes.resolve(definition.type(), keyspace, userTypes);
            checkNotNestedMultiCell(type, null);
            if (type == NativeType.COUNTER) {
                hasCounter = true;
            } else {
                hasNonCounter = true;
            }
            if (definition.isStatic() && primaryKey.clusteringColumns().isEmpty()) {
                throw CqlException.invalid("Static columns are only useful (and thus allowed) if the table has at least "
                        + "one clustering column");
            }
            columns.add(new ColumnMetadata(definition.name(), definition.isStatic() ? ColumnKind.STATIC : ColumnKind.REGULAR,
                    -1, type, false));
        }
        if (hasCounter && hasNonCounter) {
            throw CqlException.invalid("Cannot mix counter and non counter columns in the same table");
        }
        TableParams params = SchemaOptions.tableParams(create.options(), TableParams.DEFAULTS);
        checkCounterTimeToLive(hasCounter, params);
        return new TableMetadata(keyspace, name, id, columns, params);
    }

    /** A counter cannot expire: its shards are totals that a later increment builds on. */
    static void checkCounterTimeToLive(boolean isCounter, TableParams params) {
        if (isCounter && params.defaultTimeToLiveSeconds() > 0) {
            throw CqlException.invalid("Cannot set default_time_to_live on a table with counters");
        }
    }

    /**
     * A user type may have non-frozen collections as fields, and be used frozen; a non-frozen
     * column of it may not, as in Cassandra (its fields are cells, and a cell holds no collection).
     */
    static void checkNotNestedMultiCell(CqlType type, String addedColumn) {
        if (type instanceof io.cairn.cql.type.UserType udt && udt.isMultiCell()
                && udt.fieldTypes().stream().anyMatch(CqlType::isMultiCell)) {
            throw CqlException.invalid("Non-frozen UDTs with nested non-frozen collections are not supported"
                    + (addedColumn == null ? "" : " for column " + addedColumn));
        }
    }

    private static ColumnMetadata keyColumn(String keyspace, String table, Map<String, ColumnDefinition> definitions,
                                            String name, ColumnKind kind, int position, boolean descending,
                                            UserTypeLookup userTypes) {
        ColumnDefinition definition = definitions.get(name);
        if (definition == null) {
            throw CqlException.invalid("Unknown column '" + name + "' referenced in PRIMARY KEY for table '"
                    + table + "'");
        }
        if (definition.isStatic()) {
            throw CqlException.invalid("Static column '" + name + "' cannot be part of the PRIMARY KEY");
        }
        CqlType type = CqlTypes.resolve(definition.type(), keyspace, userTypes);
        if (type instanceof io.cairn.cql.type.UserType udt && udt.isMultiCell()) {
            throw CqlException.invalid("Invalid non-frozen user-defined type \"" + udt.keyspace() + "." + udt.name()
                    + "\" for PRIMARY KEY column '" + name + "'");
        }
        if (type.isMultiCell()) {
            throw CqlException.invalid("Invalid non-frozen collection type " + type.asCql() + " for PRIMARY KEY column '"
                    + name + "'");
        }
        if (type == NativeType.COUNTER) {
            throw CqlException.invalid("counter type is not supported for PRIMARY KEY column '" + name + "'");
        }
        if (type.keyType().isEmpty()) {
            throw CqlException.invalid(type.asCql() + " type is not supported for PRIMARY KEY column '" + name + "'");
        }
        return new ColumnMetadata(name, kind, position, type, descending);
    }
}
