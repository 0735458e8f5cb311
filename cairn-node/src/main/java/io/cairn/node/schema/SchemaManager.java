package io.cairn.node.schema;

import io.cairn.common.time.Clock;
import io.cairn.cql.ast.CreateTableStatement;
import io.cairn.cql.ast.QualifiedName;
import io.cairn.cql.ast.Statement;
import io.cairn.cql.error.CqlException;
import io.cairn.cql.parser.StatementParser;
import io.cairn.storage.PartitionUpdate;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.TableId;

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
 * Owns the schema: serves the current immutable {@link Schema} to the query layer and carries
 * every change through, in three parts. {@link DdlTransformer} says what a DDL statement does to
 * the schema; {@link SchemaStore} keeps every version in the {@code system_schema} tables (so
 * drivers read it with ordinary queries and a restart loads it back) and the local change
 * listeners spread the rows written; {@link TableStorage} makes this node's storage match.
 *
 * <p>Changes are serialized by this object's lock; readers take {@link #current()} without
 * locking.
 */
public final class SchemaManager {

    /** The data center of a node that names none, as in Cassandra. */
    public static final String DEFAULT_DATA_CENTER = "datacenter1";

    private final StatementParser parser;
    private final DdlTransformer transformer;
    private final SchemaStore store;
    private final TableStorage tables;
    private final List<Consumer<SchemaChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<SchemaMutation>>> localChangeListeners = new CopyOnWriteArrayList<>();
    private volatile Schema current = new Schema(Map.of(), new UUID(0, 0));
    /** The cluster's data centers, which NetworkTopologyStrategy's default factor applies to. */
    private volatile Supplier<Set<String>> dataCenters = () -> Set.of(DEFAULT_DATA_CENTER);

    public SchemaManager(StorageEngine storage, Clock clock, RandomGenerator random, StatementParser parser) {
        this.parser = parser;
        this.transformer = new DdlTransformer(clock, random);
        this.store = new SchemaStore(storage, clock);
        this.tables = new TableStorage(storage);
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
    public void addTableDropListener(Consumer<TableId> listener) {
        tables.addDropListener(listener);
    }

    /** A keyspace's rows in one schema table, as stored (tombstones included). */
    public record SchemaMutation(TableId table, PartitionUpdate update) {
    }

    /** The rows describing {@code keyspace} in every schema table: what a push carries. */
    public synchronized List<SchemaMutation> mutationsFor(String keyspace) {
        return store.export(current, keyspace);
    }

    /**
     * Applies schema rows another node pushed, then reloads the user keyspaces from storage:
     * rows carry their write timestamps, so pushes in any order converge to the newest schema.
     */
    public void applyMutations(List<SchemaMutation> mutations) {
        List<SchemaChange> changes = new ArrayList<>();
        synchronized (this) {
            store.storeReceived(mutations);
            Map<String, KeyspaceMetadata> keyspaces = new HashMap<>();
            for (KeyspaceMetadata keyspace : current.keyspaces().values()) {
                if (SystemKeyspaces.isSystem(keyspace.name())) {
                    keyspaces.put(keyspace.name(), keyspace);
                }
            }
            for (KeyspaceMetadata loaded : store.load(current)) {
                if (!SystemKeyspaces.isSystem(loaded.name())) {
                    keyspaces.put(loaded.name(), loaded);
                }
            }
            for (KeyspaceMetadata before : current.keyspaces().values()) {
                KeyspaceMetadata after = keyspaces.get(before.name());
                TableStorage.dropped(before, after).forEach(tables::drop);
                if (after == null) {
                    changes.add(SchemaChange.keyspace(SchemaChange.Change.DROPPED, before.name()));
                }
            }
            for (KeyspaceMetadata after : keyspaces.values()) {
                KeyspaceMetadata before = current.keyspace(after.name());
                // Unchanged tables too: storing options that already hold changes nothing.
                after.tables().values().forEach(tables::storeOptions);
                if (before == null) {
                    changes.add(SchemaChange.keyspace(SchemaChange.Change.CREATED, after.name()));
                } else if (!before.equals(after)) {
                    changes.add(SchemaChange.keyspace(SchemaChange.Change.UPDATED, after.name()));
                }
            }
            current = Schema.of(keyspaces);
        }
        changes.forEach(this::announce);
    }

    /** Defines the system keyspaces, loads user keyspaces from storage and writes system_schema. */
    public synchronized void start() {
        Map<String, KeyspaceMetadata> keyspaces = systemKeyspaces();
        Schema systemOnly = new Schema(keyspaces, new UUID(0, 0));
        for (KeyspaceMetadata loaded : store.load(systemOnly)) {
            if (!SystemKeyspaces.isSystem(loaded.name())) {
                keyspaces.put(loaded.name(), loaded);
                loaded.tables().values().forEach(tables::storeOptions);
            }
        }
        current = Schema.of(keyspaces);
        for (KeyspaceMetadata keyspace : keyspaces.values()) {
            if (SystemKeyspaces.isSystem(keyspace.name())) {
                store.write(current, keyspace.name(), keyspace);
            }
        }
    }

    /** The system keyspaces as this version defines them, each table's storage created. */
    private Map<String, KeyspaceMetadata> systemKeyspaces() {
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
                tables.createSystemTable(table);
            }
            keyspaces.put(keyspace, metadata);
        }
        return keyspaces;
    }

    /**
     * Applies a DDL statement: {@link DdlTransformer} checks it and computes the keyspace it
     * leaves; the rows are written and pushed at once, before this node's own storage work
     * (creating or dropping column families, the slow part of DDL), so that the other nodes do
     * theirs meanwhile. An altered table's storage options change before its rows are written,
     * a created table becomes visible only once its column family exists here, and a dropped
     * table's storage goes once the schema no longer shows it.
     *
     * @param sessionKeyspace the keyspace for unqualified names, or null
     * @return the change, or null when IF [NOT] EXISTS made it a no-op
     */
    public synchronized SchemaChange apply(Statement statement, String sessionKeyspace) {
        DdlTransformer.Edit edit = transformer.edit(statement, sessionKeyspace, current, dataCenters);
        if (edit == null) {
            return null;
        }
        KeyspaceMetadata before = current.keyspace(edit.keyspace());
        KeyspaceMetadata after = edit.after();
        if (after != null) {
            TableStorage.altered(before, after).forEach(tables::storeOptions);
        }
        Schema next = writeAndPush(edit.keyspace(), after);
        if (after != null) {
            TableStorage.created(before, after).forEach(tables::storeOptions);
        }
        current = next;
        if (before != null) {
            TableStorage.dropped(before, after).forEach(tables::drop);
        }
        announce(edit.change());
        return edit.change();
    }

    /**
     * Writes the schema rows of {@code keyspace} (null: dropped) and hands them to the local
     * change listeners. Returns the schema the change makes; the caller makes it current.
     */
    private Schema writeAndPush(String keyspaceName, KeyspaceMetadata keyspace) {
        Map<String, KeyspaceMetadata> keyspaces = new HashMap<>(current.keyspaces());
        if (keyspace == null) {
            keyspaces.remove(keyspaceName);
        } else {
            keyspaces.put(keyspaceName, keyspace);
        }
        Schema next = Schema.of(keyspaces);
        store.write(next, keyspaceName, keyspace);
        List<SchemaMutation> mutations = store.export(current, keyspaceName);
        for (Consumer<List<SchemaMutation>> listener : localChangeListeners) {
            listener.accept(mutations);
        }
        return next;
    }

    private void announce(SchemaChange change) {
        for (Consumer<SchemaChange> listener : listeners) {
            listener.accept(change);
        }
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
}
