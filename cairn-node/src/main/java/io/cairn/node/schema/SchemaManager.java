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
 * drivers read it with ordinary queries and a restart loads it back); {@link TableStorage} makes
 * this node's storage match. On a node of a cluster the schema follows the cluster metadata log
 * ({@link #follow}, for each entry applied); a node on its own changes it directly
 * ({@link #apply}, which a node of a cluster must never call: the next entry followed would
 * undo the change).
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
    private final List<Consumer<Schema>> storageFollowers = new CopyOnWriteArrayList<>();
    private volatile Schema current = new Schema(Map.of(), new UUID(0, 0));
    /** The last epoch of the cluster metadata log followed, and its schema's version. Guarded by this. */
    private long followedEpoch;
    private UUID followedVersion;
    /** The cluster's data centers, which NetworkTopologyStrategy's default factor applies to. */
    private volatile Supplier<Set<String>> dataCenters = () -> Set.of(DEFAULT_DATA_CENTER);

    public SchemaManager(StorageEngine storage, Clock clock, RandomGenerator random, StatementParser parser) {
        this(storage, clock, random, parser, false);
    }

    /**
     * @param purgeAfterRepair whether the tombstones of user tables wait, past gc grace, for a
     *                         repair that covers them before they are purged (automatic repair
     *                         is on); system tables purge on gc grace alone
     */
    public SchemaManager(StorageEngine storage, Clock clock, RandomGenerator random, StatementParser parser,
                         boolean purgeAfterRepair) {
        this.parser = parser;
        this.transformer = new DdlTransformer(clock, random);
        this.store = new SchemaStore(storage, clock);
        this.tables = new TableStorage(storage, purgeAfterRepair);
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
     * Called with every schema about to become current, in order, under this manager's lock:
     * after storage has the tables (and index tables) it creates, before it drops those it drops.
     * For what must change with storage itself (which secondary indexes writes keep).
     */
    public void addStorageFollower(Consumer<Schema> follower) {
        storageFollowers.add(follower);
    }

    /**
     * Tells the storage followers the schema about to be current, once storage has what it
     * creates and before it loses what it drops, under this manager's lock (so in order).
     */
    private void storageFollows(Schema next) {
        for (Consumer<Schema> follower : storageFollowers) {
            follower.accept(next);
        }
    }

    /**
     * Called on the dropping thread once a table's storage is dropped here, whether the DROP ran
     * on this node or came from another (a table re-created under the same name since counts as
     * dropped): for state kept by table name outside the table, which must not outlive it.
     */
    public void addTableDropListener(Consumer<TableId> listener) {
        tables.addDropListener(listener);
    }

    /**
     * What {@code statement} does to {@code base} (the user keyspaces the cluster metadata log
     * decided, this node's system keyspaces added): null when IF [NOT] EXISTS makes it a no-op;
     * throws the statement's CQL error when it is refused.
     */
    public DdlTransformer.Edit edit(Statement statement, String sessionKeyspace, Schema base) {
        return transformer.edit(statement, sessionKeyspace, withSystemKeyspaces(base), dataCenters);
    }

    /** The user keyspaces of the current schema (what the cluster metadata log starts with on the first node). */
    public Schema userSchema() {
        return Schema.of(keyspaces(current, false));
    }

    /** {@code decided}'s user keyspaces with this node's system keyspaces. */
    private Schema withSystemKeyspaces(Schema decided) {
        Map<String, KeyspaceMetadata> keyspaces = keyspaces(current, true);
        keyspaces.putAll(keyspaces(decided, false));
        return Schema.of(keyspaces);
    }

    /** The system keyspaces of {@code schema}, or its user keyspaces. */
    private static Map<String, KeyspaceMetadata> keyspaces(Schema schema, boolean system) {
        Map<String, KeyspaceMetadata> keyspaces = new HashMap<>();
        schema.keyspaces().forEach((name, keyspace) -> {
            if (SystemKeyspaces.isSystem(name) == system) {
                keyspaces.put(name, keyspace);
            }
        });
        return keyspaces;
    }

    /**
     * Makes this node's user keyspaces those of {@code decided}, the schema of the cluster
     * metadata log at {@code epoch}: storage first for what is created or altered (a created
     * table is visible only once its column family exists; a table created again under a
     * dropped one's name gets new storage), then the {@code system_schema} rows (drivers read
     * them; a restart loads them back), then the storage of dropped tables goes. Epochs only
     * move forward: a schema of an epoch at or before the last one followed changes nothing, so
     * the log's listener and a statement's own catch-up may both call this, in any order. A
     * call that throws leaves the epoch followed where it was, and the next call tries again.
     *
     * @param change the change the entry records, announced; null to announce each keyspace
     *               that differs as a keyspace change
     */
    public void follow(Schema decided, long epoch, SchemaChange change) {
        List<SchemaChange> changes = new ArrayList<>();
        synchronized (this) {
            if (epoch <= followedEpoch) {
                return;
            }
            if (decided.version().equals(followedVersion)) {
                followedEpoch = epoch;
                return;
            }
            Schema next = withSystemKeyspaces(decided);
            List<TableMetadata> dropped = new ArrayList<>();
            for (KeyspaceMetadata before : current.keyspaces().values()) {
                if (!SystemKeyspaces.isSystem(before.name())) {
                    dropped.addAll(TableStorage.dropped(before, next.keyspace(before.name())));
                }
            }
            for (TableMetadata table : dropped) {
                if (next.table(table.keyspace(), table.name()) != null) {
                    tables.drop(table);
                }
            }
            for (KeyspaceMetadata after : next.keyspaces().values()) {
                KeyspaceMetadata before = current.keyspace(after.name());
                if (!after.equals(before)) {
                    TableStorage.altered(before, after).forEach(tables::storeOptions);
                    TableStorage.created(before, after).forEach(tables::storeOptions);
                }
            }
            storageFollows(next);
            for (KeyspaceMetadata after : next.keyspaces().values()) {
                KeyspaceMetadata before = current.keyspace(after.name());
                if (!after.equals(before)) {
                    TableStorage.altered(before, after).forEach(tables::dropIndexesNoLongerDefined);
                }
            }
            for (KeyspaceMetadata before : current.keyspaces().values()) {
                if (next.keyspace(before.name()) == null) {
                    store.write(next, before.name(), null);
                    changes.add(SchemaChange.keyspace(SchemaChange.Change.DROPPED, before.name()));
                }
            }
            for (KeyspaceMetadata after : next.keyspaces().values()) {
                KeyspaceMetadata before = current.keyspace(after.name());
                if (!after.equals(before)) {
                    store.write(next, after.name(), after);
                    changes.add(SchemaChange.keyspace(before == null ? SchemaChange.Change.CREATED
                            : SchemaChange.Change.UPDATED, after.name()));
                }
            }
            current = next;
            for (TableMetadata table : dropped) {
                if (next.table(table.keyspace(), table.name()) == null) {
                    tables.drop(table);
                }
            }
            followedEpoch = epoch;
            followedVersion = decided.version();
            if (changes.isEmpty()) {
                return;
            }
        }
        if (change != null) {
            announce(change);
        } else {
            changes.forEach(this::announce);
        }
    }

    /** The epoch of the cluster metadata log whose schema this node has (0 before the first). */
    public synchronized long followedEpoch() {
        return followedEpoch;
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
     * Applies a DDL statement on a node on its own: {@link DdlTransformer} checks it and
     * computes the keyspace it leaves. An altered table's storage options change before its rows are written,
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
        Schema next = write(edit.keyspace(), after);
        if (after != null) {
            TableStorage.created(before, after).forEach(tables::storeOptions);
        }
        storageFollows(next);
        if (after != null) {
            TableStorage.altered(before, after).forEach(tables::dropIndexesNoLongerDefined);
        }
        current = next;
        if (before != null) {
            TableStorage.dropped(before, after).forEach(tables::drop);
        }
        announce(edit.change());
        return edit.change();
    }

    /**
     * Writes the schema rows of {@code keyspace} (null: dropped). Returns the schema the change
     * makes; the caller makes it current.
     */
    private Schema write(String keyspaceName, KeyspaceMetadata keyspace) {
        Map<String, KeyspaceMetadata> keyspaces = new HashMap<>(current.keyspaces());
        if (keyspace == null) {
            keyspaces.remove(keyspaceName);
        } else {
            keyspaces.put(keyspaceName, keyspace);
        }
        Schema next = Schema.of(keyspaces);
        store.write(next, keyspaceName, keyspace);
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
