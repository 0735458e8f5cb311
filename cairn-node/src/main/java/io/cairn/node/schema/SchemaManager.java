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
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.error.AlreadyExistsException;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.parser.StatementParser;
import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.CqlTypes;
import io.cairn.cql.type.ListType;
import io.cairn.cql.type.MapType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.TupleType;
import io.cairn.cql.type.UserType;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Owns the schema: applies DDL, keeps every version in {@code system_schema} tables (so
 * drivers read it with ordinary queries and a restart loads it back), and serves the current
 * immutable {@link Schema} to the query layer.
 *
 * <p>Changes are serialized by this object's lock; readers take {@link #current()} without
 * locking.
 */
public final class SchemaManager {

    /** The data center of a node that names none, as in Cassandra. */
    public static final String DEFAULT_DATA_CENTER = "datacenter1";

    private final StorageEngine storage;
    private final Clock clock;
    private final RandomGenerator random;
    private final StatementParser parser;
    private final List<Consumer<SchemaChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<SchemaMutation>>> localChangeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<io.cairn.storage.TableId>> tableDropListeners = new CopyOnWriteArrayList<>();
    private volatile Schema current = new Schema(Map.of(), new UUID(0, 0));
    private long lastWriteMicros;
    /** The cluster's data centers, which NetworkTopologyStrategy's default factor applies to. */
    private volatile Supplier<Set<String>> dataCenters = () -> Set.of(DEFAULT_DATA_CENTER);

    public SchemaManager(StorageEngine storage, Clock clock, RandomGenerator random, StatementParser parser) {
        this.storage = storage;
        this.clock = clock;
        this.random = random;
        this.parser = parser;
    }

    /** Where the cluster's data centers are learnt (one node alone is in {@link #DEFAULT_DATA_CENTER}). */
    public void useDataCenters(Supplier<Set<String>> source) {
        dataCenters = Objects.requireNonNull(source, "source");
    }

    public Schema current() {
        return current;
    }

    /** Called after each change, on the changing thread. */
    public void addListener(Consumer<SchemaChange> listener) {
        listeners.add(listener);
    }

    /**
     * Called when a DDL statement executing on this node has written its schema rows, with
     * those rows (to push to the other nodes), before the statement's own storage work here.
     * Not called for changes received from other nodes.
     */
    public void addLocalChangeListener(Consumer<List<SchemaMutation>> listener) {
        localChangeListeners.add(listener);
    }

    /**
     * Called on the dropping thread once a table's storage is dropped here, whether the DROP ran
     * on this node or came from another (a table re-created under the same name since counts as
     * dropped): for state kept by table name outside the table, which must not outlive it.
     */
    public void addTableDropListener(Consumer<io.cairn.storage.TableId> listener) {
        tableDropListeners.add(listener);
    }

    private void dropStorage(TableMetadata table) {
        storage.dropTable(table.tableId());
        for (Consumer<io.cairn.storage.TableId> listener : tableDropListeners) {
            listener.accept(table.tableId());
        }
    }

    /** A keyspace's rows in one schema table, as stored (tombstones included). */
    public record SchemaMutation(io.cairn.storage.TableId table, io.cairn.storage.PartitionUpdate update) {
    }

    /** The rows describing {@code keyspace} in every schema table: what a push carries. */
    public synchronized List<SchemaMutation> mutationsFor(String keyspace) {
        List<SchemaMutation> mutations = new ArrayList<>();
        for (String name : SchemaTables.KEYSPACE_TABLES) {
            TableMetadata table = current.table(SystemKeyspaces.SYSTEM_SCHEMA, name);
            java.nio.ByteBuffer key = SchemaRows.text(keyspace);
            io.cairn.storage.PartitionKey partition = io.cairn.node.schema.TableLayout.partitionKey(table,
                    List.of(key));
            mutations.add(new SchemaMutation(table.tableId(), storage.exportPartition(table.tableId(), partition)));
        }
        return mutations;
    }

    /**
     * Applies schema rows another node pushed, then reloads the user keyspaces from storage:
     * rows carry their write timestamps, so pushes in any order converge to the newest schema.
     */
    public void applyMutations(List<SchemaMutation> mutations) {
        List<SchemaChange> changes = new ArrayList<>();
        synchronized (this) {
            for (SchemaMutation mutation : mutations) {
                if (!mutation.table().keyspace().equals(SystemKeyspaces.SYSTEM_SCHEMA)) {
                    throw new IllegalArgumentException("Schema mutations only touch system_schema, not "
                            + mutation.table());
                }
                storage.apply(mutation.table(), mutation.update());
                // A later local change must win over what was received, whatever this node's clock says.
                lastWriteMicros = Math.max(lastWriteMicros, newestTimestamp(mutation.update()));
            }
            Map<String, KeyspaceMetadata> keyspaces = new HashMap<>();
            for (KeyspaceMetadata keyspace : current.keyspaces().values()) {
                if (SystemKeyspaces.isSystem(keyspace.name())) {
                    keyspaces.put(keyspace.name(), keyspace);
                }
            }
            for (KeyspaceMetadata loaded : SchemaTables.load(storage, current, nowSeconds())) {
                if (!SystemKeyspaces.isSystem(loaded.name())) {
                    keyspaces.put(loaded.name(), loaded);
                }
            }
            for (KeyspaceMetadata before : current.keyspaces().values()) {
                KeyspaceMetadata after = keyspaces.get(before.name());
                for (TableMetadata table : before.tables().values()) {
                    TableMetadata now = after == null ? null : after.tables().get(table.name());
                    // Dropped, or dropped and created again while this node was away (another id).
                    if (now == null || !now.id().equals(table.id())) {
                        dropStorage(table);
                    }
                }
                if (after == null) {
                    changes.add(SchemaChange.keyspace(SchemaChange.Change.DROPPED, before.name()));
                }
            }
            for (KeyspaceMetadata after : keyspaces.values()) {
                KeyspaceMetadata before = current.keyspace(after.name());
                for (TableMetadata table : after.tables().values()) {
                    storeOptions(table);
                }
                if (before == null) {
                    changes.add(SchemaChange.keyspace(SchemaChange.Change.CREATED, after.name()));
                } else if (!before.equals(after)) {
                    changes.add(SchemaChange.keyspace(SchemaChange.Change.UPDATED, after.name()));
                }
            }
            current = new Schema(keyspaces, SchemaTables.version(keyspaces.values()));
        }
        for (SchemaChange change : changes) {
            for (Consumer<SchemaChange> listener : listeners) {
                listener.accept(change);
            }
        }
    }

    private static long newestTimestamp(io.cairn.storage.PartitionUpdate update) {
        long newest = update.partitionDeletion() == null ? Long.MIN_VALUE : update.partitionDeletion().timestampMicros();
        for (io.cairn.storage.Row row : update.rows()) {
            if (row.liveness() != null) {
                newest = Math.max(newest, row.liveness().timestampMicros());
            }
            for (io.cairn.storage.Cell cell : row.cells()) {
                newest = Math.max(newest, cell.timestampMicros());
            }
        }
        return newest;
    }

    /** Defines the system keyspaces, loads user keyspaces from storage and writes system_schema. */
    public synchronized void start() {
        Map<String, KeyspaceMetadata> keyspaces = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : SystemKeyspaces.TABLES.entrySet()) {
            String keyspace = entry.getKey();
            KeyspaceMetadata metadata = new KeyspaceMetadata(keyspace, true,
                    SystemKeyspaces.isLocal(keyspace) ? SystemKeyspaces.LOCAL_REPLICATION
                            : Map.of("class", "org.apache.cassandra.locator.SimpleStrategy", "replication_factor", "1"),
                    Map.of(), Map.of());
            for (String ddl : entry.getValue()) {
                CreateTableStatement create = (CreateTableStatement) parser.parse(ddl).statement();
                UUID id = UUID.nameUUIDFromBytes((keyspace + "." + create.table().name())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                TableMetadata table = TableBuilder.build(keyspace, create, id, (k, n) -> null);
                metadata = metadata.withTable(table);
                storage.createTable(table.tableId(), new TableOptions(table.params().gcGraceSeconds()));
            }
            keyspaces.put(keyspace, metadata);
        }
        Schema systemOnly = new Schema(keyspaces, new UUID(0, 0));
        for (KeyspaceMetadata loaded : SchemaTables.load(storage, systemOnly, clock.currentTimeSeconds())) {
            if (!SystemKeyspaces.isSystem(loaded.name())) {
                keyspaces.put(loaded.name(), loaded);
                for (TableMetadata table : loaded.tables().values()) {
                    storeOptions(table);
                }
            }
        }
        current = new Schema(keyspaces, SchemaTables.version(keyspaces.values()));
        for (KeyspaceMetadata keyspace : keyspaces.values()) {
            if (SystemKeyspaces.isSystem(keyspace.name())) {
                SchemaTables.write(storage, current, keyspace.name(), keyspace, nextWriteMicros(), nowSeconds());
            }
        }
    }

    /** Creates the table's storage, or updates its options there (gc grace, dropped columns). */
    private void storeOptions(TableMetadata table) {
        TableOptions options = new TableOptions(table.params().gcGraceSeconds(), table.droppedMicros());
        if (!storage.createTable(table.tableId(), options) && !options.equals(storage.options(table.tableId()))) {
            storage.alterTable(table.tableId(), options);
        }
    }

    private long nowSeconds() {
        return clock.currentTimeSeconds();
    }

    /** Strictly increasing write timestamps for schema rows, so a later change always wins. */
    private long nextWriteMicros() {
        long micros = clock.currentTimeMicros();
        lastWriteMicros = Math.max(micros, lastWriteMicros + 1);
        return lastWriteMicros;
    }

    /**
     * Applies a DDL statement.
     *
     * @param sessionKeyspace the keyspace for unqualified names, or null
     * @return the change, or null when IF [NOT] EXISTS made it a no-op
     */
    public synchronized SchemaChange apply(Statement statement, String sessionKeyspace) {
        SchemaChange change;
        if (statement instanceof CreateKeyspaceStatement create) {
            change = createKeyspace(create);
        } else if (statement instanceof AlterKeyspaceStatement alter) {
            change = alterKeyspace(alter);
        } else if (statement instanceof DropKeyspaceStatement drop) {
            change = dropKeyspace(drop);
        } else if (statement instanceof CreateTableStatement create) {
            change = createTable(create, keyspaceOf(create.table(), sessionKeyspace));
        } else if (statement instanceof AlterTableStatement alter) {
            change = alterTable(alter, keyspaceOf(alter.table(), sessionKeyspace));
        } else if (statement instanceof DropTableStatement drop) {
            change = dropTable(drop, keyspaceOf(drop.table(), sessionKeyspace));
        } else if (statement instanceof CreateTypeStatement create) {
            change = createType(create, keyspaceOf(create.type(), sessionKeyspace));
        } else if (statement instanceof DropTypeStatement drop) {
            change = dropType(drop, keyspaceOf(drop.type(), sessionKeyspace));
        } else {
            throw CqlException.invalid("Not a schema statement: " + statement.getClass().getSimpleName());
        }
        if (change != null) {
            for (Consumer<SchemaChange> listener : listeners) {
                listener.accept(change);
            }
        }
        return change;
    }

    public static String keyspaceOf(QualifiedName name, String sessionKeyspace) {
        if (name.hasKeyspace()) {
            return name.keyspace();
        }
        if (sessionKeyspace == null) {
            throw CqlException.invalid("No keyspace has been specified. USE a keyspace, or explicitly specify "
                    + "keyspace.tablename");
        }
        return sessionKeyspace;
    }

    private KeyspaceMetadata existingKeyspace(String name) {
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

    private void publish(String keyspaceName, KeyspaceMetadata keyspace) {
        current = writeAndPush(keyspaceName, keyspace);
    }

    /**
     * Writes the schema rows of {@code keyspace} (null: dropped) and hands them to the local
     * change listeners at once, before this node's own storage work (creating or dropping
     * column families, the slow part of DDL), so that the other nodes do theirs meanwhile.
     * Returns the schema the change makes; the caller makes it current.
     */
    private Schema writeAndPush(String keyspaceName, KeyspaceMetadata keyspace) {
        Map<String, KeyspaceMetadata> keyspaces = new HashMap<>(current.keyspaces());
        if (keyspace == null) {
            keyspaces.remove(keyspaceName);
        } else {
            keyspaces.put(keyspaceName, keyspace);
        }
        Schema next = new Schema(keyspaces, SchemaTables.version(keyspaces.values()));
        SchemaTables.write(storage, next, keyspaceName, keyspace, nextWriteMicros(), nowSeconds());
        List<SchemaMutation> mutations = mutationsFor(keyspaceName);
        for (Consumer<List<SchemaMutation>> listener : localChangeListeners) {
            listener.accept(mutations);
        }
        return next;
    }

    private SchemaChange createKeyspace(CreateKeyspaceStatement create) {
        String name = create.keyspace();
        if (name.length() > 48 || !name.matches("\\w+")) {
            throw CqlException.invalid("Keyspace name must not be empty, more than 48 characters long, or contain "
                    + "non-alphanumeric-underscore characters (got \"" + name + "\")");
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
        publish(name, new KeyspaceMetadata(name, durable, replication, Map.of(), Map.of()));
        return SchemaChange.keyspace(SchemaChange.Change.CREATED, name);
    }

    private SchemaChange alterKeyspace(AlterKeyspaceStatement alter) {
        KeyspaceMetadata keyspace = current.keyspace(alter.keyspace());
        if (keyspace == null) {
            if (alter.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Keyspace '" + alter.keyspace() + "' doesn't exist");
        }
        checkNotSystem(alter.keyspace());
        SchemaOptions.checkKeyspaceOptions(alter.options());
        publish(keyspace.name(), keyspace.withParams(SchemaOptions.durableWrites(alter.options(), keyspace.durableWrites()),
                SchemaOptions.replication(alter.options(), keyspace.replication(),
                        dataCenters.get())));
        return SchemaChange.keyspace(SchemaChange.Change.UPDATED, keyspace.name());
    }

    private SchemaChange dropKeyspace(DropKeyspaceStatement drop) {
        KeyspaceMetadata keyspace = current.keyspace(drop.keyspace());
        if (keyspace == null) {
            if (drop.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Keyspace '" + drop.keyspace() + "' doesn't exist");
        }
        checkNotSystem(drop.keyspace());
        publish(keyspace.name(), null);
        for (TableMetadata table : keyspace.tables().values()) {
            dropStorage(table);
        }
        return SchemaChange.keyspace(SchemaChange.Change.DROPPED, keyspace.name());
    }

    private SchemaChange createTable(CreateTableStatement create, String keyspaceName) {
        KeyspaceMetadata keyspace = existingKeyspace(keyspaceName);
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
        // The table becomes visible only once its column family exists here.
        Schema next = writeAndPush(keyspaceName, keyspace.withTable(table));
        storeOptions(table);
        current = next;
        return SchemaChange.table(SchemaChange.Change.CREATED, keyspaceName, name);
    }

    private SchemaChange dropTable(DropTableStatement drop, String keyspaceName) {
        KeyspaceMetadata keyspace = current.keyspace(keyspaceName);
        TableMetadata table = keyspace == null ? null : keyspace.tables().get(drop.table().name());
        if (table == null) {
            if (drop.ifExists()) {
                return null;
            }
            throw CqlException.invalid("Table '" + keyspaceName + "." + drop.table().name() + "' doesn't exist");
        }
        checkNotSystem(keyspaceName);
        publish(keyspaceName, keyspace.withoutTable(table.name()));
        dropStorage(table);
        return SchemaChange.table(SchemaChange.Change.DROPPED, keyspaceName, table.name());
    }

    private SchemaChange alterTable(AlterTableStatement alter, String keyspaceName) {
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
                DroppedColumn.checkReAdd(dropped.get(definition.name()), definition.name(), type, definition.isStatic());
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
                    throw CqlException.invalid("Column " + name + " was not found in table " + table);
                }
                if (column.isPrimaryKey()) {
                    throw CqlException.invalid("Cannot drop PRIMARY KEY column " + name);
                }
                columns.remove(column);
                long micros = drop.timestampMicros() != null ? drop.timestampMicros() : clock.currentTimeMicros();
                dropped.put(name, new DroppedColumn(name, column.type(), column.kind(),
                        DroppedColumn.droppedMicros(micros)));
            }
        } else if (action instanceof AlterTableAction.AlterOptions options) {
            params = SchemaOptions.tableParams(options.options(), params);
        } else if (action instanceof AlterTableAction.AlterColumnType) {
            throw CqlException.invalid("Altering column types is no longer supported");
        } else {
            throw CqlException.invalid("This ALTER TABLE is not supported yet");
        }
        TableMetadata altered = table.with(columns, params, dropped);
        storeOptions(altered);
        publish(keyspaceName, keyspace.withTable(altered));
        return SchemaChange.table(SchemaChange.Change.UPDATED, keyspaceName, table.name());
    }

    private SchemaChange createType(CreateTypeStatement create, String keyspaceName) {
        KeyspaceMetadata keyspace = existingKeyspace(keyspaceName);
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
            if (type.isMultiCell()) {
                throw CqlException.invalid("Non-frozen UDTs with nested non-frozen collections are not supported");
            }
            types.add(type);
        }
        publish(keyspaceName, keyspace.withType(new UserType(keyspaceName, name, names, types, false)));
        return SchemaChange.type(SchemaChange.Change.CREATED, keyspaceName, name);
    }

    private SchemaChange dropType(DropTypeStatement drop, String keyspaceName) {
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
        publish(keyspaceName, keyspace.withoutType(type.name()));
        return SchemaChange.type(SchemaChange.Change.DROPPED, keyspaceName, type.name());
    }

    /** Whether {@code type} is {@code user} or contains it, at any depth. */
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
