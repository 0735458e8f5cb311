package io.cairn.node.schema;

import io.cairn.cql.type.CqlType;
import io.cairn.cql.type.CqlTypes;
import io.cairn.cql.type.NativeType;
import io.cairn.cql.type.SetType;
import io.cairn.cql.type.UserType;
import io.cairn.cql.type.UserTypeLookup;
import io.cairn.storage.StorageEngine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The schema as rows of {@code system_schema.keyspaces/tables/columns/dropped_columns/types/indexes},
 * with Cassandra's column names and values, and back. Both directions are pure functions
 * ({@link #rowsOf}, {@link #keyspacesOf}); storage only holds the rows. So the rows a node loads
 * at start-up and the rows another format carries (the cluster metadata log's entries) are read
 * by the same code, and a field added to the schema model reaches both or neither.
 */
public final class SchemaTables {

    /** The schema tables that hold a keyspace's rows, each partitioned by keyspace_name. */
    public static final List<String> KEYSPACE_TABLES = List.of("keyspaces", "tables", "columns", "dropped_columns",
            "types", "indexes");

    private SchemaTables() {
    }

    /** A digest of the schema's content: equal schemas have equal versions on every node. */
    static UUID version(Collection<KeyspaceMetadata> keyspaces) {
        StringBuilder canonical = new StringBuilder();
        for (KeyspaceMetadata keyspace : new TreeMap<>(byName(keyspaces)).values()) {
            canonical.append(keyspace.name()).append(keyspace.durableWrites()).append(keyspace.replication());
            for (TableMetadata table : keyspace.tables().values()) {
                canonical.append('|').append(table.name()).append(table.id()).append(table.params());
                for (ColumnMetadata column : table.columns()) {
                    canonical.append(column.name()).append(column.kind()).append(column.position())
                            .append(column.type().asCql()).append(column.isDescending());
                }
                for (DroppedColumn dropped : new TreeMap<>(table.droppedColumns()).values()) {
                    canonical.append('-').append(dropped.name()).append(dropped.kind())
                            .append(dropped.type().asCql()).append(dropped.droppedMicros());
                }
                for (IndexMetadata index : table.indexes().values()) {
                    canonical.append('#').append(index.name()).append(index.kind())
                            .append(new TreeMap<>(index.options()));
                }
            }
            for (UserType type : keyspace.types().values()) {
                canonical.append('|').append(type.name()).append(type.fieldNames());
                for (CqlType field : type.fieldTypes()) {
                    canonical.append(field.asCql());
                }
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return UUID.nameUUIDFromBytes(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    private static Map<String, KeyspaceMetadata> byName(Collection<KeyspaceMetadata> keyspaces) {
        Map<String, KeyspaceMetadata> map = new HashMap<>();
        for (KeyspaceMetadata keyspace : keyspaces) {
            map.put(keyspace.name(), keyspace);
        }
        return map;
    }

    /** Rewrites one keyspace's rows in every schema table (deleting them when it is null). */
    static void write(StorageEngine storage, Schema schema, String name, KeyspaceMetadata keyspace, long timestampMicros,
                      long nowSeconds) {
        ByteBuffer key = SchemaRows.text(name);
        for (String tableName : KEYSPACE_TABLES) {
            for (String schemaKeyspace : List.of(SystemKeyspaces.SYSTEM_SCHEMA)) {
                TableMetadata table = schema.table(schemaKeyspace, tableName);
                storage.apply(table.tableId(), SchemaRows.deletePartition(table, key, timestampMicros - 1, nowSeconds));
            }
        }
        if (keyspace == null) {
            return;
        }
        for (Map.Entry<String, List<Map<String, ByteBuffer>>> rows : rowsOf(keyspace).entrySet()) {
            TableMetadata table = schema.table(SystemKeyspaces.SYSTEM_SCHEMA, rows.getKey());
            for (Map<String, ByteBuffer> row : rows.getValue()) {
                storage.apply(table.tableId(), SchemaRows.row(table, row, timestampMicros));
            }
        }
    }

    /**
     * The rows that describe {@code keyspace}: each table of {@link #KEYSPACE_TABLES}, in that
     * order, with its rows, each a map of column name to serialized value (an absent column has
     * no entry, as in storage).
     */
    public static Map<String, List<Map<String, ByteBuffer>>> rowsOf(KeyspaceMetadata keyspace) {
        Map<String, List<Map<String, ByteBuffer>>> rows = new LinkedHashMap<>();
        for (String tableName : KEYSPACE_TABLES) {
            rows.put(tableName, new ArrayList<>());
        }
        ByteBuffer key = SchemaRows.text(keyspace.name());
        Map<String, ByteBuffer> keyspaceRow = new HashMap<>();
        keyspaceRow.put("keyspace_name", key);
        keyspaceRow.put("durable_writes", NativeType.BOOLEAN.decompose(keyspace.durableWrites()));
        keyspaceRow.put("replication", SchemaRows.textMap(keyspace.replication()));
        rows.get("keyspaces").add(keyspaceRow);
        for (TableMetadata table : keyspace.tables().values()) {
            rows.get("tables").add(tableRow(table));
            for (ColumnMetadata column : table.columns()) {
                rows.get("columns").add(columnRow(table, column));
            }
            for (DroppedColumn dropped : new TreeMap<>(table.droppedColumns()).values()) {
                rows.get("dropped_columns").add(droppedColumnRow(table, dropped));
            }
            for (IndexMetadata index : table.indexes().values()) {
                Map<String, ByteBuffer> indexRow = new HashMap<>();
                indexRow.put("keyspace_name", key);
                indexRow.put("table_name", SchemaRows.text(table.name()));
                indexRow.put("index_name", SchemaRows.text(index.name()));
                indexRow.put("kind", SchemaRows.text(index.kind().name()));
                indexRow.put("options", SchemaRows.textMap(new TreeMap<>(index.options())));
                rows.get("indexes").add(indexRow);
            }
        }
        for (UserType type : keyspace.types().values()) {
            Map<String, ByteBuffer> typeRow = new HashMap<>();
            typeRow.put("keyspace_name", key);
            typeRow.put("type_name", SchemaRows.text(type.name()));
            typeRow.put("field_names", SchemaRows.textList(type.fieldNames()));
            List<String> fieldTypes = new ArrayList<>();
            for (CqlType field : type.fieldTypes()) {
                fieldTypes.add(field.asCql());
            }
            typeRow.put("field_types", SchemaRows.textList(fieldTypes));
            rows.get("types").add(typeRow);
        }
        return rows;
    }

    private static Map<String, ByteBuffer> tableRow(TableMetadata table) {
        TableParams p = table.params();
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("keyspace_name", SchemaRows.text(table.keyspace()));
        row.put("table_name", SchemaRows.text(table.name()));
        row.put("id", NativeType.UUID.decompose(table.id()));
        row.put("flags", new SetType(NativeType.TEXT, true).pack(table.isCounter()
                ? List.of(SchemaRows.text("compound"), SchemaRows.text("counter"))
                : List.of(SchemaRows.text("compound"))));
        row.put("comment", SchemaRows.text(p.comment()));
        row.put("default_time_to_live", NativeType.INT.decompose(p.defaultTimeToLiveSeconds()));
        row.put("gc_grace_seconds", NativeType.INT.decompose(p.gcGraceSeconds()));
        row.put("bloom_filter_fp_chance", NativeType.DOUBLE.decompose(p.bloomFilterFpChance()));
        row.put("crc_check_chance", NativeType.DOUBLE.decompose(p.crcCheckChance()));
        row.put("caching", SchemaRows.textMap(new TreeMap<>(p.caching())));
        row.put("compaction", SchemaRows.textMap(new TreeMap<>(p.compaction())));
        row.put("compression", SchemaRows.textMap(new TreeMap<>(p.compression())));
        row.put("speculative_retry", SchemaRows.text(p.speculativeRetry()));
        row.put("additional_write_policy", SchemaRows.text(p.additionalWritePolicy()));
        row.put("read_repair", SchemaRows.text(p.readRepair()));
        row.put("memtable_flush_period_in_ms", NativeType.INT.decompose(p.memtableFlushPeriodMillis()));
        row.put("min_index_interval", NativeType.INT.decompose(p.minIndexInterval()));
        row.put("max_index_interval", NativeType.INT.decompose(p.maxIndexInterval()));
        // As Cassandra does, these columns stay null at their defaults (and memtable, which
        // Cairn does not configure, always): tools read null as the default.
        if (p.cdc()) {
            row.put("cdc", NativeType.BOOLEAN.decompose(true));
        }
        if (!p.allowAutoSnapshot()) {
            row.put("allow_auto_snapshot", NativeType.BOOLEAN.decompose(false));
        }
        if (!p.incrementalBackups()) {
            row.put("incremental_backups", NativeType.BOOLEAN.decompose(false));
        }
        row.put("read_repair_chance", NativeType.DOUBLE.decompose(0.0));
        row.put("dclocal_read_repair_chance", NativeType.DOUBLE.decompose(0.0));
        row.put("extensions", new io.cairn.cql.type.MapType(NativeType.TEXT, NativeType.BLOB, true).pack(List.of()));
        return row;
    }

    private static Map<String, ByteBuffer> columnRow(TableMetadata table, ColumnMetadata column) {
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("keyspace_name", SchemaRows.text(table.keyspace()));
        row.put("table_name", SchemaRows.text(table.name()));
        row.put("column_name", SchemaRows.text(column.name()));
        row.put("column_name_bytes", ByteBuffer.wrap(column.name().getBytes(StandardCharsets.UTF_8)));
        row.put("kind", SchemaRows.text(column.kind().schemaName()));
        row.put("position", NativeType.INT.decompose(column.position()));
        row.put("type", SchemaRows.text(column.type().asCql()));
        row.put("clustering_order", SchemaRows.text(column.kind() != ColumnKind.CLUSTERING ? "none"
                : column.isDescending() ? "desc" : "asc"));
        return row;
    }

    private static Map<String, ByteBuffer> droppedColumnRow(TableMetadata table, DroppedColumn dropped) {
        Map<String, ByteBuffer> row = new HashMap<>();
        row.put("keyspace_name", SchemaRows.text(table.keyspace()));
        row.put("table_name", SchemaRows.text(table.name()));
        row.put("column_name", SchemaRows.text(dropped.name()));
        row.put("dropped_time", NativeType.TIMESTAMP.decompose(java.time.Instant.ofEpochMilli(dropped.droppedMillis())));
        row.put("kind", SchemaRows.text(dropped.kind().schemaName()));
        row.put("type", SchemaRows.text(dropped.type().asCql()));
        return row;
    }

    /** The dropped columns of these rows, by keyspace and table name. */
    private static Map<String, Map<String, DroppedColumn>> droppedOf(List<Map<String, ByteBuffer>> rows,
                                                                    Map<String, KeyspaceMetadata> keyspaces) {
        Map<String, Map<String, DroppedColumn>> dropped = new HashMap<>();
        for (Map<String, ByteBuffer> row : rows) {
            String keyspace = SchemaRows.text(row.get("keyspace_name"));
            if (keyspaces.get(keyspace) == null) {
                continue;
            }
            CqlType type = CqlTypes.parse(SchemaRows.text(row.get("type")), keyspace,
                    (k, n) -> keyspaces.get(k) == null ? null : keyspaces.get(k).types().get(n));
            String name = SchemaRows.text(row.get("column_name"));
            long millis = ((java.time.Instant) NativeType.TIMESTAMP.compose(row.get("dropped_time"))).toEpochMilli();
            dropped.computeIfAbsent(keyspace + "\u0000" + SchemaRows.text(row.get("table_name")), k -> new HashMap<>())
                    .put(name, new DroppedColumn(name, type, ColumnKind.fromSchemaName(SchemaRows.text(row.get("kind"))),
                            DroppedColumn.fromMillis(millis)));
        }
        return dropped;
    }

    /** The keyspaces stored in system_schema (system ones included). */
    static List<KeyspaceMetadata> load(StorageEngine storage, Schema system, long nowSeconds) {
        Map<String, List<Map<String, ByteBuffer>>> rows = new LinkedHashMap<>();
        for (String tableName : KEYSPACE_TABLES) {
            rows.put(tableName, SchemaRows.readAll(storage, system.table(SystemKeyspaces.SYSTEM_SCHEMA, tableName),
                    nowSeconds));
        }
        return keyspacesOf(rows);
    }

    /**
     * The keyspaces that rows of {@link #KEYSPACE_TABLES} describe (as {@link #rowsOf} makes
     * them; a missing table has no rows). As at start-up, rows of a keyspace without its
     * keyspaces row, columns of a table without its tables row and types that do not resolve
     * are left out. Rows not made by {@link #rowsOf} may fail with any runtime exception of the
     * value decoding: whoever takes rows from outside checks what comes back.
     */
    public static List<KeyspaceMetadata> keyspacesOf(Map<String, List<Map<String, ByteBuffer>>> rows) {
        Map<String, KeyspaceMetadata> keyspaces = new TreeMap<>();
        for (Map<String, ByteBuffer> row : rows.getOrDefault("keyspaces", List.of())) {
            String name = SchemaRows.text(row.get("keyspace_name"));
            boolean durable = row.get("durable_writes") == null
                    || (Boolean) NativeType.BOOLEAN.compose(row.get("durable_writes"));
            keyspaces.put(name, new KeyspaceMetadata(name, durable, SchemaRows.textMap(row.get("replication")), Map.of(),
                    Map.of()));
        }
        loadTypes(rows.getOrDefault("types", List.of()), keyspaces);
        Map<String, List<ColumnMetadata>> columns = new HashMap<>();
        for (Map<String, ByteBuffer> row : rows.getOrDefault("columns", List.of())) {
            String keyspace = SchemaRows.text(row.get("keyspace_name"));
            KeyspaceMetadata metadata = keyspaces.get(keyspace);
            if (metadata == null) {
                continue;
            }
            CqlType type = CqlTypes.parse(SchemaRows.text(row.get("type")), keyspace,
                    (k, n) -> keyspaces.get(k) == null ? null : keyspaces.get(k).types().get(n));
            ColumnKind kind = ColumnKind.fromSchemaName(SchemaRows.text(row.get("kind")));
            columns.computeIfAbsent(keyspace + "\u0000" + SchemaRows.text(row.get("table_name")), k -> new ArrayList<>())
                    .add(new ColumnMetadata(SchemaRows.text(row.get("column_name")), kind,
                            (Integer) NativeType.INT.compose(row.get("position")), type,
                            "desc".equals(SchemaRows.text(row.get("clustering_order")))));
        }
        Map<String, Map<String, DroppedColumn>> dropped = droppedOf(rows.getOrDefault("dropped_columns", List.of()),
                keyspaces);
        Map<String, Map<String, IndexMetadata>> indexes = new HashMap<>();
        for (Map<String, ByteBuffer> row : rows.getOrDefault("indexes", List.of())) {
            String keyspace = SchemaRows.text(row.get("keyspace_name"));
            String name = SchemaRows.text(row.get("index_name"));
            indexes.computeIfAbsent(keyspace + "\u0000" + SchemaRows.text(row.get("table_name")), k -> new TreeMap<>())
                    .put(name, new IndexMetadata(name, IndexMetadata.Kind.valueOf(SchemaRows.text(row.get("kind"))),
                            SchemaRows.textMap(row.get("options"))));
        }
        for (Map<String, ByteBuffer> row : rows.getOrDefault("tables", List.of())) {
            String keyspace = SchemaRows.text(row.get("keyspace_name"));
            String name = SchemaRows.text(row.get("table_name"));
            KeyspaceMetadata metadata = keyspaces.get(keyspace);
            List<ColumnMetadata> tableColumns = columns.get(keyspace + "\u0000" + name);
            if (metadata == null || tableColumns == null) {
                continue;
            }
            TableParams params = new TableParams(SchemaRows.text(row.get("comment")),
                    (Integer) NativeType.INT.compose(row.get("default_time_to_live")),
                    (Integer) NativeType.INT.compose(row.get("gc_grace_seconds")),
                    (Double) NativeType.DOUBLE.compose(row.get("bloom_filter_fp_chance")),
                    (Double) NativeType.DOUBLE.compose(row.get("crc_check_chance")),
                    SchemaRows.textMap(row.get("caching")), SchemaRows.textMap(row.get("compaction")),
                    SchemaRows.textMap(row.get("compression")), SchemaRows.text(row.get("speculative_retry")),
                    SchemaRows.text(row.get("additional_write_policy")), SchemaRows.text(row.get("read_repair")),
                    (Integer) NativeType.INT.compose(row.get("memtable_flush_period_in_ms")),
                    (Integer) NativeType.INT.compose(row.get("min_index_interval")),
                    (Integer) NativeType.INT.compose(row.get("max_index_interval")),
                    flag(row.get("cdc"), false), flag(row.get("allow_auto_snapshot"), true),
                    flag(row.get("incremental_backups"), true));
            UUID id = (UUID) NativeType.UUID.compose(row.get("id"));
            keyspaces.put(keyspace, metadata.withTable(new TableMetadata(keyspace, name, id, tableColumns, params,
                    dropped.getOrDefault(keyspace + "\u0000" + name, Map.of()),
                    indexes.getOrDefault(keyspace + "\u0000" + name, Map.of()))));
        }
        return new ArrayList<>(keyspaces.values());
    }

    /**
     * Adds the user types of {@code typeRows} to their keyspaces, each after the types it uses
     * (a type may use types defined before it). A type that does not resolve (it uses a type
     * that is missing or uses it back) is left out. Linear in the types and what they use: a
     * type that meets a type not loaded yet loads that one first, and is tried again.
     */
    private static void loadTypes(List<Map<String, ByteBuffer>> typeRows, Map<String, KeyspaceMetadata> keyspaces) {
        Map<String, Map<String, Map<String, ByteBuffer>>> pending = new LinkedHashMap<>();
        for (Map<String, ByteBuffer> row : typeRows) {
            String keyspace = SchemaRows.text(row.get("keyspace_name"));
            if (keyspaces.containsKey(keyspace)) {
                pending.computeIfAbsent(keyspace, k -> new LinkedHashMap<>()).put(SchemaRows.text(row.get("type_name")),
                        row);
            }
        }
        for (Map.Entry<String, Map<String, Map<String, ByteBuffer>>> keyspaceTypes : pending.entrySet()) {
            String keyspace = keyspaceTypes.getKey();
            Map<String, Map<String, ByteBuffer>> unloaded = keyspaceTypes.getValue();
            for (String first : new ArrayList<>(unloaded.keySet())) {
                Deque<String> waiting = new ArrayDeque<>();
                waiting.push(first);
                while (!waiting.isEmpty()) {
                    Map<String, ByteBuffer> row = unloaded.get(waiting.peek());
                    if (row == null) {
                        waiting.pop();
                        continue;
                    }
                    String[] missing = new String[1];
                    UserTypeLookup loaded = (k, n) -> {
                        UserType type = keyspaces.get(k) == null ? null : keyspaces.get(k).types().get(n);
                        missing[0] = type == null ? n : null;
                        return type;
                    };
                    try {
                        List<CqlType> fieldTypes = new ArrayList<>();
                        for (String type : SchemaRows.textList(row.get("field_types"))) {
                            fieldTypes.add(CqlTypes.parse(type, keyspace, loaded));
                        }
                        keyspaces.put(keyspace, keyspaces.get(keyspace).withType(new UserType(keyspace,
                                SchemaRows.text(row.get("type_name")), SchemaRows.textList(row.get("field_names")),
                                fieldTypes, false)));
                        unloaded.remove(waiting.pop());
                    } catch (RuntimeException unresolved) {
                        if (missing[0] != null && unloaded.containsKey(missing[0]) && !waiting.contains(missing[0])) {
                            waiting.push(missing[0]);
                        } else {
                            unloaded.remove(waiting.pop());
                        }
                    }
                }
            }
        }
    }

    /** A boolean option column, which holds null when the option has its default. */
    private static boolean flag(ByteBuffer value, boolean defaultValue) {
        return value == null ? defaultValue : (Boolean) NativeType.BOOLEAN.compose(value);
    }
}
