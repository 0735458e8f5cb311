package io.cairn.node.schema;

import io.cairn.common.time.Clock;
import io.cairn.cql.ast.AlterKeyspaceStatement;
import io.cairn.cql.ast.AlterTableAction;
import io.cairn.cql.ast.AlterTableStatement;
import io.cairn.cql.ast.ColumnDefinition;
import io.cairn.cql.ast.CreateKeyspaceStatement;
import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.CreateTypeStatement;
import io.cairn.cql.ast.DropKeyspaceStatement;
import io.cairn.cql.ast.DropTableStatement;
import io.cairn.cql.ast.DropTypeStatement;
import io.cairn.cql.ast.FieldDefinition;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.error.AlreadyExistsException;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.CqlTypes;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.TupleType;
import io.cairn.cql.type.UserType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What a DDL statement does to the schema: checks it against a schema and computes the keyspace
 * it leaves, touching neither storage nor the schema tables. Storing the result, spreading it
 * and making this node's storage match it is {@link SchemaManager}'s work, so that the same
 * computation serves however a change reaches the nodes.
 */
public final class DdlTransformer {

    /**
     * The keyspace a statement leaves behind ({@code after} null: dropped) and the change to
     * announce.
     */
    public record Edit(String keyspace, KeyspaceMetadata after, SchemaChange change) {
    }

    private final Clock clock;
    private final RandomGenerator random;

    public DdlTransformer(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * The edit {@code statement} makes to {@code current}.
     *
     * @param sessionKeyspace the keyspace for unqualified names, or null
     * @param dataCenters the cluster's data centers, which NetworkTopologyStrategy's default
     *                    factor applies to (asked only by keyspace statements)
     * @return the edit, or null when IF [NOT] EXISTS made it a no-op
     */
    public Edit edit(Statement statement, String sessionKeyspace, Schema current, Supplier<Set<String>> dataCenters) {
        if (statement instanceof CreateKeyspaceStatement create) {
            return createKeyspace(create, current, dataCenters);
        } else if (statement instanceof AlterKeyspaceStatement alter) {
            return alterKeyspace(alter, current, dataCenters);
        } else if (statement instanceof DropKeyspaceStatement drop) {
            return dropKeyspace(drop, current);
        } else if (statement instanceof CreateTableStatement create) {
            return createTable(create, SchemaManager.keyspaceOf(create.table(), sessionKeyspace), current);
        } else if (statement instanceof AlterTableStatement alter) {
            return alterTable(alter, SchemaManager.keyspaceOf(alter.table(), sessionKeyspace), current);
        } else if (statement instanceof DropTableStatement drop) {
            return dropTable(drop, SchemaManager.keyspaceOf(drop.table(), sessionKeyspace), current);
        } else if (statement instanceof CreateTypeStatement create) {
            return createType(create, SchemaManager.keyspaceOf(create.type(), sessionKeyspace), current);
        } else if (statement instanceof DropTypeStatement drop) {
            return dropType(drop, SchemaManager.keyspaceOf(drop.type(), sessionKeyspace), current);
        } else if (statement instanceof io.cairn.cql.ast.AlterTypeStatement alter) {
            return alterType(alter, SchemaManager.keyspaceOf(alter.type(), sessionKeyspace), current);
        } else if (statement instanceof io.cairn.cql.ast.CreateIndexStatement create) {
            return IndexChanges.create(create, SchemaManager.keyspaceOf(create.table(), sessionKeyspace), current);
        } else if (statement instanceof io.cairn.cql.ast.DropIndexStatement drop) {
            return IndexChanges.drop(drop, SchemaManager.keyspaceOf(drop.index(), sessionKeyspace), current);
        }
        throw CqlException.invalid("Not a schema statement: " + statement.getClass().getSimpleName());
    }

    private static KeyspaceMetadata existingKeyspace(String name, Schema current) {
        KeyspaceMetadata keyspace = current.keyspace(name);
        if (keyspace == null) {
            throw CqlException.invalid("Keyspace '" + name + "' doesn't exist");
        }
        return keyspace;
    }

    private static void checkNotSystem(String keyspace) {
        if (SystemKeyspaces.isSystem(keyspace)) {
            throw new CqlException(io.cairn.cql.error.ErrorCode.UNAUTHORIZED, keyspace
                    + " keyspace is not user-modifiable.");
        }
    }

    private static Edit createKeyspace(CreateKeyspaceStatement create, Schema current,
                                       Supplier<Set<String>> dataCenters) {
        String name = create.keyspace();
        if (!name.matches("\\w+")) {
            throw CqlException.invalid("Keyspace name must not be empty and must contain alphanumeric or underscore "
                    + "characters only (got \"" + name + "\")");
        }
        if (name.length() > 48) {
            throw CqlException.invalid("Keyspace name must not be more than 48 characters long (got \"" + name
                    + "\")");
        }
        SchemaOptions.checkKeyspaceOptions(create.options());
        Map<String, String> replication = SchemaOptions.replication(create.options(), null,
                dataCenters.get());
        boolean durable = SchemaOptions.durableWrites(create.options(), true);
        if (current.keyspace(name) != null) {
            if (create.ifNotExists()) {
                return null;
            }
            throw new AlreadyExistsException(name, "");
        }
        checkNotSystem(name);
        return new Edit(name, new KeyspaceMetadata(name, durable, replication, Map.of(), Map.of()),
                SchemaChange.keyspace(SchemaChange.Change.CREATED, name));
    }

    private static Edit alterKeyspace(AlterKeyspaceStatement alter, Schema current,
                                      Supplier<Set<String>> dataCenters) {
        KeyspaceMetadata keyspace = current.keyspace(alter.keyspace());
        if (keyspace == null) {
            if (alter.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Keyspace '" + alter.keyspace() + "' doesn't exist");
        }
        checkNotSystem(alter.keyspace());
        SchemaOptions.checkKeyspaceOptions(alter.options());
        KeyspaceMetadata altered = keyspace.withParams(
                SchemaOptions.durableWrites(alter.options(), keyspace.durableWrites()),
                SchemaOptions.replication(alter.options(), keyspace.replication(), dataCenters.get()));
        return new Edit(keyspace.name(), altered, SchemaChange.keyspace(SchemaChange.Change.UPDATED, keyspace.name()));
    }

    private static Edit dropKeyspace(DropKeyspaceStatement drop, Schema current) {
        KeyspaceMetadata keyspace = current.keyspace(drop.keyspace());
        if (keyspace == null) {
            if (drop.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Keyspace '" + drop.keyspace() + "' doesn't exist");
        }
        checkNotSystem(drop.keyspace());
        return new Edit(keyspace.name(), null, SchemaChange.keyspace(SchemaChange.Change.DROPPED, keyspace.name()));
    }

    private Edit createTable(CreateTableStatement create, String keyspaceName, Schema current) {
        KeyspaceMetadata keyspace = existingKeyspace(keyspaceName, current);
        checkNotSystem(keyspaceName);
        String name = create.table().name();
        if (keyspace.tables().containsKey(name)) {
            if (create.ifNotExists()) {
                return null;
            }
            throw new AlreadyExistsException(keyspaceName, name);
        }
        UUID id = new UUID(random.nextLong() & ~0xF000L | 0x4000L,
                random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
        TableMetadata table = TableBuilder.build(keyspaceName, create, id, current);
        return new Edit(keyspaceName, keyspace.withTable(table),
                SchemaChange.table(SchemaChange.Change.CREATED, keyspaceName, name));
    }

    private static Edit dropTable(DropTableStatement drop, String keyspaceName, Schema current) {
        KeyspaceMetadata keyspace = current.keyspace(keyspaceName);
        TableMetadata table = keyspace == null ? null : keyspace.tables().get(drop.table().name());
        if (table == null) {
            if (drop.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Table '" + keyspaceName + "." + drop.table().name() + "' doesn't exist");
        }
        checkNotSystem(keyspaceName);
        return new Edit(keyspaceName, keyspace.withoutTable(table.name()),
                SchemaChange.table(SchemaChange.Change.DROPPED, keyspaceName, table.name()));
    }

    private Edit alterTable(AlterTableStatement alter, String keyspaceName, Schema current) {
        KeyspaceMetadata keyspace = current.keyspace(keyspaceName);
        TableMetadata table = keyspace == null ? null : keyspace.tables().get(alter.table().name());
        if (table == null) {
            if (alter.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Table '" + keyspaceName + "." + alter.table().name() + "' doesn't exist");
        }
        checkNotSystem(keyspaceName);
        List<ColumnMetadata> columns = new ArrayList<>(table.columns());
        TableParams params = table.params();
        Map<String, DroppedColumn> dropped = new HashMap<>(table.droppedColumns());
        AlterTableAction action = alter.action();
        if (action instanceof AlterTableAction.AddColumns add) {
            for (ColumnDefinition definition : add.columns()) {
                if (table.column(definition.name()) != null) {
                    if (add.ifNotExists()) {
                        continue;
                    }
                    throw CqlException.invalid("Column with name '" + definition.name() + "' already exists");
                }
                if (definition.isStatic() && table.clustering().isEmpty()) {
                    throw CqlException.invalid("Static columns are only useful (and thus allowed) if the table has at "
                            + "least one clustering column");
                }
                CqlType type = CqlTypes.resolve(definition.type(), keyspaceName, current);
                TableBuilder.checkNotNestedMultiCell(type, definition.name());
                DroppedColumn.checkReAdd(dropped.get(definition.name()), definition.name(), type, definition.isStatic());
                if (dropped.containsKey(definition.name()) && table.isCounter()) {
                    // Its old shards would count again.
                    throw CqlException.invalid("Cannot re-add previously dropped counter column " + definition.name());
                }
                columns.add(new ColumnMetadata(definition.name(), definition.isStatic() ? ColumnKind.STATIC
                        : ColumnKind.REGULAR, -1, type, false));
            }
        } else if (action instanceof AlterTableAction.DropColumns drop) {
            for (String name : drop.columns()) {
                ColumnMetadata column = table.column(name);
                if (column == null) {
                    if (drop.ifExists()) {
                        continue;
                    }
                    throw CqlException.invalid("Column " + name + " was not found in table '" + table + "'");
                }
                if (column.isPrimaryKey()) {
                    throw CqlException.invalid("Cannot drop PRIMARY KEY column " + name);
                }
                IndexChanges.checkNotIndexed(table, column, "drop");
                columns.remove(column);
                long micros = drop.timestampMicros() != null ? drop.timestampMicros() : clock.currentTimeMicros();
                dropped.put(name, new DroppedColumn(name, column.type(), column.kind(),
                        DroppedColumn.droppedMicros(micros)));
            }
        } else if (action instanceof AlterTableAction.AlterOptions options) {
            params = SchemaOptions.tableParams(options.options(), params);
            TableBuilder.checkCounterTimeToLive(table.isCounter(), params);
        } else if (action instanceof AlterTableAction.AlterColumnType) {
            throw CqlException.invalid("Altering column types is no longer supported");
        } else if (action instanceof AlterTableAction.RenameColumns rename) {
            renamePrimaryKeyColumns(rename, table, columns);
        } else {
            throw CqlException.invalid("This ALTER TABLE is not supported yet");
        }
        if (action instanceof AlterTableAction.AddColumns) {
            checkCountersApart(table, columns);
        }
        return new Edit(keyspaceName, keyspace.withTable(table.with(columns, params, dropped)),
                SchemaChange.table(SchemaChange.Change.UPDATED, keyspaceName, table.name()));
    }

    /** A counter table has only counters outside its primary key, and no other table has one. */
    private static void checkCountersApart(TableMetadata table, List<ColumnMetadata> columns) {
        for (ColumnMetadata column : columns) {
            if (column.isPrimaryKey() || table.column(column.name()) != null) {
                continue;
            }
            boolean isCounter = column.type() == io.cairn.cql.type.NativeType.COUNTER;
            if (isCounter != table.isCounter()) {
                throw CqlException.configuration(table.keyspace() + "." + table.name() + ": Cannot have a "
                        + (isCounter ? "counter" : "non counter") + " column (\"" + column.name() + "\") in a "
                        + (isCounter ? "non counter" : "counter") + " table");
            }
        }
    }

    /**
     * {@code RENAME a TO b AND ...}: as Cassandra, only primary key columns, whose storage keys
     * hold their values by position, not by name. Every name is looked up in the table as it was
     * before the statement (renames do not chain), and a column that does not exist is refused,
     * IF EXISTS or not, as Cassandra 5.0 refuses it.
     */
    private static void renamePrimaryKeyColumns(AlterTableAction.RenameColumns rename, TableMetadata table,
                                                List<ColumnMetadata> columns) {
        // A column named twice takes the last new name, as in Cassandra.
        Map<String, String> renames = new java.util.LinkedHashMap<>();
        for (io.cairn.cql.ast.Rename each : rename.renames()) {
            renames.put(each.from(), each.to());
        }
        for (Map.Entry<String, String> each : renames.entrySet()) {
            String from = each.getKey();
            String to = each.getValue();
            ColumnMetadata column = table.column(from);
            if (column == null) {
                throw CqlException.invalid("Undefined column name " + from + " in table " + table);
            }
            if (!column.isPrimaryKey()) {
                throw CqlException.invalid("Cannot rename non PRIMARY KEY column " + from);
            }
            IndexChanges.checkNotIndexed(table, column, "rename");
            if (table.column(to) != null || indexOf(columns, to) >= 0) {
                throw CqlException.invalid("Cannot rename column " + from + " to " + to + " in table '" + table
                        + "'; another column with that name already exists");
            }
            columns.set(columns.indexOf(column), new ColumnMetadata(to, column.kind(), column.position(),
                    column.type(), column.isDescending()));
        }
    }

    private static int indexOf(List<ColumnMetadata> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Edit createType(CreateTypeStatement create, String keyspaceName, Schema current) {
        KeyspaceMetadata keyspace = existingKeyspace(keyspaceName, current);
        checkNotSystem(keyspaceName);
        String name = create.type().name();
        if (keyspace.types().containsKey(name)) {
            if (create.ifNotExists()) {
                return null;
            }
            throw CqlException.invalid("A user type with name '" + name + "' already exists");
        }
        List<String> names = new ArrayList<>();
        List<CqlType> types = new ArrayList<>();
        for (FieldDefinition field : create.fields()) {
            if (names.contains(field.name())) {
                throw CqlException.invalid("Duplicate field name " + field.name() + " in type " + name);
            }
            names.add(field.name());
            CqlType type = CqlTypes.resolve(field.type(), keyspaceName, current);
            if (type instanceof UserType && type.isMultiCell()) {
                throw CqlException.invalid("A user type cannot contain non-frozen UDTs");
            }
            if (type == io.cairn.cql.type.NativeType.COUNTER) {
                throw CqlException.invalid("A user type cannot contain counters");
            }
            types.add(type);
        }
        return new Edit(keyspaceName, keyspace.withType(new UserType(keyspaceName, name, names, types, false)),
                SchemaChange.type(SchemaChange.Change.CREATED, keyspaceName, name));
    }

    /**
     * {@code ALTER TYPE ... ADD field type} or {@code RENAME a TO b AND ...}, as Cassandra 5.0 does
     * them. Neither touches stored values: a frozen value written before an ADD has no value for
     * the new trailing field (read as null), and a non-frozen one keeps its fields' cells by
     * position, not by name. Every table and type of the keyspace that uses the type, however
     * deeply nested, takes the altered one.
     */
    private static Edit alterType(io.cairn.cql.ast.AlterTypeStatement alter, String keyspaceName, Schema current) {
        KeyspaceMetadata keyspace = current.keyspace(keyspaceName);
        UserType type = keyspace == null ? null : keyspace.types().get(alter.type().name());
        if (type == null) {
            if (alter.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Type " + keyspaceName + "." + alter.type().name() + " doesn't exist");
        }
        checkNotSystem(keyspaceName);
        String typeName = keyspaceName + "." + type.name();
        UserType altered;
        if (alter.action() instanceof io.cairn.cql.ast.AlterTypeAction.AddField add) {
            FieldDefinition field = add.field();
            CqlType fieldType = CqlTypes.resolve(field.type(), keyspaceName, current);
            if (fieldType == io.cairn.cql.type.NativeType.COUNTER) {
                throw CqlException.invalid("A user type cannot contain counters");
            }
            if (fieldType instanceof UserType && fieldType.isMultiCell()) {
                throw CqlException.invalid("A user type cannot contain non-frozen UDTs");
            }
            if (type.fieldIndex(field.name()) >= 0) {
                if (add.ifNotExists()) {
                    return null;
                }
                throw CqlException.invalid("Cannot add field " + field.name() + " to type " + typeName
                        + ": a field with name " + field.name() + " already exists");
            }
            if (uses(fieldType, type)) {
                // Cassandra names the field's type with its keyspace here.
                String fieldTypeName = fieldType instanceof UserType udt
                        ? "frozen<" + udt.keyspace() + "." + udt.name() + ">" : fieldType.asCql();
                throw CqlException.invalid("Cannot add new field " + field.name() + " of type " + fieldTypeName
                        + " to user type " + typeName + " as it would create a circular reference");
            }
            List<String> inPartitionKeys = tablesUsing(keyspace, type, TableMetadata::partitionKey);
            if (!inPartitionKeys.isEmpty()) {
                // A partition key's bytes would change, and with them its token.
                throw CqlException.invalid("Cannot add new field " + field.name() + " of type " + fieldType.asCql()
                        + " to user type " + typeName + " as the type is being used in partition key by the "
                        + "following tables: " + String.join(", ", inPartitionKeys));
            }
            if (fieldType.isMultiCell() && usedNonFrozen(keyspace, type)) {
                throw CqlException.invalid("Non-frozen UDTs with nested non-frozen collections are not supported");
            }
            List<String> inClusterings = tablesUsing(keyspace, type, TableMetadata::clustering);
            if (!inClusterings.isEmpty()) {
                // Clustering values are in the storage keys, encoded field after field: one written
                // before the new field could not be told from the next column's bytes. Cassandra
                // allows this; Cairn does not yet.
                throw CqlException.invalid("Cairn cannot add a field to user type " + typeName + " yet: it is used "
                        + "in a clustering column of the following tables: " + String.join(", ", inClusterings));
            }
            List<String> inCellPaths = new ArrayList<>();
            for (TableMetadata table : keyspace.tables().values()) {
                if (table.columns().stream().anyMatch(column -> inCellPath(column.type(), type))) {
                    inCellPaths.add(table.toString());
                }
            }
            if (!inCellPaths.isEmpty()) {
                // A set's elements and a map's keys are in the storage keys too, encoded the same way.
                throw CqlException.invalid("Cairn cannot add a field to user type " + typeName + " yet: it is used "
                        + "in the elements of a set or the keys of a map of the following tables: "
                        + String.join(", ", inCellPaths));
            }
            List<String> names = new ArrayList<>(type.fieldNames());
            names.add(field.name());
            List<CqlType> types = new ArrayList<>(type.fieldTypes());
            types.add(fieldType);
            altered = new UserType(keyspaceName, type.name(), names, types, type.isFrozen());
        } else if (alter.action() instanceof io.cairn.cql.ast.AlterTypeAction.RenameFields rename) {
            List<String> names = new ArrayList<>(type.fieldNames());
            for (io.cairn.cql.ast.Rename each : rename.renames()) {
                int index = type.fieldIndex(each.from());
                if (index < 0) {
                    if (rename.ifExists()) {
                        continue;
                    }
                    // Cassandra's own spelling.
                    throw CqlException.invalid("Unkown field " + each.from() + " in user type " + typeName);
                }
                names.set(index, each.to());
            }
            for (String name : names) {
                if (names.indexOf(name) != names.lastIndexOf(name)) {
                    // As Cassandra words it, naming the keyspace where it means the type.
                    throw CqlException.invalid("Duplicate field name " + name + " in type " + keyspaceName);
                }
            }
            altered = new UserType(keyspaceName, type.name(), names, type.fieldTypes(), type.isFrozen());
        } else {
            throw CqlException.invalid("Altering field types is no longer supported");
        }
        return new Edit(keyspaceName, withAlteredType(keyspace, altered),
                SchemaChange.type(SchemaChange.Change.UPDATED, keyspaceName, type.name()));
    }

    /** The tables of {@code keyspace} with {@code type} in one of their {@code columns}, however nested. */
    /** Whether a table of the keyspace has a non-frozen column of {@code type}. */
    private static boolean usedNonFrozen(KeyspaceMetadata keyspace, UserType type) {
        for (TableMetadata table : keyspace.tables().values()) {
            for (ColumnMetadata column : table.columns()) {
                if (column.type() instanceof UserType used && used.isMultiCell() && used.name().equals(type.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> tablesUsing(KeyspaceMetadata keyspace, UserType type,
                                            java.util.function.Function<TableMetadata, List<ColumnMetadata>> columns) {
        List<String> tables = new ArrayList<>();
        for (TableMetadata table : keyspace.tables().values()) {
            if (columns.apply(table).stream().anyMatch(column -> uses(column.type(), type))) {
                tables.add(table.toString());
            }
        }
        return tables;
    }

    /** {@code keyspace} with {@code altered} in place of the type of its name, wherever it is used. */
    private static KeyspaceMetadata withAlteredType(KeyspaceMetadata keyspace, UserType altered) {
        KeyspaceMetadata updated = keyspace.withType(altered);
        for (UserType other : keyspace.types().values()) {
            if (!other.name().equals(altered.name()) && uses(other, altered)) {
                updated = updated.withType((UserType) replaced(other, altered));
            }
        }
        for (TableMetadata table : keyspace.tables().values()) {
            if (table.columns().stream().noneMatch(column -> uses(column.type(), altered))) {
                continue;
            }
            List<ColumnMetadata> columns = new ArrayList<>();
            for (ColumnMetadata column : table.columns()) {
                columns.add(new ColumnMetadata(column.name(), column.kind(), column.position(),
                        replaced(column.type(), altered), column.isDescending()));
            }
            updated = updated.withTable(table.with(columns, table.params(), table.droppedColumns()));
        }
        return updated;
    }

    /** {@code type} with every use of the type named as {@code altered} replaced by it (keeping frozenness). */
    private static CqlType replaced(CqlType type, UserType altered) {
        if (type instanceof UserType user) {
            if (user.keyspace().equals(altered.keyspace()) && user.name().equals(altered.name())) {
                return new UserType(altered.keyspace(), altered.name(), altered.fieldNames(), altered.fieldTypes(),
                        user.isFrozen());
            }
            List<CqlType> fields = new ArrayList<>();
            for (CqlType field : user.fieldTypes()) {
                fields.add(replaced(field, altered));
            }
            return new UserType(user.keyspace(), user.name(), user.fieldNames(), fields, user.isFrozen());
        }
        if (type instanceof ListType list) {
            return new ListType(replaced(list.element(), altered), list.isFrozen());
        }
        if (type instanceof SetType set) {
            return new SetType(replaced(set.element(), altered), set.isFrozen());
        }
        if (type instanceof MapType map) {
            return new MapType(replaced(map.keys(), altered), replaced(map.values(), altered), map.isFrozen());
        }
        if (type instanceof TupleType tuple) {
            List<CqlType> components = new ArrayList<>();
            for (CqlType component : tuple.components()) {
                components.add(replaced(component, altered));
            }
            return new TupleType(components);
        }
        return type;
    }

    private static Edit dropType(DropTypeStatement drop, String keyspaceName, Schema current) {
        KeyspaceMetadata keyspace = current.keyspace(keyspaceName);
        UserType type = keyspace == null ? null : keyspace.types().get(drop.type().name());
        if (type == null) {
            if (drop.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Type '" + keyspaceName + "." + drop.type().name() + "' doesn't exist");
        }
        List<String> types = new ArrayList<>();
        for (UserType other : keyspace.types().values()) {
            if (!other.name().equals(type.name()) && other.fieldTypes().stream().anyMatch(t -> uses(t, type))) {
                types.add(other.name());
            }
        }
        if (!types.isEmpty()) {
            throw CqlException.invalid("Cannot drop user type '" + keyspaceName + "." + type.name()
                    + "' as it is still used by user types " + String.join(", ", types));
        }
        List<String> tables = new ArrayList<>();
        for (TableMetadata table : keyspace.tables().values()) {
            if (table.columns().stream().anyMatch(column -> uses(column.type(), type))) {
                tables.add(table.name());
            }
        }
        if (!tables.isEmpty()) {
            throw CqlException.invalid("Cannot drop user type '" + keyspaceName + "." + type.name()
                    + "' as it is still used by tables " + String.join(", ", tables));
        }
        return new Edit(keyspaceName, keyspace.withoutType(type.name()),
                SchemaChange.type(SchemaChange.Change.DROPPED, keyspaceName, type.name()));
    }

    /** Whether {@code type} is {@code user} or contains it, at any depth. */
    /** Whether {@code user} is in the elements of a non-frozen set or the keys of a non-frozen map of this type. */
    private static boolean inCellPath(CqlType type, UserType user) {
        if (type instanceof SetType set && set.isMultiCell()) {
            return uses(set.element(), user);
        }
        return type instanceof MapType map && map.isMultiCell() && uses(map.keys(), user);
    }

    private static boolean uses(CqlType type, UserType user) {
        if (type instanceof UserType other) {
            return other.keyspace().equals(user.keyspace()) && other.name().equals(user.name())
                    || other.fieldTypes().stream().anyMatch(field -> uses(field, user));
        }
        if (type instanceof ListType list) {
            return uses(list.element(), user);
        }
        if (type instanceof SetType set) {
            return uses(set.element(), user);
        }
        if (type instanceof MapType map) {
            return uses(map.keys(), user) || uses(map.values(), user);
        }
        return type instanceof TupleType tuple && tuple.components().stream().anyMatch(c -> uses(c, user));
    }
}
